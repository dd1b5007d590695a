"""The build says what it made: progress per step while it runs, and a closing summary."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

from enquete.publish.browser import find_chromium
from tests.projects import NO_PDF, command, mini_project
from tests.projects import build_mini as build


def ledger_rows(project: Path) -> int:
    with (project / "analysis/2017/figures.csv").open(encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    project = mini_project(tmp_path_factory.mktemp("summary") / "project")
    result = build(project, pdf=True)  # the summary counts the PDFs
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result.stdout, result.stderr


@pytest.mark.slow
def test_each_step_is_announced_and_counted_while_it_runs(mini_build: tuple[Path, str, str]) -> None:
    _, _, progress = mini_build
    assert "Wave 2017: reading, validating and pseudonymising the answers" in progress
    assert "Building the site, checking it before publication, printing the PDFs" in progress
    assert "6 of 6 steps (100%) done" in progress
    assert "input:" not in progress  # not the rule's thirty input files per step


@pytest.mark.slow
def test_the_summary_names_waves_figures_pages_pdfs_and_the_page_to_open(
    mini_build: tuple[Path, str, str],
) -> None:
    project, summary, _ = mini_build
    lines = summary.splitlines()
    closing = lines[lines.index(next(line for line in lines if line.startswith("Built in"))) :]
    assert "5 steps run" in closing[0]
    assert closing[1] == "Waves: 2017 (the report)"
    assert closing[2].startswith(
        f"Figures: {ledger_rows(project)} in the ledgers (2017: {ledger_rows(project)})"
    )
    pages = len(list((project / "site").rglob("*.html")))
    pdfs = sorted((project / "site").rglob("*.pdf"))
    assert closing[3].startswith(f"Pages: {pages}; PDFs: {len(pdfs)}")
    if find_chromium() is None:
        assert not pdfs and "no PDF: Chromium was not found" in summary
    else:
        assert pdfs
    # the mini coder left "Krapte speelt niet." at `geen` although the keyword matches: to review
    assert closing[4] == "Coding review (keyword suggests a code no coder gave), answers open: 2017: 1"
    warnings = closing[closing.index(next(line for line in closing if line.startswith("Warnings"))) :]
    assert warnings[0] == ("Warnings: 2" if pdfs else "Warnings: 3")  # the mini project has no tekst/
    assert "  - wave 2017: no text in tekst/2017/ — the report has no Aanleiding and no Tot slot" in summary
    review = "  - 2017: 1 coded answers contain a keyword of a code no coder gave (T01.h_knelpunten)"
    assert review in warnings[1]
    assert closing[-1] == f"Open {project}/site/index.html in a browser."


@pytest.mark.slow
def test_a_rerun_says_nothing_was_rebuilt_and_still_summarises(mini_build: tuple[Path, str, str]) -> None:
    project, first, _ = mini_build
    again = build(project, pdf=True)
    assert again.returncode == 0, again.stderr
    assert "Nothing to rebuild: no input changed since the last build." in again.stdout
    assert again.stdout.splitlines()[-5:] == first.splitlines()[-5:]


@pytest.mark.slow
def test_a_concept_build_warns_about_figures_not_finally_coded(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    coding = project / "codering.csv"
    lines = coding.read_text(encoding="utf-8").splitlines(keepends=True)
    coding.write_text(
        "".join(line for line in lines if not line.startswith("12.t_knelpunten")), encoding="utf-8"
    )
    result = subprocess.run(
        [*command(project), "--concept"], capture_output=True, text=True, check=False, env=NO_PDF
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with (project / "analysis/2017/figures.csv").open(encoding="utf-8") as handle:
        provisional = sum(1 for row in csv.DictReader(handle) if row["final"] == "nee")
    assert provisional > 0
    assert (
        f"  - 2017: concept — {provisional} figures depend on answers not finally coded "
        "(analysis/2017/nog_te_coderen.csv)"
    ) in result.stdout.splitlines()
