"""The PDFs that follow a watched build's site: printed aside, gated, then moved in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enquete.errors import InputError, Problem
from enquete.publish import pdf_follow_up
from enquete.publish.pdf_follow_up import PENDING, pending_pdfs, print_pending_pdfs, remember_pending

PDFS = ["downloads/bijlage-2019.pdf", "downloads/rapport-2019.pdf"]


@pytest.fixture
def live_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A live site waiting for two PDFs, and a printer that writes them into the folder it gets."""
    monkeypatch.chdir(tmp_path)
    site = Path("site")
    (site / "downloads").mkdir(parents=True)
    (site / "index.html").write_text('<a href="downloads/rapport-2019.pdf">PDF</a>', encoding="utf-8")
    plan = Path("report/pdf.json")
    plan.parent.mkdir()
    plan.write_text(json.dumps([{"pdf": name} for name in PDFS]), encoding="utf-8")
    remember_pending(site, plan, PDFS)

    def fake_print(folder: Path, plan_file: Path) -> list[Path]:
        assert folder != site, "printed aside, never into the live site"
        for name in PDFS:
            (folder / name).write_bytes(b"%PDF-1.7 " + name.encode())
        return [folder / name for name in PDFS]

    monkeypatch.setattr(pdf_follow_up, "make_pdfs", fake_print)
    return site


def test_the_pdfs_move_into_the_live_site_after_the_gate_passed_them(live_site: Path) -> None:
    page = live_site / "index.html"
    inode = page.stat().st_ino
    judged: list[list[str]] = []

    def gate(folder: Path) -> list[Problem]:
        judged.append(sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.pdf")))
        return []

    assert pending_pdfs() == PDFS
    assert print_pending_pdfs(gate) == PDFS
    assert judged == [PDFS], "the gate read the PDFs before they were published"
    assert (live_site / PDFS[1]).read_bytes() == b"%PDF-1.7 " + PDFS[1].encode()
    assert page.stat().st_ino == inode, "the pages stay where they were"
    assert not PENDING.exists() and pending_pdfs() == []
    assert not Path(".site.pdf").exists()


def test_a_refused_pdf_is_not_published_and_is_printed_again_next_time(live_site: Path) -> None:
    def refusing(folder: Path) -> list[Problem]:
        return [Problem(PDFS[1], "personal data on a published page", found="Jan Jansen")]

    with pytest.raises(InputError) as refused:
        print_pending_pdfs(refusing)
    assert "Jan Jansen" in refused.value.message()
    assert not any(live_site.rglob("*.pdf")), "nothing of a refused print reaches the site"
    assert pending_pdfs() == PDFS, "the next build prints them again"
    assert not Path(".site.pdf").exists()
    assert print_pending_pdfs(lambda folder: []) == PDFS
    assert sorted(path.relative_to(live_site).as_posix() for path in live_site.rglob("*.pdf")) == PDFS


def test_nothing_follows_when_nothing_is_pending(live_site: Path) -> None:
    remember_pending(live_site, Path("report/pdf.json"), [])
    assert pending_pdfs() == [] and not PENDING.exists()
    assert print_pending_pdfs(lambda folder: [Problem("x", "never asked")]) == []
    PENDING.write_text("{not json", encoding="utf-8")  # a record cut off by a kill
    assert pending_pdfs() == [] and print_pending_pdfs(None) == []


def test_the_gate_takes_a_link_to_a_pdf_that_follows_as_a_link_to_the_site(tmp_path: Path) -> None:
    import pandas as pd

    from enquete.privacy.gate import Consents, Gate, population_matcher

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<a href="downloads/rapport-2019.pdf">PDF</a> <a href="downloads/elders.pdf">?</a>', encoding="utf-8"
    )
    population = pd.DataFrame({"gemeente": ["Eewolde"], "contactpersoon": ["Eva Evers"], "email": ["e@e.nl"]})
    gate = Gate(population_matcher(population), Consents())
    broken = {problem.found for problem in gate(site)}
    assert broken == {"<a href='downloads/rapport-2019.pdf'>", "<a href='downloads/elders.pdf'>"}
    following = {problem.found for problem in gate(site, expected=[PDFS[1]])}
    assert following == {"<a href='downloads/elders.pdf'>"}, "only the file that neither is there nor follows"
