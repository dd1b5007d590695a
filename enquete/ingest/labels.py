"""What an SPSS file says its codes mean, held against the codebook's answer scales.

A `.sav` carries a label for every code ("1 = Ja", "8 = Wil ik niet zeggen") and declares
which codes are missing. Both count: a declared missing code is a missing answer (the
scale's own missing code), and a file whose labels say that its code 1 is the codebook's
"Nee" does not silently become "Ja" — the build names the column, the code and both labels.
Labels are compared loosely (case, punctuation, one being the start of the other: "Ja" and
"Ja, herkennen wij"), with difflib from the standard library for the rest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from enquete.codebook import Scale

SAME_ANSWER = 0.75  # a label at least this close to another code's answer names that answer


def normalised(text: str) -> str:
    """A label as compared: NFKC, case-folded, punctuation dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def similarity(first: str, second: str) -> float:
    """How surely two labels say the same: 1 equal, 0.9 when one starts the other (whole
    words), otherwise difflib's ratio of the normalised texts."""
    a, b = normalised(first), normalised(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if long.startswith(short + " "):
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


def code_of(value: object) -> int | None:
    """A code as the codebook writes it, or None for a non-integer value."""
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


@dataclass(frozen=True)
class Conflict:
    """A code whose label in the file names another answer of the scale than the codebook's."""

    code: int
    label: str
    scale_label: str  # the codebook's answer for this code ("" when the scale has no such code)
    named_code: int  # the scale's code whose answer the label names
    named_label: str


def label_conflicts(labels: dict[float, str], scale: Scale, missing: set[int]) -> list[Conflict]:
    """The file's labelled codes (its declared missing codes aside) whose label is closer to
    another answer of the scale than to the answer the codebook gives that code."""
    conflicts = []
    for value, label in sorted(labels.items()):
        code = code_of(value)
        if code is None or code in missing:
            continue
        own = similarity(label, scale.values[code]) if code in scale.values else 0.0
        scores = [(similarity(label, text), other) for other, text in scale.values.items() if other != code]
        best, other = max(scores, default=(0.0, code))
        if best >= SAME_ANSWER and best > own:
            conflicts.append(Conflict(code, label, scale.values.get(code, ""), other, scale.values[other]))
    return conflicts


def missing_code(scale: Scale) -> int | None:
    """The scale's code for a missing answer ("weet niet / geen antwoord"): its lowest."""
    return min(scale.missing) if scale.missing else None
