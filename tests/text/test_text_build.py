"""Researcher text through the whole build, on the small hand-made project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from enquete.errors import InputError
from tests.projects import mini_project

TOEGANG = """Over de toegang.

## Tegen welke knelpunten lopen gemeenten aan?

De meeste centrumgemeenten ({{ cijfer("toegang.status") }}) herkennen A.[^1]

[^1]: Een voetnoot.
"""
AANLEIDING = """Waarom deze enquête er is.

## De rapporten

Beide rapporten uit 2016.

### Een subkop

Meer tekst.
"""


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", "--config", "config.yaml", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"ENQUETE_CHROMIUM": "off"},  # no PDF: this is about the pages
    )


def write(project: Path, page: str, text: str) -> None:
    path = project / "tekst/2017" / f"{page}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("text") / "project"
    mini_project(project, word_tables=True)
    write(project, "toegang", TOEGANG)
    write(project, "aanleiding", AANLEIDING)
    write(project, "tot-slot", "## Wat nu\n\nDe volgende meting laat zien wat er veranderde.\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def page(project: Path, name: str) -> str:
    return (project / "site" / name).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_text_is_on_its_pages_chapters_and_print_version(project: Path) -> None:
    toegang = page(project, "toegang.html")
    assert "De meeste centrumgemeenten (2 van 3) herkennen A." in toegang
    assert toegang.index("Over de toegang.") < toegang.index('<h2 id="wat-vonden-de-rapporten">')
    assert toegang.index('<h2 id="tegen-welke-knelpunten') < toegang.index("De meeste centrumgemeenten")
    assert 'id="toegang-knelpunten-fn-1"' in toegang
    aanleiding = page(project, "aanleiding.html")
    assert "1. Aanleiding" in aanleiding and "Beide rapporten uit 2016." in aanleiding
    assert 'id="een-subkop"' in aanleiding  # a heading the table of contents lists
    index = page(project, "index.html")
    assert index.index('href="aanleiding.html"') < index.index('href="aanpak.html"')
    assert index.index('href="toegang.html"') < index.index('href="tot-slot.html"')
    assert "4. Tot slot" in page(project, "tot-slot.html")
    printed = page(project, "printversie.html")
    assert "Waarom deze enquête er is." in printed and "De meeste centrumgemeenten (2 van 3)" in printed
    sentences = (project / "report/tekst/2017/tekst-cijfers.csv").read_text(encoding="utf-8")
    assert "tekst/2017/toegang.md,5,De meeste centrumgemeenten (2 van 3) herkennen A." in sentences
    missing = (project / "report/tekst/2017/ontbrekende-tekst.txt").read_text(encoding="utf-8")
    assert "tekst/2017/huisvesting.md: geen tekst onder '## Wat vonden de rapporten?'" in missing
    assert "tekst/2017/aanpak.md: geen tekst\n" in missing
    assert "tekst/2017/toegang.md: geen inleiding" not in missing


@pytest.mark.slow
def test_an_edited_text_reruns_only_render_and_site(project: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (project / "analysis").rglob("*.csv")}
    write(project, "toegang", TOEGANG.replace("herkennen A.", "herkennen knelpunt A."))
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "herkennen knelpunt A." in page(project, "toegang.html")
    assert {p: p.stat().st_mtime_ns for p in (project / "analysis").rglob("*.csv")} == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Drie centrumgemeenten herkennen A.\n",
            "tekst/2017/toegang.md, line 1: a count is typed, not referenced",
        ),
        (
            'Vrijwel alle gemeenten ({{ cijfer("toegang.status") }}) herkennen A.\n',
            "tekst/2017/toegang.md, line 1: 'Vrijwel alle gemeenten' does not fit "
            "toegang.status = 2 van 3 (67 %)",
        ),
        (
            'Zie {{ cijfer("toegang.onbekend") }}.\n',
            "tekst/2017/toegang.md, line 1: unknown figure 'toegang.onbekend'",
        ),
    ],
)
def test_a_refused_text_stops_the_build_and_keeps_the_site(project: Path, text: str, message: str) -> None:
    shown = page(project, "toegang.html")
    write(project, "toegang", text)
    try:
        result = build(project)
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert page(project, "toegang.html") == shown
    finally:
        write(project, "toegang", TOEGANG)


@pytest.mark.slow
def test_the_preview_replaces_only_the_text_of_the_saved_page(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enquete.config import load_config
    from enquete.workflow.preview import Preview

    monkeypatch.chdir(project)
    report = {p: p.read_bytes() for p in (project / "report").rglob("*") if p.is_file()}
    preview = Preview(load_config("config.yaml"), Path("analysis"), Path("templates"))
    preview.render_all()
    page = project / ".preview/report/docs/toegang.md"
    generated = page.read_text(encoding="utf-8").split("<!-- tekst toegang knelpunten -->")[0]
    write(project, "toegang", TOEGANG.replace("herkennen A.", "herkennen nu A."))
    assert preview.refresh(Path("tekst/2017/toegang.md")) == "tekst/2017/toegang.md: page updated."
    updated = page.read_text(encoding="utf-8")
    assert "De meeste centrumgemeenten (2 van 3) herkennen nu A." in updated
    assert updated.startswith(generated)  # the generated page around the text is as it was
    write(project, "toegang", "Tien gemeenten.\n")
    with pytest.raises(InputError, match="a count is typed, not referenced"):
        preview.refresh(Path("tekst/2017/toegang.md"))
    assert page.read_text(encoding="utf-8") == updated
    write(project, "toegang", TOEGANG)
    assert {p: p.read_bytes() for p in (project / "report").rglob("*") if p.is_file()} == report


@pytest.mark.slow
def test_starting_the_next_waves_text(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "enquete", "--config", "config.yaml", "tekst", "nieuw", "--wave", "2019"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "3 text files copied from 2017" in result.stdout
    assert (project / "tekst/2019/toegang.md").read_text(encoding="utf-8") == TOEGANG
    assert 'bron: "2017"' in (project / "tekst/2019/herkomst.yaml").read_text(encoding="utf-8")
    again = subprocess.run(
        [sys.executable, "-m", "enquete", "--config", "config.yaml", "tekst", "nieuw", "--wave", "2019"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1 and "already holds text" in again.stderr
    shutil.rmtree(project / "tekst/2019")
