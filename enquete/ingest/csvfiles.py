"""How a delivered CSV file is written: its separator, its encoding's byte-order mark, and
whether every line has the header's number of fields.

Excel saves "CSV" the way the computer's region says: on a Dutch Windows that is `;` between
fields (the comma is the decimal sign), UTF-8 with a byte-order mark ("CSV UTF-8") or
Windows-1252 ("CSV (gescheiden door lijstscheidingsteken)"), and CRLF line ends. Read with a
comma, such a file is one column whose name is the whole header line, and every column the
codebook asks for is "missing" — the separator is the cause, so this module finds it
(`csv.Sniffer`) or takes it from the source's `separator`, and a file that still cannot be
parsed is refused naming the line, what was found and what was expected.
"""

from __future__ import annotations

import codecs
import csv
import io

from enquete.errors import Problem

SEPARATORS = ",;\t|"  # the ones spreadsheets and survey tools write
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
SAMPLE_CHARACTERS = 64 * 1024
MAX_PROBLEMS = 20
# Python's csv module stops at 128 KiB per field; pandas has no such limit. A long answer must
# reach the validation that names it (row, column, length), not fail here as unreadable CSV.
LONGEST_FIELD = 2**31 - 1
csv.field_size_limit(LONGEST_FIELD)


def reading_encoding(data: bytes, declared: str) -> str:
    """The codec to decode with: UTF-8 also when the file starts with a byte-order mark
    (Excel's "CSV UTF-8"), so the mark never becomes part of the first column's name."""
    utf8 = codecs.lookup(declared).name == "utf-8" if declared else True
    return "utf-8-sig" if utf8 and data.startswith(codecs.BOM_UTF8) else (declared or "utf-8")


def separator_name(separator: str) -> str:
    return f"{SEPARATOR_NAMES.get(separator, repr(separator))} ({separator!r})"


def detected_separator(text: str) -> str:
    """The field separator of a CSV text: the sniffer's guess among the usual ones, checked
    against the header line; a comma when the file has one column or nothing to go by."""
    sample = text[:SAMPLE_CHARACTERS]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=SEPARATORS)
        found = dialect.delimiter
    except csv.Error:
        found = ""
    header = sample.splitlines()[0] if sample.splitlines() else ""
    if found and found in header:
        return found
    counts = {separator: header.count(separator) for separator in SEPARATORS}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def field_count_problems(text: str, separator: str, shown: str) -> list[Problem]:
    """Every line whose number of fields differs from the header's, by line number: the
    usual reason is a separator inside an unquoted cell, or a line cut in two."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    problems: list[Problem] = []
    expected = 0
    first_line = 1
    try:
        for number, record in enumerate(reader, start=1):
            line, first_line = first_line, reader.line_num + 1
            if number == 1:
                expected = len(record)
                continue
            if not record or len(record) == expected:
                continue
            problems.append(
                Problem(
                    shown,
                    "line does not have the header's number of fields",
                    line=line,
                    found=f"{len(record)} fields separated by {separator_name(separator)}",
                    expected=f"{expected} fields, as in the header; a cell that contains the "
                    f'separator must be quoted ("…")',
                )
            )
            if len(problems) == MAX_PROBLEMS:
                break
    except csv.Error as error:
        problems.append(
            Problem(
                shown,
                "cannot be read as CSV",
                line=reader.line_num,
                found=str(error),
                expected=f"fields separated by {separator_name(separator)}, text in double quotes",
            )
        )
    return problems
