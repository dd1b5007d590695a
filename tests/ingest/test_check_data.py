"""`enquete check` reads every delivered file of every wave, as the build's ingest stage does,
and refuses a bad one with the build's own message — without building or writing anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.cli import main
from tests.projects import mini_project

CORRUPTIONS = {  # file, text in it, replacement: each a class of bad delivered data
    "unknown code": ("online.csv", "Anna Aalders,1,", "Anna Aalders,7,"),
    "unknown gemeente": ("online.csv", "\n12,Beedorp,", "\n12,Beekdorp,"),
    "unreadable date": ("online.csv", "2017-10-05", "5 okt"),
    "unknown coder code": ("codering.csv", "12.t_knelpunten,toegang.geld", "12.t_knelpunten,toegang.gelt"),
    "unknown example answer": ("voorbeelden.csv", "11.t_voorbeelden", "19.t_voorbeelden"),
    "phone file cut in two": ("telefonisch.csv", "Een detail.,", "Een detail.,,"),
}


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project, with what `check` requires besides the data (mkdocs.yml, templates)."""
    project = mini_project(tmp_path / "project")
    monkeypatch.chdir(project)
    return project


def corrupt(name: str) -> None:
    file, old, new = CORRUPTIONS[name]
    text = Path(file).read_text(encoding="utf-8")
    assert old in text, old
    Path(file).write_text(text.replace(old, new, 1), encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(["--config", "config.yaml", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_valid_data_passes_and_nothing_is_written(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(path.relative_to(mini) for path in mini.rglob("*"))
    status, out, _ = run(capsys, "check")
    assert status == 0, _
    assert "Configuration, codebooks and the delivered data are valid: waves 2017" in out
    assert sorted(path.relative_to(mini) for path in mini.rglob("*")) == before


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_bad_data_is_refused_with_the_ingest_stages_message(
    mini: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    corrupt(name)
    assert run(capsys, "check", "--no-data")[0] == 0  # the quick check cannot see it
    status, _, checked = run(capsys, "check")  # checking the data is the default
    assert status == 1 and checked.startswith("Input refused")
    assert run(capsys, "check", "--data")[2] == checked
    stage_status, _, stage = run(capsys, "ingest", "--wave", "2017")
    assert stage_status == 1
    assert checked == stage


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.integers(min_value=3, max_value=99).filter(lambda code: code != 9))
def test_any_code_outside_the_scale_is_refused_by_row_column_and_value(
    mini: Path, capsys: pytest.CaptureFixture[str], code: int
) -> None:
    original = (mini / "online.csv").read_text(encoding="utf-8")
    try:
        (mini / "online.csv").write_text(
            original.replace("Bert Bakker,2,", f"Bert Bakker,{code},"), encoding="utf-8"
        )
        status, _, message = run(capsys, "check")
        assert status == 1
        assert f"online.csv, row 3, column 't_status': value not allowed; found '{code}'" in message
    finally:
        (mini / "online.csv").write_text(original, encoding="utf-8")


def test_the_build_refuses_with_the_same_message(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    os.chdir(project)
    try:
        corrupt("unknown code")
        environment = {**os.environ, "ENQUETE_CHROMIUM": "off"}
        arguments = [sys.executable, "-m", "enquete", "--config", "config.yaml"]
        check = subprocess.run(
            [*arguments, "check", "--data"], capture_output=True, text=True, env=environment
        )
        build = subprocess.run(
            [*arguments, "build", "--directory", str(project)],
            capture_output=True,
            text=True,
            env=environment,
        )
    finally:
        os.chdir(tmp_path)
    assert check.returncode == 1 and build.returncode == 1
    assert "online.csv, row 2, column 't_status': value not allowed; found '7'" in check.stderr
    assert check.stderr.strip() in build.stderr + build.stdout
