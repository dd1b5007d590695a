"""A PDF is printed again only when a file it was printed from changed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import enquete.publish.pdf
from enquete.publish.pdf import make_pdfs
from enquete.publish.pdf_cache import MISSING, cached_pdf, file_digest, printer_identity, remember

PLAN = [
    {"page": "printversie.html", "pdf": "downloads/rapport-2019.pdf", "title": "Rapport 2019", "epoch": 1},
    {
        "page": "archief/2017/printversie.html",
        "pdf": "archief/2017/downloads/rapport-2017.pdf",
        "title": "Rapport 2017",
        "epoch": 2,
    },
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for name, text in {
        "printversie.html": "<p>2019</p>",
        "archief/2017/printversie.html": "<p>2017</p>",
        "assets/rapport.css": "p {}",
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def served_by(site: Path, *names: str) -> dict[str, str]:
    return {name: file_digest(site, name) for name in names}


def test_a_print_is_reused_only_while_every_file_it_read_is_unchanged(site: Path, tmp_path: Path) -> None:
    cache, printer, item = tmp_path / "cache", {"chromium": "x"}, PLAN[0]
    served = served_by(site, "printversie.html", "assets/rapport.css", "gone.js")
    assert served["gone.js"] == MISSING
    remember(cache, item, printer, served, b"%PDF")
    assert cached_pdf(cache, site, item, printer) == b"%PDF"
    assert cached_pdf(cache, site, item, {"chromium": "another"}) is None
    assert cached_pdf(cache, site, {**item, "title": "Ander rapport"}, printer) is None
    (site / "assets/rapport.css").write_text("p { color: red }", encoding="utf-8")
    assert cached_pdf(cache, site, item, printer) is None


def test_a_file_that_was_missing_and_now_exists_prints_anew(site: Path, tmp_path: Path) -> None:
    cache, printer, item = tmp_path / "cache", {"chromium": "x"}, PLAN[0]
    remember(cache, item, printer, served_by(site, "printversie.html", "assets/logo.svg"), b"%PDF")
    (site / "assets/logo.svg").write_text("<svg/>", encoding="utf-8")
    assert cached_pdf(cache, site, item, printer) is None


def test_a_damaged_cache_entry_is_never_used(site: Path, tmp_path: Path) -> None:
    cache, printer, item = tmp_path / "cache", {"chromium": "x"}, PLAN[0]
    remember(cache, item, printer, served_by(site, "printversie.html"), b"%PDF-1.7 complete")
    (cache / "downloads__rapport-2019.pdf").write_bytes(b"%PDF-1.7 cut of")
    assert cached_pdf(cache, site, item, printer) is None
    (cache / "downloads__rapport-2019.pdf.json").write_text("{not json", encoding="utf-8")
    assert cached_pdf(cache, site, item, printer) is None


def test_only_the_wave_whose_print_page_changed_is_printed(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENQUETE_CHROMIUM", sys.executable)  # any executable: printing is replaced below
    printed: list[list[str]] = []

    def fake_print_all(chromium: Path, site: Path, plan: list[dict], cache: Path, printer: dict) -> None:
        printed.append([item["pdf"] for item in plan])
        for item in plan:
            data = f"%PDF {item['pdf']} {(site / item['page']).read_text(encoding='utf-8')}".encode()
            (site / item["pdf"]).parent.mkdir(parents=True, exist_ok=True)
            (site / item["pdf"]).write_bytes(data)
            remember(cache, item, printer, served_by(site, item["page"], "assets/rapport.css"), data)

    monkeypatch.setattr(enquete.publish.pdf, "print_all", fake_print_all)
    plan_file = tmp_path / "pdf.json"
    plan_file.write_text(json.dumps(PLAN), encoding="utf-8")
    cache = tmp_path / "cache"
    make_pdfs(site, plan_file, cache)
    first = {item["pdf"]: (site / item["pdf"]).read_bytes() for item in PLAN}
    (site / "printversie.html").write_text("<p>2019, met een nieuw voorbeeld</p>", encoding="utf-8")
    for item in PLAN:
        (site / item["pdf"]).unlink()  # a new staging folder starts without PDFs
    make_pdfs(site, plan_file, cache)
    assert printed == [[item["pdf"] for item in PLAN], ["downloads/rapport-2019.pdf"]]
    assert (site / PLAN[1]["pdf"]).read_bytes() == first[PLAN[1]["pdf"]]
    assert b"nieuw voorbeeld" in (site / PLAN[0]["pdf"]).read_bytes()
    assert printer_identity(Path(sys.executable))["chromium"] == str(Path(sys.executable).resolve())


class FakeRoute:
    """The part of Playwright's Route that `serve` uses: the request's URL and one answer."""

    def __init__(self, url: str) -> None:
        self.request = type("Request", (), {"url": url})()
        self.status: int | None = None

    def fulfill(self, status: int, body: object = "", content_type: str = "") -> None:
        self.status = status

    def abort(self) -> None:
        self.status = 0


@pytest.mark.parametrize("name", sorted(enquete.publish.pdf.SITE_WIDE))
def test_site_wide_files_are_not_served_to_the_printer_nor_recorded(site: Path, name: str) -> None:
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text("{}", encoding="utf-8")
    served: dict[str, str] = {}
    route = FakeRoute(f"{enquete.publish.pdf.ORIGIN}/{name}")
    enquete.publish.pdf.serve(route, site, served)
    assert route.status == 404
    assert served == {}


def test_a_page_of_the_print_is_served_and_recorded(site: Path) -> None:
    served: dict[str, str] = {}
    route = FakeRoute(f"{enquete.publish.pdf.ORIGIN}/printversie.html")
    enquete.publish.pdf.serve(route, site, served)
    assert route.status == 200
    assert served == {"printversie.html": file_digest(site, "printversie.html")}
