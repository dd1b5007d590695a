"""Excel workbooks as other programs write them: with formulas, with or without their values.

openpyxl writes a formula without its value (`<v />`) and asks Excel to recalculate on
opening (`fullCalcOnLoad`). Excel and LibreOffice store the value they computed next to
the formula and ask nothing. `store_values` turns the first into the second by editing
the workbook's XML, as Excel's save would.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"


def csv_as_xlsx(csv_file: Path, xlsx_file: Path, formulas: dict[str, str], title: str = "Blad1") -> None:
    """The CSV's cells in a workbook, with some cells (by coordinate, e.g. E2) replaced by formulas."""
    frame = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    for cell, formula in formulas.items():
        sheet[cell] = formula
    workbook.save(xlsx_file)


def store_values(
    xlsx_file: Path, values: dict[str, tuple[str, str]], recalculate_on_open: bool = False
) -> None:
    """Store a computed value with each formula: {cell: (type, value)}, type 'n', 'str' or 'e'."""
    with zipfile.ZipFile(xlsx_file) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts[SHEET].decode("utf-8")
    for cell, (kind, value) in values.items():
        pattern = re.compile(rf'<c r="{cell}"(?: t="[a-z]+")?>(<f>[^<]*</f>)<v\s*/>')
        sheet, count = pattern.subn(rf'<c r="{cell}" t="{kind}">\1<v>{value}</v>', sheet)
        assert count == 1, f"no formula without a value in {cell}"
    parts[SHEET] = sheet.encode("utf-8")
    if not recalculate_on_open:
        parts[WORKBOOK] = parts[WORKBOOK].replace(b' fullCalcOnLoad="1"', b"")
    with zipfile.ZipFile(xlsx_file, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
