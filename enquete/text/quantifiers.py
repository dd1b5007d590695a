"""Words that claim a share ('de meeste', 'ongeveer de helft', 'enkele'), checked against the
figure they describe.

The table lives in `config/kwantoren.yaml` (Dutch keys, documented there and in docs/researcher.md):
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
from typing import Any

from enquete import config
from enquete.text.typed_counts import NOUN, normalise
from enquete.yamlfiles import Finding, read_validated_yaml

QUANTIFIER_TABLE = Path(config.QUANTIFIER_TABLE)

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
        """What the word claims, as the table in docs/researcher.md says it: 'share > 0.5'."""
        return " and ".join(CONDITIONS[key][2].format(value) for key, value in self.conditions)


@dataclass(frozen=True)
class QuantifierUse:
    """A quantifier found in a sentence: where, and whether it is about the respondents."""

    quantifier: Quantifier
    start: int
    end: int
    about_respondents: bool = False


# A quantifier is about the respondents when a gemeente noun follows it closely ('de meeste
# grote centrumgemeenten'), when 'van hen' or 'daarvan' follows, or when 'van de … gemeenten'
# comes shortly before it in its sentence ('Van de centrumgemeenten herkent de meerderheid …').
NOUN_FOLLOWS = re.compile(rf"(?:[\s\-]+[^\s.,;:!?]+){{0,4}}?[\s\-]+{NOUN}(?!\w)")
PRONOUN_FOLLOWS = re.compile(
    r"\s*(?:van\s+(?:hen|hun|deze|die|wie)|daarvan|hiervan|ervan|waarvan|onder\s+hen)(?!\w)"
)
NOUN_BEFORE = re.compile(
    rf"(?:^|\s)(?:van|onder)\s+(?:\S+\s+){{0,3}}?{NOUN}(?:,?\s+[^\s.,;:!?]+){{0,2}},?\s*$"
)


class QuantifierTable:
    """The declared table, and finding its words in text (longest match first)."""

    def __init__(self, quantifiers: list[Quantifier]) -> None:
        self.by_words = {normalised_words(q.words): q for q in quantifiers}
        alternatives = sorted(self.by_words, key=len, reverse=True)
        spaced = (re.escape(words).replace(r"\ ", r"(?:\s+|\s*-\s*)") for words in alternatives)
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(spaced) + r")(?![\w-])")

    def find(self, text: str) -> list[QuantifierUse]:
        plain, origin = normalise(text)
        uses = []
        for match in self.pattern.finditer(plain):
            words = normalised_words(match.group(0))
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            about = bool(
                NOUN_FOLLOWS.match(plain, match.end())
                or PRONOUN_FOLLOWS.match(plain, match.end())
                or NOUN_BEFORE.search(plain[max(0, match.start() - 80) : match.start()])
            )
            uses.append(QuantifierUse(self.by_words[words], start, end, about))
        return uses


def normalised_words(words: str) -> str:
    """A spelling as the table compares it: normalised, hyphens as spaces ('twee-derde')."""
    return " ".join(normalise(words)[0].replace("-", " ").split())


def load_quantifier_table(path: Path | str = QUANTIFIER_TABLE) -> QuantifierTable:
    """Read and validate the table: its schema, no spelling twice (which claim would hold?), and
    conditions that some share can meet (a minimum above the maximum never can)."""
    data = read_validated_yaml(path, "kwantoren", "the quantifier table", checks=[table_findings])
    quantifiers = [
        Quantifier(words, tuple((key, value) for key, value in entry.items() if key != "woorden"))
        for entry in data["kwantoren"]
        for words in entry["woorden"]
    ]
    return QuantifierTable(quantifiers)


def table_findings(data: dict[str, Any]) -> list[Finding]:
    findings = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(data["kwantoren"]):
        for number, words in enumerate(entry["woorden"]):
            key = normalised_words(words)
            place = ("kwantoren", str(index), "woorden", str(number))
            if key in seen:
                findings.append(
                    Finding(
                        place,
                        "a quantifier is listed twice",
                        words,
                        f"each spelling once (after normalising case, spaces and hyphens it is "
                        f"already in {seen[key]})",
                    )
                )
            seen.setdefault(key, "/".join(place))
        contradiction = impossible(entry)
        if contradiction:
            findings.append(
                Finding(
                    ("kwantoren", str(index)),
                    f"the conditions of {entry['woorden'][0]!r} can never hold",
                    contradiction,
                    "a minimum at most the maximum",
                )
            )
    return findings


def impossible(entry: dict[str, Any]) -> str:
    """Why no count and base can meet an entry's conditions (a minimum above its maximum), or ''."""
    lows = {key: entry[key] for key in ("aandeel_minimaal", "aandeel_meer_dan") if key in entry}
    highs = {key: entry[key] for key in ("aandeel_maximaal", "aandeel_minder_dan") if key in entry}
    if entry.get("aantal_is_basis"):
        lows["aantal_is_basis (share 1)"] = 1
    for low_key, low in lows.items():
        for high_key, high in highs.items():
            strict = low_key == "aandeel_meer_dan" or high_key == "aandeel_minder_dan"
            if low > high or (strict and low == high):
                return f"{low_key}: {low} above {high_key}: {high}"
    lows = {key: entry[key] for key in ("aantal_minimaal", "aantal") if key in entry}
    highs = {key: entry[key] for key in ("aantal_maximaal", "aantal") if key in entry}
    for low_key, low in lows.items():
        for high_key, high in highs.items():
            if low > high:
                return f"{low_key}: {low} above {high_key}: {high}"
    return ""


def share_text(count: int, base: int | None) -> str:
    """'11 van 24 (46 %)', as the refusal names the figure."""
    if not base:
        return f"{count} (geen basis)"
    return f"{count} van {base} ({round_half_up(100 * count / base)} %)"


def round_half_up(value: float) -> int:
    """Percentages as a reader rounds them: 56.5 → 57 (Python's round() would give 56)."""
    return int(value + 0.5 + 1e-9)
