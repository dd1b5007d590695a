"""Cells a spreadsheet would evaluate, and how every CSV and XLSX of the project defuses them.

A text cell that starts with `=`, `+`, `-` or `@`, or with a tab or a carriage return, is
read by Excel and LibreOffice as a formula (OWASP, "CSV Injection"): a codebook label
`=HYPERLINK("https://…";"Klik")` or an answer `@SUM(…)` would run when a reader opens a
download. Spreadsheets also look past leading spaces, and full-width or small forms of
these characters (`＝`, `﹢`, `－`) and other dashes (`−`, `–`) may be folded to them, so the
decision is made on each leading character after NFKC normalisation, skipping whitespace
and invisible format characters.

CSV: such a cell gets a single quote `'` in front, as OWASP advises. (In both formats a
carriage return in a cell becomes a line feed, so no CSV row is ever split.) XLSX: such a cell stays
the original text, written as a string with Excel's own quote prefix (the `quotePrefix`
style), so it never becomes a formula, not even when a reader edits it.

Numbers are not formulas: a plain number such as `-1` or `-2,5` stays as it is, so a
count stays a number. Reading back strips exactly the quote this module added and nothing
else: a text that itself begins with quotes in front of a formula character (`'=x`) gets one
more quote when written, so every text survives the round trip.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

PREFIX = "'"
TRIGGERS = frozenset("=+-@\t\r")
MINUS_SIGNS = frozenset("\u2212\u2796\ufe63\uff0d")  # minus sign, heavy minus, small and full-width
# A plain number as a spreadsheet reads it: sign, digits (with . or , as separators), exponent, %.
NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def _is_trigger(char: str) -> bool:
    folded = unicodedata.normalize("NFKC", char)[:1] or char
    return folded in TRIGGERS or char in MINUS_SIGNS or unicodedata.category(char) == "Pd"


def _starts_formula(text: str, skip_quotes: bool) -> bool:
    """Whether the first character a spreadsheet decides on starts a formula.

    Leading whitespace and invisible format characters are looked past (and, for the
    writer's decision, quotes); a plain number is no formula.
    """
    if text[:1].isalnum():  # the common case: a letter or digit first decides at once
        return False
    for index, char in enumerate(text):
        if _is_trigger(char):
            return NUMBER.fullmatch(text[index:].strip()) is None
        folded = unicodedata.normalize("NFKC", char)[:1] or char
        if folded.isspace() or unicodedata.category(char) == "Cf" or (skip_quotes and folded == PREFIX):
            continue
        return False
    return False


def evaluable(text: str) -> bool:
    """Whether a spreadsheet would evaluate this cell text (the gate's test)."""
    return _starts_formula(text, skip_quotes=False)


def needs_prefix(text: str) -> bool:
    """Whether the writer puts a quote in front: evaluable, or evaluable behind leading quotes.

    Skipping quotes makes the decision the same for `'…` and `…`, which is what lets
    `restore` strip exactly the quote `neutralise` added.
    """
    return _starts_formula(text, skip_quotes=True)


def neutralise(text: str) -> str:
    """The cell text as written to a CSV file: never evaluated, numbers unchanged."""
    return PREFIX + text if needs_prefix(text) else text


def restore(text: str) -> str:
    """The original text of a cell `neutralise` wrote (a spreadsheet keeps the quote)."""
    return text[1:] if text.startswith(PREFIX) and needs_prefix(text[1:]) else text


def line_feeds(text: str) -> str:
    """Line breaks as line feeds: the CSV writer does not quote a lone carriage return, so it
    would end the row, and an XLSX reader turns it into a line feed anyway."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def csv_text(text: str) -> str:
    """A cell as written to CSV: defused, its line breaks line feeds."""
    return neutralise(line_feeds(text))


def _text_columns(frame: pd.DataFrame) -> list:
    return [
        name
        for name, dtype in frame.dtypes.items()
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
    ]


def _map_frame(
    frame: pd.DataFrame, function: Callable[[str], str], unchanged: Callable[[str], bool]
) -> pd.DataFrame:
    """`function` on every text cell and column name; `unchanged` is a quick test that spares
    the call for the many cells it would leave as they are."""

    def cell(value: object) -> object:
        return value if not isinstance(value, str) or unchanged(value) else function(value)

    result = frame.copy()
    for name in _text_columns(frame):
        result[name] = frame[name].map(cell)
    result.columns = [cell(name) for name in frame.columns]
    return result


def _plain_csv_text(text: str) -> bool:
    return text[:1].isalnum() and "\r" not in text


def _not_quoted(text: str) -> bool:
    return not text.startswith(PREFIX)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and column name as `csv_text` writes it; numbers and empty cells as
    they are."""
    return _map_frame(frame, csv_text, _plain_csv_text)


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of `neutralise_frame` for a table read back as text."""
    return _map_frame(frame, restore, _not_quoted)
