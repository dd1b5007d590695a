"""`enquete build --watch` puts the site live before its PDFs; the PDFs follow, and the
site it leaves is the site a plain build makes."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from enquete.workflow.summary import NOTHING_TO_DO
from tests.projects import build_mini, checksums, mini_project
from tests.workflow.test_watch import Watcher

FOLLOW = "PDFs follow the site, printing now:"
PRINTING = "Printing the PDFs that follow the site:"
PDFS = ("site/downloads/rapport-2017.pdf", "site/downloads/bijlage-2017.pdf")


def edit_example(project: Path, new: str) -> None:
    examples = project / "voorbeelden.csv"
    examples.write_text(
        examples.read_text(encoding="utf-8").replace("Voorbeeld Aastad", new, 1), encoding="utf-8"
    )


def position(lines: list[str], start: str) -> int:
    found = [number for number, line in enumerate(lines) if line.startswith(start)]
    assert found, f"no line starting with {start!r} in:\n" + "\n".join(lines)
    return found[0]


@pytest.mark.slow
def test_the_site_goes_live_first_and_its_pdfs_follow(tmp_path: Path) -> None:
    watched = mini_project(tmp_path / "watched")
    plain = mini_project(tmp_path / "plain")
    watcher = Watcher(watched, pdf=True)
    try:
        watcher.until_watching()
        edit_example(watched, "Herzien voorbeeld Aastad")
        output = watcher.until_watching()
        built, follows = position(output, "Built in"), position(output, FOLLOW)
        printing, printed = position(output, PRINTING), position(output, "The PDFs are in the site")
        assert built < follows < printing < printed, "the summary says the PDFs follow, then they do"
        assert all(pdf in output[follows] for pdf in PDFS)
        assert "Herzien voorbeeld Aastad" in (watched / "site/voorbeelden.html").read_text(encoding="utf-8")
    finally:
        watcher.process.send_signal(signal.SIGTERM)
        assert watcher.process.wait(timeout=30) is not None
    edit_example(plain, "Herzien voorbeeld Aastad")
    assert build_mini(plain, pdf=True).returncode == 0
    assert checksums(watched) == checksums(plain), "the watched site is the site a plain build makes"
    again = build_mini(watched, pdf=True)
    assert again.returncode == 0 and NOTHING_TO_DO in again.stdout


@pytest.mark.slow
def test_pdfs_a_killed_watcher_left_to_follow_are_printed_by_the_next_build(tmp_path: Path) -> None:
    watched = mini_project(tmp_path / "watched")
    plain = mini_project(tmp_path / "plain")
    assert build_mini(watched, pdf=True).returncode == 0
    watcher = Watcher(watched, pdf=True)
    try:
        assert NOTHING_TO_DO in watcher.until_watching()
        edit_example(watched, "Ander voorbeeld Aastad")
        watcher.until(lambda line: line.startswith(PRINTING))
    finally:
        watcher.process.kill()  # while Chromium prints the PDFs that follow
        watcher.process.wait(timeout=30)
    after = build_mini(watched, pdf=True)
    assert after.returncode == 0, after.stderr
    assert PRINTING in after.stdout and FOLLOW not in after.stdout
    assert not (watched / ".site.pdf").exists()
    edit_example(plain, "Ander voorbeeld Aastad")
    assert build_mini(plain, pdf=True).returncode == 0
    assert checksums(watched) == checksums(plain)
