"""The report's PDF as a reader gets it: a cover, a contents list whose page numbers are the
pages where the chapters start, bookmarks, nothing past the right margin, only the project's
own fonts, the technical annex in a file of its own, and the same bytes on every print.

The demo is built once (both waves, so a report with and one without the comparison), and
its PDFs are read with poppler (`pdftotext`, `pdffonts`) and pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from enquete.publish.pdf import PDF_PLAN, make_pdfs
from tests.browser_support import chromium_or_skip

pytestmark = pytest.mark.browser

WAVES = {"2019": "", "2017": "archief/2017/"}
A4_WIDTH = 595.3  # points
RIGHT_MARGIN = 18 / 25.4 * 72  # 18 mm in points
CHAPTER_LINE = re.compile(r"^(\S.*?)\s{2,}(\d+)$")


@pytest.fixture(scope="module")
def project(shared_demo: Path) -> Path:
    """The session's demo build, PDFs included: these tests only read its PDFs."""
    chromium_or_skip()
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils is not installed")
    return shared_demo


def pdfs(project: Path, kind: str) -> list[Path]:
    return [project / "site" / folder / "downloads" / f"{kind}-{year}.pdf" for year, folder in WAVES.items()]


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return text.split("\f")[:-1]


def contents(pages: list[str]) -> list[tuple[str, int]]:
    """(chapter, page) from the contents page, which follows the cover."""
    lines = pages[1].split("Inhoud", 1)[1].splitlines()
    return [
        (match.group(1), int(match.group(2))) for line in lines if (match := CHAPTER_LINE.match(line.strip()))
    ]


@pytest.mark.parametrize("kind", ["rapport", "bijlage"])
def test_the_cover_names_the_report_the_wave_the_date_and_the_notice(project: Path, kind: str) -> None:
    for pdf, (year, folder) in zip(pdfs(project, kind), WAVES.items(), strict=True):
        cover = " ".join(page_texts(pdf)[0].split())
        printed = (project / "site" / folder / "printversie.html").read_text(encoding="utf-8")
        notices = re.findall(r'<p class="admonition-title">(.*?)</p>', printed.split('id="hoofdstuk-')[0])
        assert "Knelpunten in de vrouwenopvang" in cover and f"meting {year}" in cover.lower(), cover
        assert "Gepubliceerd op" in cover and notices and all(notice in cover for notice in notices), cover
        assert ("technische bijlage" in cover.lower()) == (kind == "bijlage")
        assert "pagina 1 van" not in cover  # no running header or page number on the cover


@pytest.mark.parametrize("kind", ["rapport", "bijlage"])
def test_the_contents_give_the_pages_where_the_chapters_start_as_do_the_bookmarks(
    project: Path, kind: str
) -> None:
    from pypdf import PdfReader

    for pdf in pdfs(project, kind):
        pages = page_texts(pdf)
        listed = contents(pages)
        assert listed and len(listed) >= (8 if kind == "rapport" else 1), listed
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == "nl" and "/StructTreeRoot" in reader.trailer["/Root"]
        bookmarks = {item.title: reader.get_destination_page_number(item) + 1
                     for item in reader.outline if not isinstance(item, list)}  # fmt: skip
        previous = 2
        for title, number in listed:
            assert previous < number <= len(pages), (title, number)
            previous = number
            body = pages[number - 1].splitlines()
            # the chapter's title is its heading on that page, and in the running header from there on
            assert any(line.strip() == title for line in body[1:]), (title, number, body[:6])
            assert title not in pages[number - 2].splitlines()[0], (title, "already on the page before")
            assert f"pagina {number} van {len(pages)}" in pages[number - 1]
            assert bookmarks.get(title) == number, (title, number, bookmarks)


def test_the_technical_appendices_are_a_file_of_their_own(project: Path) -> None:
    for report, annex in zip(pdfs(project, "rapport"), pdfs(project, "bijlage"), strict=True):
        report_text, annex_text = " ".join(page_texts(report)), " ".join(page_texts(annex))
        for technical in ["Herkomst van de cijfers", "SHA-256", "Cohens kappa", "Bibliotheken:"]:
            assert technical in annex_text and technical not in report_text, technical
        assert annex.name in report_text  # the report says where the annex is
        assert "Methode" in report_text and "Privacy" in report_text  # the rest of the Verantwoording stays
    html = (project / "site" / "downloads.html").read_text(encoding="utf-8")
    assert 'href="downloads/bijlage-2019.pdf"' in html


@pytest.mark.parametrize("kind", ["rapport", "bijlage"])
def test_nothing_is_printed_past_the_right_margin(project: Path, kind: str) -> None:
    for pdf in pdfs(project, kind):
        boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout  # fmt: skip
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes
        )
        assert len(words) > 1000
        beyond = [(word, x) for _, x, word in words if float(x) > A4_WIDTH - RIGHT_MARGIN + 1]
        assert not beyond, beyond[:10]


@pytest.mark.parametrize("kind", ["rapport", "bijlage"])
def test_every_letter_is_in_a_font_that_ships_with_the_project(project: Path, kind: str) -> None:
    for pdf in pdfs(project, kind):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        fonts = [line.split()[0] for line in listing.splitlines()[2:]]
        assert fonts and all(
            re.fullmatch(r"[A-Z]{6}\+(SourceSans3|SourceCodePro)\S*", font) for font in fonts
        ), fonts
        assert all(" yes yes yes " in line for line in listing.splitlines()[2:])  # embedded, subset, unicode


def test_no_page_holds_only_a_stray_line(project: Path) -> None:
    for pdf in pdfs(project, "rapport"):
        for number, page in enumerate(page_texts(pdf)[2:], start=3):
            body = [line for line in page.splitlines()[1:] if line.strip() and "pagina " not in line]
            assert len(body) >= 3, (pdf.name, number, body)


def test_two_prints_are_byte_identical(project: Path, tmp_path: Path) -> None:
    site = shutil.copytree(project / "site", tmp_path / "site")  # the shared build stays untouched
    built = {
        pdf.relative_to(project / "site"): pdf.read_bytes()
        for kind in ("rapport", "bijlage")
        for pdf in pdfs(project, kind)
    }
    for name in built:
        (site / name).unlink()
    printed = make_pdfs(site, project / "report" / PDF_PLAN, tmp_path / "cache")  # a fresh print, no cache
    assert sorted(pdf.relative_to(site) for pdf in printed) == sorted(built)
    assert all((site / name).read_bytes() == data for name, data in built.items())
