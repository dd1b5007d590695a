"""Writing tables that diff well, are safe to open and never leave a half-written file behind.

CSV: UTF-8, `\\n` line ends, a fixed column order and sorted rows. XLSX: openpyxl stamps
the current time into the workbook and its zip entries; we fix both so that two builds of
the same data are byte-identical. Every text cell a spreadsheet would evaluate as a formula
is defused (`enquete.cell_safety`): a quote in front in CSV, a string with Excel's quote
prefix in XLSX; `read_csv` gives the original text back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from enquete.cell_safety import evaluable, line_feeds, neutralise_frame, restore_frame
from enquete.files import write_atomically as write_atomically  # the steps import it from here


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_csv(frame: pd.DataFrame, path: Path | str) -> None:
    write_atomically(path, csv_bytes(frame))


def download_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as Dutch Excel reads it: `;` between fields, `,` before decimals, a UTF-8 BOM."""
    text = neutralise_frame(frame).to_csv(
        index=False, sep=";", decimal=",", float_format="%.1f", lineterminator="\n"
    )
    return ("\ufeff" + text).encode("utf-8")


def write_download_csv(frame: pd.DataFrame, path: Path | str) -> None:
    write_atomically(path, download_csv_bytes(frame))


def read_csv(path: Path | str) -> pd.DataFrame:
    """Read a table this package wrote: text stays text (as it was before `write_csv` defused
    it), empty cells stay empty strings."""
    return restore_frame(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))


def xlsx_bytes(sheets: dict[str, pd.DataFrame], epoch: int) -> bytes:
    """A workbook with one sheet per frame, stamped with `epoch` instead of the clock."""
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            text_as_text(sheet)
            for column_cells in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column_cells)
                sheet.column_dimensions[column_cells[0].column_letter].width = min(80, width + 2)
            for position, dtype in enumerate(frame.dtypes, start=1):
                if pd.api.types.is_float_dtype(dtype):  # one decimal, shown with the reader's comma
                    for row in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                        row[0].number_format = "0.0"
        writer.book.properties.created = moment
        writer.book.properties.modified = moment
        writer.book.properties.creator = "enquete"
    return normalise_zip(buffer.getvalue(), moment)


def text_as_text(sheet: Worksheet) -> None:
    """Every text cell a string, never a formula: openpyxl reads a text starting with `=` as
    one. A text a spreadsheet would evaluate also gets Excel's quote prefix, so editing the
    cell in Excel keeps it text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                if "\r" in cell.value:
                    cell.value = line_feeds(cell.value)
                cell.data_type = "s"
                if evaluable(cell.value):
                    cell.quotePrefix = True


def normalise_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip archive with fixed entry timestamps and a fixed modification time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = fix_core_timestamps(content, moment)
            fixed = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return target_buffer.getvalue()


def fix_core_timestamps(content: bytes, moment: dt.datetime) -> bytes:
    """openpyxl writes the save time as `modified`; replace it with the fixed moment."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", content
    )


def write_xlsx(
    sheets: dict[str, pd.DataFrame], path: Path | str, epoch: int, cache: Path | None = None
) -> None:
    """Write a workbook; with `cache`, one made earlier from the same frames is reused.

    openpyxl takes about 20 ms per small workbook and a build writes some thirty downloads,
    nearly all unchanged after an edit. The cache keeps, per file name, the last workbook and
    what it was made from: the frames (values and types), the sheet names, the epoch and the
    code and openpyxl that made it. Because `xlsx_bytes` is deterministic, the reused bytes are
    the ones a fresh write would give.
    """
    if cache is None:
        write_atomically(path, xlsx_bytes(sheets, epoch))
        return
    key = workbook_key(sheets, epoch)
    kept, record = cache / Path(path).name, cache / f"{Path(path).name}.key"
    if record.is_file() and kept.is_file():
        made_from, _, digest = record.read_text(encoding="utf-8").partition(" ")
        data = kept.read_bytes()
        if made_from == key and hashlib.sha256(data).hexdigest() == digest:
            write_atomically(path, data)
            return
    data = xlsx_bytes(sheets, epoch)
    cache.mkdir(parents=True, exist_ok=True)
    write_atomically(kept, data)
    write_atomically(record, f"{key} {hashlib.sha256(data).hexdigest()}".encode())
    write_atomically(path, data)


def workbook_key(sheets: dict[str, pd.DataFrame], epoch: int) -> str:
    """What a workbook is made from, as one digest (see `write_xlsx`)."""
    hashed = hashlib.sha256(f"{epoch} openpyxl {version('openpyxl')}".encode())
    for module in (Path(__file__), Path(__file__).with_name("cell_safety.py")):
        hashed.update(module.read_bytes())
    for name, frame in sheets.items():
        hashed.update(name.encode() + b"\0" + str(list(frame.dtypes)).encode() + b"\0")
        hashed.update(frame.to_csv(index=False).encode())
    return hashed.hexdigest()
