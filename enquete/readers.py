"""Reading response files as delivered: SPSS `.sav`, CSV and Excel.

Each reader returns the cells as delivered plus what the file itself says about them (SPSS
value labels and user-defined missing codes), and turns a file that cannot be read at all
into an `InputError` that names it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyreadstat

from enquete.errors import InputError, Problem, display_path, require_file


@dataclass
class RawTable:
    """A response file's cells with the labels the file carries; `first_row` numbers rows."""

    frame: pd.DataFrame
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    first_row: int = 2

    def row_number(self, index: int) -> int:
        """The row as the researcher sees it: CSV/Excel line numbers, SPSS case numbers."""
        return index + self.first_row


def read_response_file(path: Path | str, encoding: str = "utf-8") -> RawTable:
    path = require_file(path, "response file")
    suffix = path.suffix.lower()
    if suffix == ".sav":
        return read_sav(path)
    if suffix == ".csv":
        return read_csv(path, encoding)
    if suffix == ".xlsx":
        return read_xlsx(path)
    raise InputError(
        [Problem(display_path(path), "unknown file type", found=suffix, expected=".sav, .csv or .xlsx")]
    )


def read_sav(path: Path) -> RawTable:
    """An SPSS file with its value labels; user-missing codes stay as codes (not NaN)."""
    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False)
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
    return RawTable(frame=frame, value_labels=dict(meta.variable_value_labels), first_row=1)


def read_csv(path: Path, encoding: str) -> RawTable:
    """A CSV file with every cell kept as text, in the encoding the source declares."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            [
                Problem(
                    display_path(path),
                    f"is not valid {encoding} text",
                    found=f"byte {error.object[error.start : error.start + 1]!r} at position {error.start}",
                    expected=f"text encoded as {encoding}",
                )
            ],
            remedy="save the file as UTF-8, or declare its encoding (e.g. `encoding: cp1252`) "
            "for this source in config/config.yaml.",
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(
            [
                Problem(
                    display_path(path),
                    "cannot be read as CSV",
                    found=str(error).strip(),
                    expected="a comma-separated file with one header row",
                )
            ]
        ) from None
    return RawTable(frame=frame)


def read_xlsx(path: Path) -> RawTable:
    """The first sheet of an Excel workbook, one header row."""
    try:
        frame = pd.read_excel(path, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError) as error:
        raise InputError(
            [
                Problem(
                    display_path(path),
                    "cannot be read as an Excel workbook",
                    found=str(error).strip(),
                    expected="an .xlsx file",
                )
            ]
        ) from None
    return RawTable(frame=frame)
