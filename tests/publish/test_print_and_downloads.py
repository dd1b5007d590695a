"""What ministry staff take away: Dutch numbers, tables for Excel, the print version, the PDF.

These tests need no browser; tests/publish/test_browser.py opens the built pages in Chromium.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from enquete.publish.browser import find_chromium
from enquete.publish.charts import comparison_chart, theme_chart
from enquete.publish.dutch import dutch_date, dutch_number, dutch_percentage
from enquete.publish.figure_tables import comparison_table, theme_table
from enquete.publish.pdf import normalise
from enquete.publish.print_version import print_chapters
from enquete.tables import download_csv_bytes, xlsx_bytes
from tests.workflow.test_failures import command, mini_project

ROWS = [
    {
        "figure_id": "toegang.a",
        "label": "A",
        "count": 13,
        "base": 23,
        "rule_short": "thema bereikt",
        "counted_as": "antwoord op een gesloten vraag",
    },
    {
        "figure_id": "toegang.b",
        "label": "B",
        "count": 2,
        "base": 22,
        "rule_short": "thema bereikt",
        "counted_as": "zelf genoemd in een open antwoord",
    },
]


def test_numbers_and_dates_are_written_the_dutch_way() -> None:
    assert dutch_number(12345) == "12.345"
    assert dutch_number(56.52, 1) == "56,5"
    assert dutch_percentage(13, 23) == "56,5%"
    assert dutch_percentage(1, 0) == "–"
    assert dutch_date(dt.date(2018, 10, 1)) == "1 oktober 2018"


def test_every_chart_is_an_image_with_a_text_alternative_that_states_its_numbers() -> None:
    bars = theme_chart("toegang", ROWS)
    assert bars.startswith('<div class="grafiek-beeld" role="img" aria-label="Staafdiagram')
    assert "A: 13 van 23; B: 2 van 22." in bars
    assert '"displayModeBar": false' in bars
    rows = [{"label": "A", "count_a": "13", "base_a": "23", "count_b": "12", "base_b": "23"}]
    dumbbell = comparison_chart("toegang", rows, ("2017", "2019"))
    assert "A: 2017 13 van 23 (56,5%), 2019 12 van 23 (52,2%)." in dumbbell
    assert '"separators":",."' in dumbbell  # plotly's own numbers with a decimal comma too


def test_the_table_behind_a_chart_has_dutch_headers_numbers_and_the_previous_wave() -> None:
    previous = pd.DataFrame(
        [{"figure_id": "toegang.a", "status": "vergelijkbaar", "count_a": "10", "base_a": "20"},
         {"figure_id": "toegang.b", "status": "gewijzigd", "count_a": "1", "base_a": "20"}]
    ).set_index("figure_id")  # fmt: skip
    table, explanation = theme_table(ROWS, previous, "2017")
    assert list(table.columns) == ["Figuur", "Omschrijving", "Aantal", "Basis", "Percentage van de basis",
                                   "Basis bestaat uit", "Hoe geteld", "Aantal 2017", "Basis 2017",
                                   "Vergelijkbaarheid met 2017"]  # fmt: skip
    assert table["Percentage van de basis"].tolist() == [56.5, 9.1]
    assert table["Aantal 2017"].tolist()[0] == 10 and pd.isna(table["Aantal 2017"].tolist()[1])
    assert set(table.columns) <= {part for text in explanation["Kolom"] for part in split_names(text)}


def split_names(text: str) -> list[str]:
    return [text, *(name.strip() for name in text.split("/"))]


def test_the_table_behind_a_comparison_chart_has_both_percentages_and_the_difference() -> None:
    rows = [{"figure_id": "toegang.a", "label": "A", "count_a": "13", "base_a": "23", "count_b": "12",
             "base_b": "23", "verdict": "geen duidelijke verandering"}]  # fmt: skip
    table, explanation = comparison_table(rows, "2017", "2019")
    assert table.loc[0, "Percentage 2017"] == 56.5 and table.loc[0, "Percentage 2019"] == 52.2
    assert table.loc[0, "Verschil in procentpunten"] == -4.3
    assert "Oordeel" in set(explanation["Kolom"])


def test_downloads_open_in_dutch_excel_with_numbers_as_numbers() -> None:
    table, explanation = theme_table(ROWS, None, "")
    text = download_csv_bytes(table).decode("utf-8")
    assert text.startswith("\ufeffFiguur;Omschrijving;Aantal;Basis;Percentage van de basis;")
    assert "toegang.a;A;13;23;56,5;thema bereikt;antwoord op een gesloten vraag\n" in text
    workbook = openpyxl.load_workbook(
        io.BytesIO(xlsx_bytes({"Tabel": table, "Toelichting": explanation}, 1583150400))
    )
    sheet = workbook["Tabel"]
    assert sheet["C2"].value == 13 and sheet["E2"].value == 56.5
    assert sheet["E2"].number_format == "0.0"
    assert workbook["Toelichting"]["A1"].value == "Kolom"


def test_the_print_version_turns_links_between_pages_into_links_to_chapters() -> None:
    chapters = print_chapters(
        [
            (
                "index.md",
                "Samenvatting",
                "# Samenvatting\n\nZie [Toegang](toegang.md) en [Downloads](downloads.md).\n",
            ),
            ("toegang.md", "2. Toegang", "# 2. Toegang\n\nTerug naar [de samenvatting](index.md).\n"),
        ]
    )
    assert [chapter["anchor"] for chapter in chapters] == ["hoofdstuk-index", "hoofdstuk-toegang"]
    first = str(chapters[0]["text"])
    assert first.startswith("# Samenvatting {#hoofdstuk-index}\n")
    assert "[Toegang](#hoofdstuk-toegang)" in first
    assert "[Downloads](downloads.md)" in first  # not a chapter: still a link to the page
    assert "[de samenvatting](#hoofdstuk-index)" in str(chapters[1]["text"])


def test_the_pdf_carries_the_publication_date_and_keeps_its_length() -> None:
    raw = b"%PDF-1.4\n<</CreationDate (D:20261124030457+00'00')\n/ModDate (D:20261124030458+00'00')>>\n"
    fixed = normalise(raw, 1583150400)  # 2020-03-02 12:00 UTC
    assert len(fixed) == len(raw)
    assert b"/CreationDate (D:20200302120000+00'00')" in fixed
    assert b"/ModDate (D:20200302120000+00'00')" in fixed
    assert normalise(fixed, 1583150400) == fixed


def test_the_browser_is_chosen_by_environment_or_found_on_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENQUETE_CHROMIUM", "off")
    assert find_chromium() is None
    monkeypatch.setenv("ENQUETE_CHROMIUM", "/nergens/chromium")
    assert find_chromium() is None
    monkeypatch.setenv("ENQUETE_CHROMIUM", "/bin/sh")
    assert find_chromium() == Path("/bin/sh")


@pytest.mark.slow
def test_without_chromium_the_site_is_built_without_a_pdf_and_says_so(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    result = subprocess.run(command(project), capture_output=True, text=True, check=False,
                            env=os.environ | {"ENQUETE_CHROMIUM": "off"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Chromium was not found" in result.stderr
    assert json.loads((project / "report/pdf.json").read_text(encoding="utf-8")) == []
    assert not list((project / "site").rglob("*.pdf"))
    downloads = (project / "site/downloads.html").read_text(encoding="utf-8")
    assert "geen pdf gemaakt" in downloads and 'href="printversie.html"' in downloads
    assert (project / "site/printversie.html").is_file()
    assert (project / "site/toegankelijkheid.html").is_file()
