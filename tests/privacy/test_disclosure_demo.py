"""The demo as a reader gets it: no hidden cell of either wave can be worked out.

Everything is read from the published files of a real build — the pages, the print versions,
the PDFs, the downloads — and from the public list of invited centrumgemeenten.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from enquete.privacy.disclosure import SUPPRESSED, landsdeel
from tests.disclosure_attacker import attack
from tests.reader_text import visible_text


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.tables:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def region_rows(rows: list[list[str]]) -> dict[str, tuple[int, str, str]]:
    return {row[0]: (int(row[1]), row[2], row[3]) for row in rows}


def html_region_table(path: Path) -> dict[str, tuple[int, str, str]]:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    found = [t for t in parser.tables if t and t[0][:1] == ["Landsdeel"]]
    assert len(found) == 1, path
    return region_rows(found[0][1:])


def pdf_region_table(path: Path, regions: set[str]) -> dict[str, tuple[int, str, str]]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] in regions:
            rows.append(parts)
    return region_rows(rows)


@pytest.fixture(scope="module")
def demo(shared_demo: Path) -> Path:
    return shared_demo  # with its PDFs, read below


WAVES = {"2017": "archief/2017/", "2019": ""}


def test_no_hidden_cell_of_the_demo_can_be_worked_out_from_what_is_published(demo: Path) -> None:
    site = demo / "site"
    public = pd.read_csv(demo / "raw/population.csv", dtype=str)  # the public list of invited
    region_of = {row.gemeente: landsdeel(row.provincie) for row in public.itertuples()}
    regions = set(region_of.values()) | {"Totaal"}
    tables, invited, totals, named_ids = {}, {}, {}, {}
    for year, folder in WAVES.items():
        sources = [
            html_region_table(site / folder / "aanpak.html"),
            html_region_table(site / folder / "printversie.html"),
            pdf_region_table(site / folder / f"downloads/rapport-{year}.pdf", regions),
        ]
        assert all(source == sources[0] for source in sources), sources  # one pattern everywhere
        rows = sources[0]
        total = rows.pop("Totaal")
        text = visible_text((site / folder / "aanpak.html").read_text(encoding="utf-8"))
        printed = re.search(r"In totaal hebben (\d+) centrumgemeenten gereageerd", text)
        assert printed and int(printed.group(1)) == int(total[1])
        assert sum(n for n, _, _ in rows.values()) == total[0] == len(public)
        tables[year] = {r: None if yes == SUPPRESSED else int(yes) for r, (_, yes, _) in rows.items()}
        invited[year] = {r: n for r, (n, _, _) in rows.items()}
        assert invited[year] == pd.Series(region_of).value_counts().to_dict()  # the public list agrees
        totals[year] = int(total[1])
        # Every gemeente a wave's pages name (an example under its name) responded in that wave.
        pages = " ".join(
            visible_text(page.read_text(encoding="utf-8"))
            for page in sorted((site / folder).glob("*.html"))
            if page.name not in ("vergelijking.html",)
        )
        named_ids[year] = {g for g in region_of if re.search(rf"\b{re.escape(g)}\b", pages)}
    comparison = visible_text((site / "vergelijking.html").read_text(encoding="utf-8"))
    panel = re.search(
        r"(\d+) centrumgemeenten reageerden beide keren;\s+(\d+) alleen in 2017 en (\d+) alleen in 2019",
        comparison,
    )
    assert panel, "the comparison no longer prints the panel count"
    both = int(panel.group(1))
    assert both + int(panel.group(2)) == totals["2017"] and both + int(panel.group(3)) == totals["2019"]

    def per_region(ids: set[str]) -> dict[str, int]:
        return pd.Series([region_of[g] for g in ids], dtype=str).value_counts().to_dict()

    named = {year: per_region(ids) for year, ids in named_ids.items()}
    panels = {("2017", "2019"): (both, per_region(named_ids["2017"] & named_ids["2019"]))}
    intervals = attack(tables, invited, totals, named, panels)
    for year in WAVES:  # not vacuous: the demo has small cells in both waves
        assert any(y == year for y, _ in intervals), year
    determined = {cell: interval for cell, interval in intervals.items() if interval[0] == interval[1]}
    assert not determined, determined
    for (year, region), (low, high) in intervals.items():  # the reader's facts were true ones
        population_table = pd.read_csv(
            demo / f"processed/{year}/populatie.csv", dtype=str, keep_default_na=False
        )
        in_region = population_table["provincie"].map(landsdeel) == region
        assert low <= int((in_region & population_table["responded"].eq("ja")).sum()) <= high
    # No download breaks the counts down by landsdeel or provincie unaudited.
    words = regions - {"Totaal"} | set(public["provincie"])
    for path in sorted(site.rglob("*")):
        if path.suffix == ".csv":
            content = path.read_text(encoding="utf-8-sig")
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            content = " ".join(
                str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
            )
        else:
            continue
        assert not any(re.search(rf"\b{re.escape(w)}\b", content) for w in words), path
