"""Reading response files as delivered: SPSS `.sav`, CSV and Excel.

Each reader returns the cells as delivered plus what the file itself says about them (SPSS
value labels and user-defined missing codes), and turns a file that cannot be read at all
into an `InputError` that names it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
from openpyxl.worksheet.worksheet import Worksheet

from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.characters import checked_text
from enquete.ingest.csvfiles import detected_separator, field_count_problems, reading_encoding, separator_name
from enquete.ingest.encodings import csv_encoding_problems

FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
RECALCULATE = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad=[\"'](?:1|true)[\"']")


@dataclass
class RawTable:
    """A response file's cells with what the file says about them (an SPSS file's value
    labels, variable labels and user-missing declarations); `first_row` numbers rows."""

    frame: pd.DataFrame
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    first_row: int = 2
    variable_labels: dict[str, str] = field(default_factory=dict)
    user_missing: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    separator: str = ""  # a CSV file's field separator, as found or declared

    def is_user_missing(self, column: str, value: object) -> bool:
        """Whether the file itself declares this value of the column missing (SPSS)."""
        try:
            number = float(str(value).replace(",", "."))
        except (TypeError, ValueError):
            return False
        return any(low <= number <= high for low, high in self.user_missing.get(column, ()))

    def row_number(self, index: int) -> int:
        """The row as the researcher sees it: CSV/Excel line numbers, SPSS case numbers."""
        return index + self.first_row


def read_response_file(path: Path | str, encoding: str = "utf-8", separator: str = "") -> RawTable:
    """Any table a researcher delivers, its text checked for characters it cannot hold."""
    table = read_table_file(path, encoding, separator)
    table.frame = checked_text(table.frame, display_path(path), table.row_number)
    return table


def read_table_file(path: Path | str, encoding: str = "utf-8", separator: str = "") -> RawTable:
    path = require_file(path, "response file")
    suffix = path.suffix.lower()
    if suffix == ".sav":
        return read_sav(path)
    if suffix in (".csv", ".xlsx"):
        table = read_csv(path, encoding, separator) if suffix == ".csv" else read_xlsx(path)
        problems = header_problems(table, display_path(path))
        if problems:
            raise InputError(
                problems,
                remedy="make the first row the header row, with one name per "
                "column, and remove any title rows above it.",
            )
        return table
    raise InputError(
        [Problem(display_path(path), "unknown file type", found=suffix, expected=".sav, .csv or .xlsx")]
    )


def read_sav(path: Path, metadata_only: bool = False) -> RawTable:
    """An SPSS file with its value labels, variable labels and user-missing declarations;
    user-missing codes stay as codes (not NaN), so they can be told from unanswered cells."""
    try:
        frame, meta = pyreadstat.read_sav(
            str(path), user_missing=True, apply_value_formats=False, metadataonly=metadata_only
        )
    except Exception as error:  # pyreadstat raises several unrelated types for bad files
        raise InputError(
            [
                Problem(
                    display_path(path),
                    "cannot be read as an SPSS .sav file",
                    found=str(error).strip() or type(error).__name__,
                    expected="an SPSS .sav export of the survey tool",
                )
            ],
            remedy="export the responses again as SPSS (.sav) and replace the file.",
        ) from None
    declared = {
        column: tuple((float(r["lo"]), float(r["hi"])) for r in ranges if is_number(r["lo"], r["hi"]))
        for column, ranges in (meta.missing_ranges or {}).items()
    }
    return RawTable(
        frame=frame,
        value_labels=dict(meta.variable_value_labels),
        first_row=1,
        variable_labels={k: v for k, v in (meta.column_names_to_labels or {}).items() if v},
        user_missing={column: ranges for column, ranges in declared.items() if ranges},
    )


def is_number(*values: object) -> bool:
    return all(isinstance(value, int | float) for value in values)


def read_csv(path: Path, encoding: str, separator: str = "") -> RawTable:
    """A CSV file with every cell kept as text, in the encoding the source declares (UTF-8
    also with Excel's byte-order mark) and with its separator as declared or found."""
    shown = display_path(path)
    data = path.read_bytes()
    codec = reading_encoding(data, encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        guess = separator or detected_separator(data.decode(codec, errors="surrogateescape"))
        problems = csv_encoding_problems(data, encoding, shown, guess) or [
            Problem(
                shown,
                f"is not valid {encoding} text",
                found=f"byte {error.object[error.start : error.start + 1]!r} at position {error.start}",
                expected=f"text encoded as {encoding}",
            )
        ]
        raise InputError(
            problems,
            remedy="save the file as UTF-8, or declare its encoding (e.g. `encoding: cp1252`) "
            "for this source in config/config.yaml.",
        ) from None
    separator = separator or detected_separator(text)
    problems = field_count_problems(text, separator, shown)
    if problems:
        raise InputError(
            problems,
            remedy=f"the file was read with fields separated by {separator_name(separator)}; "
            "quote cells that contain it, or declare the file's `separator` for this source in "
            "config/config.yaml.",
        )
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as error:
        raise InputError(
            [
                Problem(
                    shown,
                    "cannot be read as CSV",
                    found=str(error).strip(),
                    expected=f"fields separated by {separator_name(separator)} with one header row",
                )
            ]
        ) from None
    return RawTable(frame=frame, separator=separator)


def read_xlsx(path: Path) -> RawTable:
    """The first sheet of an Excel workbook: one header row, no merged cells."""
    shown = display_path(path)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl and zipfile raise many types for a bad file
        raise InputError(
            [
                Problem(
                    shown,
                    "cannot be read as an Excel workbook",
                    found=str(error).strip() or type(error).__name__,
                    expected="an .xlsx file saved by Excel or the survey tool",
                )
            ]
        ) from None
    sheet = workbook.worksheets[0]
    problems = formula_problems(path, sheet, asks_recalculation(path)) if holds_formulas(path) else []
    if problems:
        raise InputError(
            problems,
            remedy="open the file in Excel (or LibreOffice) and save it again, so that every formula's "
            "value is stored with it, or replace the formulas by their values (copy, paste values).",
        )
    merged = sorted(str(cells) for cells in sheet.merged_cells.ranges)
    if merged:
        raise InputError(
            [Problem(shown, "merged cells", column=cells, expected="one value per cell") for cells in merged],
            remedy="unmerge the cells (Excel: Start > Samenvoegen en centreren > Samenvoeging opheffen) "
            "and fill in every cell, then save and run again.",
        )
    numbered = [
        (number, list(row))
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        if any(cell is not None and str(cell).strip() for cell in row)
    ]  # blank rows are skipped, but every row keeps its Excel row number for messages
    if not numbered:
        raise InputError([Problem(shown, "the workbook's first sheet is empty", expected="a header row")])
    header = ["" if cell is None else str(cell).strip() for cell in numbered[0][1]]
    data = numbered[1:]
    used = [i for i, name in enumerate(header) if name or any(row[i] is not None for _, row in data)]
    frame = pd.DataFrame(
        [[row[i] for i in used] for _, row in data],
        columns=[header[i] for i in used],
        index=[number - 2 for number, _ in data],
        dtype=object,
    )
    return RawTable(frame=frame)


def asks_recalculation(path: Path) -> bool:
    """Whether the workbook asks to be recalculated on opening (`fullCalcOnLoad`), as files
    written by programs do: their stored formula values were never computed. Read from the
    XML itself, because openpyxl reports the flag as set whenever it is absent."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return RECALCULATE.search(workbook) is not None


def holds_formulas(path: Path) -> bool:
    """Whether any sheet has a formula cell: only then is the workbook read a second time."""
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
            return any(FORMULA.search(archive.read(name)) for name in sheets)
    except (zipfile.BadZipFile, OSError):
        return False


def formula_problems(path: Path, values: Worksheet, recalculate_on_open: bool | None) -> list[Problem]:
    """Formula cells whose value the file does not hold: never read as empty.

    A workbook stores each formula with the value Excel last computed, and that value is
    what we read. A file written by a program rather than saved by Excel may hold the
    formula alone (openpyxl), or a placeholder value with a request to recalculate on
    opening (xlsxwriter writes 0); an error value (#DIV/0!) is no answer either.
    """
    formulas = openpyxl.load_workbook(path, data_only=False).worksheets[0]
    shown = display_path(path)
    problems = []
    for row in formulas.iter_rows():
        for cell in row:
            formula = cell.value
            if cell.data_type != "f" and not hasattr(formula, "text"):
                continue
            text = str(getattr(formula, "text", formula))
            stored = values[cell.coordinate]
            if stored.value is None and stored.data_type != "str":  # "str": a stored empty text
                what = "formula without a computed value"
            elif stored.data_type == "e":
                what = f"formula whose value is an error ({stored.value})"
            elif recalculate_on_open:
                what = "formula whose stored value was never computed (the file asks to be recalculated)"
            else:
                continue
            where = f"sheet '{values.title}', cell {cell.coordinate}"
            problems.append(Problem(shown, what, place=where, found=text, expected="a value"))
    return problems


def header_problems(table: RawTable, shown: str) -> list[Problem]:
    """Empty column names mean a title or an extra row above the real header, or a stray cell."""
    columns = [str(c) for c in table.frame.columns]
    problems = [
        Problem(
            shown,
            "column without a name in the header row",
            row=1,
            column=f"column {index + 1}",
            expected="the header row first, with a name above every column",
        )
        for index, name in enumerate(columns)
        if not name or name.startswith("Unnamed:")
    ]
    problems += [
        Problem(shown, "column name used twice", row=1, column=name, expected="unique column names")
        for name in sorted({c for c in columns if c and columns.count(c) > 1})
    ]
    return problems


def read_csv_input(path: Path) -> pd.DataFrame:
    """A small researcher-made CSV (population, coding, examples) read as text."""
    return read_response_file(path).frame


# --- one source file -------------------------------------------------------------------
