"""A 2021 wave started from copies of the 2019 data and text, with one answer changed."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, PROJECT
from tests.workflow.test_waves import NEW_WAVE

TOEGANG = """Over de toegang.

## Tegen welke knelpunten lopen gemeenten aan?

Nu herkennen {{ cijfer("toegang.status") }} centrumgemeenten A. In 2017 was dat
{{ vorige("toegang.status") }}.

Bij de nulmeting herkenden {{ vorige("huisvesting.woning") }} centrumgemeenten B.
Te weinig woningen zien {{ cijfer("huisvesting.woning") }} centrumgemeenten.
"""


def enquete(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", "--config", "config.yaml", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"ENQUETE_CHROMIUM": "off"},
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2017 and 2019 built with the 2019 text; then 2021 from copies of 2019, one answer changed."""
    project = tmp_path_factory.mktemp("copied") / "project"
    shutil.copytree(FIXTURES / "mini", project)
    for name in ("Snakefile", "mkdocs.yml", "config/kwantoren.yaml", "config/veranderwoorden.yaml"):
        (project / name).parent.mkdir(exist_ok=True)
        shutil.copy2(PROJECT / name, project / name)
    shutil.copytree(PROJECT / "templates", project / "templates")
    shutil.copytree(FIXTURES / "mini-wave", project / "2019")
    with (project / "config.yaml").open("a", encoding="utf-8") as config:
        config.write(NEW_WAVE)
    (project / "tekst/2019").mkdir(parents=True)
    (project / "tekst/2019/toegang.md").write_text(TOEGANG, encoding="utf-8")
    first = enquete(project, "build")
    assert first.returncode == 0, first.stderr  # the 2019 text is right for 2019

    shutil.copytree(project / "2019", project / "2021")
    answers = project / "2021/online.csv"
    rows = list(csv.DictReader(answers.open(encoding="utf-8")))
    assert rows[2]["gemeente"] == "Eewolde" and rows[2]["t_status"] == "2"
    rows[2]["t_status"] = "1"  # the one changed answer: toegang.status 2 van 3 → 3 van 3
    with answers.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    started = enquete(project, "tekst", "nieuw", "--wave", "2021")
    assert started.returncode == 0, started.stderr
    with (project / "config.yaml").open("a", encoding="utf-8") as config:
        config.write(NEW_WAVE.replace("2019", "2021").replace("2020-03-01", "2022-03-01"))
    (project / "tekst/2023").mkdir()
    (project / "tekst/2023/toegang.md").write_text("Later.\n", encoding="utf-8")
    return project


@pytest.mark.slow
def test_the_final_build_refuses_every_stale_sentence_and_every_mislabelled_year(project: Path) -> None:
    site = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    result = enquete(project, "build")
    assert result.returncode == 1
    message = result.stderr
    assert "Input refused: 4 problems found." in message, message
    assert (
        "tekst/2021/toegang.md, line 5: copied unedited from 2019, but its figures changed "
        "(toegang.status: 2 van 3 → 3 van 3); found 'Nu herkennen 3 van 3 centrumgemeenten A.'"
    ) in message
    assert (
        "tekst/2021/toegang.md, line 5: '2017' names the wave 2017, but the reference nearest to it, "
        '{{ vorige("toegang.status") }}, shows the 2019 figure'
    ) in message
    assert "tekst/2021/toegang.md, line 8: 'nulmeting' names the wave 2017" in message
    assert (
        "tekst/2021/toegang.md, line 8: copied unedited from 2019, but its figures changed "
        "(huisvesting.woning: 1 van 3 → 2 van 3)"
    ) in message
    assert "Te weinig woningen" not in message  # its figure did not move
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == site


@pytest.mark.slow
def test_the_concept_build_publishes_with_marks_and_lists_them(project: Path) -> None:
    result = enquete(project, "build", "--concept")
    assert result.returncode == 0, result.stderr
    page = (project / "site/toegang.html").read_text(encoding="utf-8")
    mark = '<mark class="te-herschrijven">3 van 3 <small>(te herschrijven)</small></mark>'
    assert f"Nu herkennen {mark}" in page
    assert 'In 2017 was dat <mark class="te-herschrijven">2 van 3 <small>(te herschrijven)' in page
    assert "Te weinig woningen zien 2 van 3 centrumgemeenten." in page
    listed = (project / "report/tekst/2021/te-herschrijven.txt").read_text(encoding="utf-8").splitlines()
    assert len(listed) == 4, listed  # two sentences whose figures moved, two mislabelled years
    assert listed[0].startswith("tekst/2021/toegang.md, line 5: toegang.status: 2 van 3 → 3 van 3")
    assert "(bevestigen: toegang.md#" in listed[0]
    assert "tekst/2023/ hoort bij geen meting van de configuratie" in result.stdout


@pytest.mark.slow
def test_a_confirmed_sentence_publishes_in_a_final_build(project: Path) -> None:
    listed = (project / "report/tekst/2021/te-herschrijven.txt").read_text(encoding="utf-8")
    key = listed.split("(bevestigen: ")[1].split(")")[0]
    origin = project / "tekst/2021/herkomst.yaml"
    origin.write_text(origin.read_text(encoding="utf-8") + f"bevestigd:\n  - {key}\n", encoding="utf-8")
    text = project / "tekst/2021/toegang.md"
    text.write_text(
        text.read_text(encoding="utf-8")
        .replace("In 2017 was dat", 'In {{ vorige_jaar("toegang.status") }} was dat')
        .replace("Bij de nulmeting herkenden {{ vorige(", "Bij de nulmeting herkenden {{ nulmeting("),
        encoding="utf-8",
    )
    result = enquete(project, "build")
    assert result.returncode == 0, result.stderr
    page = (project / "site/toegang.html").read_text(encoding="utf-8")
    assert "Nu herkennen 3 van 3 centrumgemeenten A. In 2019 was dat 2 van 3." in page
    assert "te-herschrijven" not in page
