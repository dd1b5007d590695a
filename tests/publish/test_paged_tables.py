"""Tables on the paged report's A4 pages: a wide table is set smaller and wraps until it fits;
one that cannot fit even so stops the print with a message that names it, instead of a PDF
that cuts it off at the margin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from enquete.errors import InputError
from enquete.publish.pdf import make_pdfs
from tests.browser_support import chromium_or_skip
from tests.conftest import PROJECT

pytestmark = pytest.mark.browser

ITEM = {
    "page": "printversie.html",
    "part": "rapport",
    "pdf": "downloads/rapport-2019.pdf",
    "annex": "bijlage-2019.pdf",
    "title": "Knelpunten in de vrouwenopvang — Meting 2019",
    "date": "Gepubliceerd op 2 maart 2020",
    "epoch": 1_583_150_400,
}


def site_with_table(tmp_path: Path, columns: int, cell: str) -> tuple[Path, Path]:
    site = tmp_path / "site"
    shutil.copytree(PROJECT / "templates" / "assets", site / "assets")
    head = "".join(f"<th>Kolom {number}</th>" for number in range(columns))
    row = "".join(f"<td>{cell}</td>" for _ in range(columns))
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{row * 3}</tbody></table>"
    (site / "printversie.html").write_text(
        '<!doctype html><html lang="nl"><body><article class="md-content__inner md-typeset">'
        "<h1>Knelpunten in de vrouwenopvang</h1><p><em>Meting 2019</em></p>"
        '<script src="assets/js/plotly-basic-4.1.1/plotly-basic.min.js"></script>'
        f'<h1 id="hoofdstuk-aanpak">Aanpak en respons</h1><p>Tekst.</p>{table}'
        '<h1 id="hoofdstuk-verantwoording">Verantwoording</h1><p>Tekst.</p></article></body></html>',
        encoding="utf-8",
    )
    plan = tmp_path / "pdf.json"
    plan.write_text(json.dumps([ITEM]), encoding="utf-8")
    return site, plan


@pytest.mark.parametrize(
    ("columns", "cell"), [(9, "centrumgemeenten"), (14, "Landelijke-ondersteuningsafspraken"), (4, "kort")]
)
def test_a_wide_table_is_set_to_fit_the_page(tmp_path: Path, columns: int, cell: str) -> None:
    chromium_or_skip()
    site, plan = site_with_table(tmp_path, columns, cell)
    (pdf,) = make_pdfs(site, plan, tmp_path / "cache")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_table_that_cannot_fit_stops_the_print_and_is_named(tmp_path: Path) -> None:
    chromium_or_skip()
    site, plan = site_with_table(tmp_path, 90, "123456")
    with pytest.raises(InputError) as refused:
        make_pdfs(site, plan, tmp_path / "cache")
    message = str(refused.value)
    assert "a table is wider than the page" in message and "Kolom 0" in message, message
    assert not (site / ITEM["pdf"]).exists()
