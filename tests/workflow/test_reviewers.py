"""What reviewers rely on: byte-identical builds anywhere, provenance, and `enquete diff`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from enquete.workflow.diff import Run, compare_runs, format_report
from tests.conftest import FIXTURES, PROJECT
from tests.projects import NO_PDF
from tests.workflow.test_end_to_end import build, checksums, copy_project


def enquete(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", *args], cwd=cwd, capture_output=True, text=True, check=False,
        env=NO_PDF,  # `diff --git` builds each revision: its figures are compared, not its PDF
    )  # fmt: skip


@pytest.fixture(scope="module")
def two_builds(shared_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo data built in two unrelated directories (the shared build is the first)."""
    second = copy_project(tmp_path_factory.mktemp("two") / "deeper" / "b")
    result = build(second, pdf=True)  # as the shared build: the PDFs are compared too
    assert result.returncode == 0, result.stderr
    return shared_demo, second


def test_two_builds_in_different_directories_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    sums = checksums(first)
    assert sums == checksums(second)
    assert any(name.startswith("site/") for name in sums) and any(
        name.startswith("processed/") for name in sums
    )
    for path in (first / "site").rglob("*.html"):
        assert str(first) not in path.read_text(encoding="utf-8"), path


def test_the_manifest_records_inputs_codebooks_and_libraries(two_builds: tuple[Path, Path]) -> None:
    manifest = json.loads((two_builds[0] / "analysis/manifest.json").read_text(encoding="utf-8"))
    files = {record["file"] for record in manifest["inputs"]}
    assert {
        "raw/2017/enquete_online.sav",
        "raw/2019/export_enquete_2019.xlsx",
        "codebook/codebook.yaml",
        "config/config.yaml",
        "raw/population.csv",
    } <= files
    assert all(len(record["sha256"]) == 64 for record in manifest["inputs"])
    assert manifest["waves"]["2019"]["codebook"]["file"] == "codebook/codebook-2019.yaml"
    assert manifest["libraries"]["pandas"] and manifest["project"]["version"]
    assert manifest["project"]["git_commit"] == ""  # a copy outside git has no commit
    page = (two_builds[0] / "site/verantwoording.html").read_text(encoding="utf-8")
    assert "Herkomst van de cijfers" in page and "raw/2019/export_enquete_2019.xlsx" in page


@pytest.mark.slow
def test_a_run_against_itself_has_no_differences(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    result = enquete("diff", str(first), str(second))
    assert result.returncode == 0
    assert result.stdout == f"Geen verschillen tussen {first} en {second}.\n"


@pytest.mark.slow
def test_one_changed_answer_shows_exactly_the_figures_it_feeds(
    two_builds: tuple[Path, Path], tmp_path: Path
) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(two_builds[0], changed, ignore=shutil.ignore_patterns(".snakemake"))
    answers = changed / "raw/2019/telefonisch.csv"
    lines = answers.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    column = header.index("t_verblijfsstatus")
    row = next(i for i, line in enumerate(lines) if line.startswith("T02,"))
    cells = lines[row].split(",")
    assert cells[column] == "2"  # Hazelbeek did not recognise it ...
    cells[column] = "1"  # ... and now does
    lines[row] = ",".join(cells)
    answers.write_text("".join(lines), encoding="utf-8")
    assert build(changed, pdf=True).returncode == 0  # as the build it is compared with

    sections = {s.title: s.lines for s in compare_runs(Run(two_builds[0]), Run(changed))}
    assert sections["Cijfers gewijzigd"] == ["2019 toegang.verblijfsstatus: 12 van 23 → 13 van 23"]
    assert sections["Invoerbestanden"] == ["gewijzigd: raw/2019/telefonisch.csv"]
    others = [title for title, lines in sections.items() if lines]
    assert others == ["Cijfers gewijzigd", "Invoerbestanden"]

    result = enquete("diff", "--format", "markdown", str(two_builds[0]), str(changed))
    assert result.returncode == 1
    assert "### Cijfers gewijzigd (1)" in result.stdout
    assert "- 2019 toegang.verblijfsstatus: 12 van 23 → 13 van 23" in result.stdout


def test_diff_refuses_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    result = enquete("diff", str(tmp_path), str(tmp_path))
    assert result.returncode == 2
    assert "is not the output of a build" in result.stderr


def git(repository: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repository), *args], check=True, capture_output=True)


@pytest.mark.slow
def test_diff_of_two_git_revisions(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repository)
    for name in ("Snakefile", "mkdocs.yml"):
        shutil.copy2(PROJECT / name, repository / name)
    shutil.copytree(PROJECT / "templates", repository / "templates")
    git(repository, "init", "-q")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "eerste")
    codes = repository / "codering.csv"
    codes.write_text(
        codes.read_text(encoding="utf-8").replace(
            "11.h_knelpunten,huisvesting.krapte,,", "11.h_knelpunten,geen,,"
        ),
        encoding="utf-8",
    )
    git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "tweede")

    result = enquete("--config", "config.yaml", "diff", "--git", "HEAD~1", "HEAD", cwd=repository)
    assert result.returncode == 1, result.stderr
    assert "2017 huisvesting.krapte: 1 van 3 → 0 van 3" in result.stdout
    assert "gewijzigd: codering.csv" in result.stdout
    same = enquete("--config", "config.yaml", "diff", "--git", "HEAD", "HEAD", cwd=repository)
    assert same.returncode == 0 and "Geen verschillen" in same.stdout


def test_report_formats() -> None:
    from enquete.workflow.diff import Section

    sections = [Section("Cijfers gewijzigd", ["2017 a: 1 van 2 → 2 van 2"]), Section("Citaten")]
    assert format_report(sections, "x", "y") == (
        "Verschillen tussen x en y:\n\nCijfers gewijzigd (1):\n  2017 a: 1 van 2 → 2 van 2\n"
    )
    assert "### Cijfers gewijzigd (1)" in format_report(sections, "x", "y", markdown=True)
