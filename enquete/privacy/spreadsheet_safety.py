"""The gate's check of published spreadsheets: nothing in a download runs when it is opened.

The writers defuse every cell (`enquete.cell_safety`); this reads the published files back as
a spreadsheet would and refuses, naming the file, the sheet and the cell:

- in an XLSX workbook: any formula cell (also shared and array formulas), a text a spreadsheet
  would evaluate without Excel's quote prefix, and the parts through which a workbook reaches
  out or runs code (external links, data connections, query tables, macros);
- in a CSV file: any cell a spreadsheet would evaluate (it must carry the quote in front),
  parsed with the file's own separator (`;` for the downloads, which Dutch Excel opens).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from enquete.cell_safety import evaluable

EXPECTED = "no formula: text that starts with =, +, -, @, a tab or a carriage return carries a quote in front"
ACTIVE_PARTS = re.compile(
    r"^xl/(externalLinks/|connections\.xml|queryTables/|vbaProject\.bin|activeX/|embeddings/)", re.IGNORECASE
)
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
SHOWN = 80


def shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def spreadsheet_problems(path: Path) -> list[tuple[str, str, str]]:
    """(place, what, found) for every cell of a published CSV or XLSX that could run."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return workbook_problems(path)
    if suffix == ".csv":
        return csv_problems(path.read_bytes())
    return []


def workbook_problems(path: Path) -> list[tuple[str, str, str]]:
    problems: list[tuple[str, str, str]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            problems += [
                ("", "a workbook part that links out or runs code", name)
                for name in names
                if ACTIVE_PARTS.match(name)
            ]
            raw_formula = any(
                FORMULA_ELEMENT.search(archive.read(name))
                for name in names
                if name.startswith("xl/worksheets/")
            )
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # zipfile and openpyxl raise many types for a broken file
        return [("", "cannot be read as an Excel workbook", f"{type(error).__name__}: {error}")]
    found_formula = False
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                place = f"sheet '{sheet.title}', cell {get_column_letter(cell.column)}{cell.row}"
                if cell.data_type == "f" or hasattr(value, "text"):
                    found_formula = True
                    problems.append(
                        (place, "formula in a published workbook", shown(str(getattr(value, "text", value))))
                    )
                elif isinstance(value, str) and evaluable(value) and not cell.style_array.quotePrefix:
                    problems.append(
                        (place, "text a spreadsheet evaluates, without quote prefix", shown(value))
                    )
    workbook.close()
    if raw_formula and not found_formula:
        problems.append(("", "formula in a published workbook", "a <f> element in a worksheet"))
    return problems


def csv_problems(data: bytes) -> list[tuple[str, str, str]]:
    text = data.decode("utf-8-sig", errors="replace")
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=separator, header=None, dtype=str, keep_default_na=False, quotechar='"'
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        return [("", "cannot be read as CSV", str(error).strip())]
    header = [str(name) for name in frame.iloc[0]] if len(frame) else []
    problems = []
    for row_index, row in enumerate(frame.itertuples(index=False), start=1):
        for column_index, value in enumerate(row):
            if isinstance(value, str) and evaluable(value):
                name = header[column_index] if row_index > 1 and column_index < len(header) else ""
                column = f"column '{name}'" if name else f"column {column_index + 1}"
                problems.append((f"row {row_index}, {column}", "cell a spreadsheet evaluates", shown(value)))
    return problems
