"""Text that is not in its declared encoding, located the way a researcher looks for it.

A decoder reports a byte offset ("position 2817"), which no editor or spreadsheet shows.
These functions turn it into the place a researcher can find: the row and column of a CSV
file (every bad cell at once), or the line and column of a text file such as a YAML
configuration. Bytes that do not decode are kept as surrogates (`surrogateescape`), so
the rest of the file can still be read around them.
"""

from __future__ import annotations

import csv
import io
import re

from enquete.errors import Problem
from enquete.ingest import csvfiles  # noqa: F401  (lifts the csv module's field limit for long answers)

UNDECODED = re.compile("[\udc80-\udcff]+")
MAX_PROBLEMS = 20  # enough to see the pattern; a wholly mis-encoded file would list thousands
SHOWN_CHARACTERS = 60


def shown_bytes(text: str) -> str:
    """The bytes that did not decode, as an editor's hex view shows them: 0xEB 0x80."""
    return " ".join(f"0x{ord(char) - 0xDC00:02X}" for char in text)


def readable(text: str) -> str:
    """Text around the bad bytes, with each undecodable byte shown as '�'."""
    match = UNDECODED.search(text)
    start = max(0, (match.start() if match else 0) - SHOWN_CHARACTERS // 2)
    excerpt = UNDECODED.sub(lambda m: "\ufffd" * len(m.group()), text[start : start + SHOWN_CHARACTERS])
    return ("…" if start else "") + excerpt + ("…" if start + SHOWN_CHARACTERS < len(text) else "")


def csv_encoding_problems(data: bytes, encoding: str, shown: str, separator: str = ",") -> list[Problem]:
    """Every cell of a CSV file that is not valid `encoding` text, by row and column name."""
    try:
        text = data.decode(encoding, errors="surrogateescape")
    except (UnicodeDecodeError, LookupError):  # an encoding the handler cannot step over
        return []
    problems: list[Problem] = []
    header: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    first_line = 1  # a quoted cell may span lines: then a row starts on a later line
    for number, record in enumerate(reader, start=1):
        line, first_line = first_line, reader.line_num + 1
        if number == 1:
            header = record
        for index, cell in enumerate(record):
            bad = UNDECODED.search(cell)
            if bad is None:
                continue
            bad_line = line + sum(c.count("\n") for c in record[:index]) + cell[: bad.start()].count("\n")
            name = header[index] if index < len(header) and not UNDECODED.search(header[index]) else ""
            problems.append(
                Problem(
                    shown,
                    f"is not valid {encoding} text (byte {shown_bytes(bad.group())})",
                    row=number,
                    line=None if bad_line == number else bad_line,
                    column=name or f"column {index + 1}",
                    found=readable(cell),
                    expected=f"text encoded as {encoding}",
                )
            )
            if len(problems) == MAX_PROBLEMS:
                return problems
    return problems


def text_position(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """Line and column (both from 1) of the byte at `offset`, as an editor counts them."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode(encoding, errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def decoding_problem(data: bytes, error: UnicodeDecodeError, shown: str, what: str) -> Problem:
    """The first undecodable byte of a text file, by line and column."""
    line, column = text_position(data, error.start, error.encoding)
    end = data.find(b"\n", error.start)
    rest = data[data.rfind(b"\n", 0, error.start) + 1 : end if end >= 0 else len(data)]
    return Problem(
        shown,
        f"{what} is not valid {error.encoding} text (byte 0x{data[error.start]:02X})",
        place=f"line {line}, column {column}",
        found=readable(rest.decode(error.encoding, errors="surrogateescape")),
        expected=f"text encoded as {error.encoding}; save the file as UTF-8",
    )
