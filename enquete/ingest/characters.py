"""Characters that have no place in an answer, handled where the text enters the build.

Every table a researcher delivers (response files, population, coding, reconciliation,
examples, the back test's reference) passes through here, so no step after ingest, and no
writer (openpyxl refuses control characters in a worksheet), meets them. Per class:

- **refused**, naming file, row, column, the character and where it stands: control
  characters (C0 except tab and line breaks, DEL, C1 U+0080–U+009F — in a UTF-8 file usually
  Windows text converted with the wrong encoding), the bidirectional embeddings, overrides
  and isolates (U+202A–U+202E, U+2066–U+2069: they change the order in which the text is
  shown, so a reader would see something else than what is stored), noncharacters and lone
  surrogates, and text longer than a spreadsheet cell holds (32 767 characters);
- **removed**, because they are invisible and carry nothing in Dutch text: zero-width space,
  word joiner, zero-width no-break space (a BOM inside the text), soft hyphen, the
  left-to-right and right-to-left marks, invisible operators and tag characters;
- **normalised**: a carriage return (with or without line feed) and the Unicode line and
  paragraph separators become one line feed.

Everything else — letters of any script, emoji (with their joiners and variation
selectors), tabs and line breaks — is kept; pages escape it and spreadsheets defuse it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from enquete.errors import InputError, Problem

MAX_CELL = 32_767  # characters in one Excel cell
MAX_PROBLEMS = 20
EXCERPT = 30
REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufff9-\ufffb"
    "\ufffe\uffff\ud800-\udfff\U0001fffe\U0001ffff\U000efffe\U000effff\U0010fffe\U0010ffff]"
)
REMOVED = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\ufeff\U000e0000-\U000e007f]"
)
LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")
CHANGED = re.compile(f"{REMOVED.pattern}|{LINE_BREAKS.pattern}")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
EXPECTED = "text without control characters (tab and line breaks are allowed)"


C0_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "TAB", "LINE FEED", "LINE TABULATION", "FORM FEED",
    "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE",
    "ESCAPE", "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR",
)  # fmt: skip


def character_name(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`; control characters have no name, only an alias."""
    name = unicodedata.name(char, "") or (C0_NAMES[ord(char)] if ord(char) < 0x20 else "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else " (control character)")


def excerpt(text: str, at: int) -> str:
    start = max(0, at - EXCERPT // 2)
    part = text[start : start + EXCERPT]
    return ("…" if start else "") + part + ("…" if start + EXCERPT < len(text) else "")


def cell_problem(text: str) -> tuple[str, str, str] | None:
    """(what, found, expected) when a text cannot be stored, else None."""
    bad = list(REFUSED.finditer(text))
    if bad:
        kinds = sorted({character_name(match.group()) for match in bad})
        first = bad[0].start()
        what = f"{'character' if len(kinds) == 1 else 'characters'} not allowed in text: {', '.join(kinds)}"
        what += f", first at character {first + 1}"
        if any(BIDI.match(match.group()) for match in bad):
            what += " (a bidirectional control changes the order in which the text is shown)"
        return what, excerpt(text, first), EXPECTED
    if len(text) > MAX_CELL:
        return (
            f"text longer than a spreadsheet cell holds ({len(text)} characters)",
            excerpt(text, 0),
            f"at most {MAX_CELL} characters in one cell",
        )
    return None


def clean(text: str) -> str:
    """The text as stored: invisible format characters removed, one kind of line break."""
    return LINE_BREAKS.sub("\n", REMOVED.sub("", text))


def is_clean(texts: list[str]) -> bool:
    """Whether none of the texts needs a refusal or a change, decided for all of them at once.

    `str.isprintable` runs at C speed and is false for every character this module refuses or
    changes (all are Unicode "Other" or "Separator"); only a column with such a character, or
    an allowed one like a no-break space, is searched with the slower expressions.
    """
    if not texts:
        return True
    if max(map(len, texts)) > MAX_CELL:
        return False
    joined = "".join(texts).replace("\n", "").replace("\t", "")
    return joined.isprintable() or not (REFUSED.search(joined) or CHANGED.search(joined))


def checked_text(frame: pd.DataFrame, shown: str, row_number: Callable[[int], int]) -> pd.DataFrame:
    """The table with every text cell cleaned; refuses the cells that cannot be stored.

    `row_number(index)` gives the row a researcher sees for a frame index; the column names
    are the header, row 1.
    """
    problems: list[Problem] = []
    more = 0

    def note(problem: Problem) -> None:
        nonlocal more
        if len(problems) < MAX_PROBLEMS:
            problems.append(problem)
        else:
            more += 1

    for position, name in enumerate(frame.columns, start=1):
        if isinstance(name, str) and (found := cell_problem(name)):
            note(
                Problem(
                    shown, found[0], row=1, column=f"column {position}", found=found[1], expected=found[2]
                )
            )
    cleaned = frame.copy()
    cleaned.columns = [clean(name) if isinstance(name, str) else name for name in frame.columns]
    for position in range(len(frame.columns)):
        column = frame.iloc[:, position]
        if not (pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype)):
            continue
        if is_clean([value for value in column.tolist() if isinstance(value, str)]):
            continue  # the common case, decided for the whole column at once
        values = []
        for index, value in column.items():
            if isinstance(value, str):
                found = cell_problem(value)
                if found:
                    note(
                        Problem(
                            shown,
                            found[0],
                            row=row_number(index),
                            column=str(cleaned.columns[position]),
                            found=found[1],
                            expected=found[2],
                        )
                    )
                value = clean(value)
            values.append(value)
        cleaned.isetitem(position, pd.Series(values, index=column.index, dtype=column.dtype))
    if more:
        problems.append(Problem(shown, f"and {more} more cells with the same kind of problem"))
    if problems:
        raise InputError(
            problems,
            remedy="remove these characters (often pasted from another program or a web page) or shorten "
            "the text, and save the file again; characters U+0080–U+009F usually mean text was converted "
            "with the wrong encoding: export the file again as UTF-8.",
        )
    return cleaned
