"""Errors about input data that a researcher can act on.

A bad input file must stop the build with a message that names the file, the row, the
column, what was found and what was expected — never with a traceback. Every reader and
validator collects all problems of a file into one `InputError`, so a researcher fixes a
file in one go instead of one rerun per mistake.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of an input file."""

    file: str
    what: str
    row: int | None = None
    column: str | None = None
    found: str | None = None
    expected: str | None = None
    line: int | None = None  # a text file's line, for files without rows (YAML)
    key: str | None = None  # a YAML key, as a path: waves/2019/published
    place: str | None = None  # anything else that locates it: "sheet 'Blad1', cell D7"

    def describe(self) -> str:
        where = [self.file]
        if self.place:
            where.append(self.place)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        if self.key:
            where.append(f"key '{self.key}'")
        text = f"{', '.join(where)}: {self.what}"
        if self.found is not None:
            text += f"; found {self.found!r}"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        return text


class InputError(Exception):
    """Raised when input files are missing or wrong; carries every problem found."""

    def __init__(self, problems: list[Problem], remedy: str = "", context: str = "") -> None:
        self.problems = problems
        self.remedy = remedy
        self.context = context
        super().__init__(self.message())

    def message(self) -> str:
        count = len(self.problems)
        scope = f" for {self.context}" if self.context else ""
        lines = [f"Input refused{scope}: {count} problem{'s' if count != 1 else ''} found."]
        lines += [f"  - {problem.describe()}" for problem in self.problems]
        if self.remedy:
            lines.append(f"What to do: {self.remedy}")
        return "\n".join(lines)


def display_path(path: Path | str) -> str:
    """A path as the researcher typed it: relative to the working directory when possible."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def require_file(path: Path | str, what: str) -> Path:
    """Stop with a clear message when an input file that the configuration names is absent."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            [Problem(display_path(path), f"{what} is missing", expected="an existing file")],
            remedy="put the file in place, or correct its path in config/config.yaml.",
        )
    return path


def failure_message(command: str, error: Exception) -> str:
    """What a researcher reads when a command fails: the project's message for bad input; for
    anything else, that it is unexpected (with the traceback only under ENQUETE_DEBUG)."""
    if isinstance(error, InputError):
        return error.message()
    if os.environ.get("ENQUETE_DEBUG"):
        traceback.print_exc()
        return f"enquete {command}: unexpected error: {type(error).__name__}: {error}"
    return (
        f"enquete {command}: unexpected error: {type(error).__name__}: {error}\n"
        "Run again with ENQUETE_DEBUG=1 for the technical details."
    )
