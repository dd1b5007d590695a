"""Counts of gemeenten typed into researcher text, which must be ledger references instead.

A number about gemeenten in the report comes from the ledger, so that new data can never
leave an old number standing in the prose. The detector looks for a number — digits or a
Dutch number word — close before a gemeente noun ('13 centrumgemeenten', 'tien andere
gemeenten', '57 procent van de gemeenten'), for 'x van (de) y' with two numbers, for a typed
base after a reference ('… van de 23') and for 'n = 23'. Numbers that say nothing about
respondents stay allowed: years, laws ('Wmo 2015'), dates, chapter and footnote numbers,
ordinals.

The text is normalised first (case, non-breaking and zero-width spaces, soft hyphens,
typographic apostrophes, Unicode compatibility forms), keeping a map back to the original
characters so that a finding names the text as the researcher typed it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from enquete.text.number_words import spelled_counts

# Stands in for a rendered reference: the detector sees that a number was referenced.
REFERENCE = "\u2063"  # INVISIBLE SEPARATOR, never typed by a writer (it is removed from input)

INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2063"}
APOSTROPHES = {"\u2019", "\u2018", "\u02bc", "`", "\u00b4"}

NOUN = r"(?:\w*gemeente(?!lijk)\w*|\w*respondent\w*|\w*regio(?:'s|s)?)"
MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
# Words after which a number names a thing, not a count of gemeenten.
NAMING = (
    r"wmo|wet|jeugdwet|participatiewet|artikel|art|lid|hoofdstuk|paragraaf|§|bijlage|figuur"
    r"|tabel|thema|vraag|versie|nummer|nr|pagina|blz|bladzijde|stap|fase|meting|ronde|kamerstuk"
    r"|kamerstukken|motie|voetnoot|noot|eind|begin|medio|peildatum"
)
# Words that may stand between a count and its noun: articles and inflected adjectives.
BETWEEN = r"(?:van|de|het|der|alle|ook|nog|slechts|ruim|bijna|circa|ongeveer|zo'n|procent|%|\w+e)"


def number_pattern() -> str:
    words = sorted(spelled_counts(), key=len, reverse=True)
    return r"(?:\d+(?:[.,]\d+)?|" + "|".join(map(re.escape, words)) + ")"


NUMBER = number_pattern()
GAP = r"[\s()\[\]:,;\-–—]*"
COUNT_BEFORE_NOUN = re.compile(
    rf"(?<![\w^]){NUMBER}(?!\w)(?:{GAP}{BETWEEN}){{0,4}}{GAP}{NOUN}(?!\w)", re.UNICODE
)
X_OF_Y = re.compile(rf"(?<![\w^])(?:{NUMBER}|{REFERENCE}){GAP}van{GAP}(?:de\s+)?{NUMBER}(?!\w)")
N_IS = re.compile(r"(?<!\w)n\s*=\s*\d+")
YEAR = re.compile(r"(1[89]|20)\d\d")
NAMED_BEFORE = re.compile(rf"(?:^|[^\w])(?:{NAMING})\.?\s*$")
DATE_AFTER = re.compile(rf"\s*(?:{MONTHS})(?!\w)")
FOOTNOTE = re.compile(r"\[\^[^\]]*$")


@dataclass(frozen=True)
class TypedCount:
    """A typed count: where it starts and ends in the original text, and that text."""

    start: int
    end: int
    text: str


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case, compatibility-folded text with plain spaces and apostrophes, and for each of
    its characters the index of the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in INVISIBLE and char != REFERENCE:
            continue
        if char in APOSTROPHES:
            char = "'"
        elif char.isspace():
            char = " "
        for folded in unicodedata.normalize("NFKC", char).casefold():
            out.append(folded)
            origin.append(index)
    composed = "".join(out)
    if unicodedata.is_normalized("NFC", composed):
        return composed, origin
    return compose(out, origin)


def compose(chars: list[str], origin: list[int]) -> tuple[str, list[int]]:
    """Combine base letters with combining marks typed separately ('e' + U+0308 → 'ë')."""
    out: list[str] = []
    kept: list[int] = []
    for char, index in zip(chars, origin, strict=True):
        if out and unicodedata.combining(char):
            out[-1] = unicodedata.normalize("NFC", out[-1] + char)
        else:
            out.append(char)
            kept.append(index)
    return "".join(out), kept


def typed_counts(text: str) -> list[TypedCount]:
    """Every typed count in `text`, in order; respondent-free numbers are left alone."""
    plain, origin = normalise(text)
    found: list[tuple[int, int]] = []
    for match in COUNT_BEFORE_NOUN.finditer(plain):
        if not respondent_free(plain, match.start(), match.end()):
            found.append(match.span())
    found += [m.span() for m in X_OF_Y.finditer(plain) if not is_year_pair(m.group(0))]
    found += [m.span() for m in N_IS.finditer(plain)]
    return [
        TypedCount(origin[start], origin[end - 1] + 1, text[origin[start] : origin[end - 1] + 1])
        for start, end in merged(found)
    ]


def respondent_free(plain: str, start: int, end: int) -> bool:
    """A number that is a year, part of a name or a date, or a footnote marker (ordinals such
    as '13e' never match: a count is followed by a space)."""
    number = re.match(NUMBER, plain[start:end])
    token = number.group(0) if number else ""
    before = plain[:start]
    return bool(
        YEAR.fullmatch(token)
        or NAMED_BEFORE.search(before[-40:])
        or DATE_AFTER.match(plain, start + len(token))
        or FOOTNOTE.search(before[-20:])
    )


def is_year_pair(text: str) -> bool:
    """'… van 2015' names a year, not a base."""
    return bool(YEAR.fullmatch(text.split()[-1]))


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping findings as one: '3 van de 23 centrumgemeenten' is one typed count."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result
