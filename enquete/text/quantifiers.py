"""Words that claim a share ('de meeste', 'ongeveer de helft', 'enkele'), checked against the
figure they describe.

The table lives in `config/kwantoren.yaml` (Dutch keys, documented there and in the README):
each entry lists words and the conditions on count, base and share = count / base that the
words claim. When new data moves a figure past a threshold, the sentence that still says
'de meeste' stops the build instead of misleading a reader.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from enquete.errors import InputError, Problem, display_path
from enquete.text.typed_counts import normalise
from enquete.yamlfiles import read_validated_yaml

QUANTIFIER_TABLE = Path("config/kwantoren.yaml")

# key in the table → (what is compared, comparison, how a reader says it)
CONDITIONS: dict[str, tuple[str, Callable[[float, float], bool], str]] = {
    "aandeel_minimaal": ("share", operator.ge, "share ≥ {}"),
    "aandeel_meer_dan": ("share", operator.gt, "share > {}"),
    "aandeel_maximaal": ("share", operator.le, "share ≤ {}"),
    "aandeel_minder_dan": ("share", operator.lt, "share < {}"),
    "aantal_minimaal": ("count", operator.ge, "count ≥ {}"),
    "aantal_maximaal": ("count", operator.le, "count ≤ {}"),
    "aantal": ("count", operator.eq, "count = {}"),
    "aantal_is_basis": ("count", lambda count, base: count == base, "count = base"),
}


@dataclass(frozen=True)
class Quantifier:
    """One word of the table with the conditions it claims."""

    words: str
    conditions: tuple[tuple[str, float], ...]

    def fits(self, count: int, base: int | None) -> bool:
        share = count / base if base else None
        for key, value in self.conditions:
            measure, compare, _ = CONDITIONS[key]
            if key == "aantal_is_basis":
                if base is None or not compare(count, base):
                    return False
            elif measure == "share":
                if share is None or not compare(share, value):
                    return False
            elif not compare(count, value):
                return False
        return True

    def claim(self) -> str:
        """What the word claims, as the README's table says it: 'share > 0.5'."""
        return " and ".join(CONDITIONS[key][2].format(value) for key, value in self.conditions)


@dataclass(frozen=True)
class QuantifierUse:
    """A quantifier found in a sentence: where, and the words as typed."""

    quantifier: Quantifier
    start: int
    end: int


class QuantifierTable:
    """The declared table, and finding its words in text (longest match first)."""

    def __init__(self, quantifiers: list[Quantifier]) -> None:
        self.by_words = {normalised_words(q.words): q for q in quantifiers}
        alternatives = sorted(self.by_words, key=len, reverse=True)
        spaced = (re.escape(words).replace(r"\ ", r"\s+") for words in alternatives)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)")

    def find(self, text: str) -> list[QuantifierUse]:
        plain, origin = normalise(text)
        uses = []
        for match in self.pattern.finditer(plain):
            words = " ".join(match.group(0).split())
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            uses.append(QuantifierUse(self.by_words[words], start, end))
        return uses


def normalised_words(words: str) -> str:
    return " ".join(normalise(words)[0].split())


def load_quantifier_table(path: Path | str = QUANTIFIER_TABLE) -> QuantifierTable:
    """Read and validate the table; a word listed twice is refused (which claim would hold?)."""
    data = read_validated_yaml(path, "kwantoren", "the quantifier table")
    quantifiers: list[Quantifier] = []
    seen: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(data["kwantoren"]):
        conditions = tuple((key, value) for key, value in entry.items() if key != "woorden")
        for words in entry["woorden"]:
            key = normalised_words(words)
            if key in seen:
                problems.append(
                    Problem(
                        display_path(path),
                        "a quantifier is listed twice",
                        column=f"kwantoren/{index}/woorden",
                        found=words,
                        expected=f"each word in one entry only (it is already in entry {seen[key]})",
                    )
                )
            seen[key] = index
            quantifiers.append(Quantifier(words, conditions))
    if problems:
        raise InputError(problems, remedy=f"keep one entry per word in {display_path(path)}.")
    return QuantifierTable(quantifiers)


def share_text(count: int, base: int | None) -> str:
    """'11 van 24 (46 %)', as the refusal names the figure."""
    if not base:
        return f"{count} (geen basis)"
    return f"{count} van {base} ({round_half_up(100 * count / base)} %)"


def round_half_up(value: float) -> int:
    """Percentages as a reader rounds them: 56.5 → 57 (Python's round() would give 56)."""
    return int(value + 0.5 + 1e-9)
