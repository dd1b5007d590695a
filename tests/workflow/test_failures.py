"""A failing or killed build never leaves half-built outputs behind."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.projects import build_mini as build
from tests.projects import checksums, command, copy_built, mini_project

__all__ = ["build", "command", "mini_project"]  # as other test modules import them


@pytest.fixture
def built_mini(shared_mini: Path, tmp_path: Path) -> Path:
    return copy_built(shared_mini, tmp_path / "project")


@pytest.mark.slow
def test_a_failing_build_leaves_every_previous_output_as_it_was(built_mini: Path) -> None:
    before = checksums(built_mini)
    raw = {p: p.read_bytes() for p in built_mini.glob("*.csv")}
    # A coding mistake is only found by the ingest step, after Snakemake has started.
    codes = built_mini / "codering.csv"
    codes.write_text(
        codes.read_text(encoding="utf-8") + "11.t_voorbeelden,toegang.onbekend,,\n", encoding="utf-8"
    )
    result = build(built_mini)
    assert result.returncode == 1
    assert "unknown code" in result.stderr
    assert "are as they were before it" in result.stderr
    assert checksums(built_mini) == before
    assert not (built_mini / ".enquete-previous").exists()
    assert {p: p.read_bytes() for p in built_mini.glob("*.csv") if p.name != "codering.csv"} == {
        p: b for p, b in raw.items() if p.name != "codering.csv"
    }
    # Running again with the same bad input must fail again, not serve the old outputs.
    again = build(built_mini)
    assert again.returncode == 1 and "unknown code" in again.stderr


@pytest.mark.slow
def test_a_killed_build_is_recovered_by_the_next_one(built_mini: Path) -> None:
    before = checksums(built_mini)
    (built_mini / "online.csv").write_text(
        (built_mini / "online.csv").read_text(encoding="utf-8").replace("Grote krapte.", "Grote krapte!"),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        command(built_mini), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while not (built_mini / ".enquete-previous" / "complete").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # let Snakemake start removing and writing outputs
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    again = build(built_mini)
    assert again.returncode == 0, again.stderr
    assert not (built_mini / ".enquete-previous").exists()
    after = checksums(built_mini)
    assert set(after) == set(before)
    answers = (built_mini / "processed/2017/open_antwoorden.csv").read_text(encoding="utf-8")
    assert "Grote krapte!" in answers
