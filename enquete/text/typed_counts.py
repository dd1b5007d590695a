"""Numbers typed into researcher text, which must be ledger references instead.

A number in the report comes from the ledger, so that new data can never leave an old number
standing in the prose. Every number the reader reads is a typed count — digits ('13', '13
centrum-gemeenten'), a Dutch number word ('dertien', 'Van hen vinden er dertien het zwaar.'),
a fraction ('13/23'), a percentage ('57%', '57 pct.', '57 procent'), with or without a noun
after it — unless it is of a kind the declared allow-list (`ALLOWED`, in docs/researcher.md) names:
years, laws and other named numbers ('Wmo 2015', 'artikel 3', 'hoofdstuk 2'), dates, times,
money, durations ('zes tot acht weken'), telephone numbers and '24/7'. Ordinals ('13e',
'tweede') are not counts. 'één' counts only when a gemeente noun or 'van' follows ('één van de
gemeenten'), since 'één loket' names no respondents. Shares in words ('tweederde', 'de helft
van hen') are quantifiers, checked by `quantifiers.py`.

The text is normalised once (`normalise`: Unicode compatibility forms, case, every kind of
space and dash, soft hyphens and other invisible characters, typographic apostrophes),
keeping a map back to the original characters so that a finding names the text as typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from enquete.text.number_words import spelled_counts

# Stands in for a rendered reference: the detector sees that a number was referenced.
REFERENCE = "\u2063"  # INVISIBLE SEPARATOR, never typed by a writer (it is removed from input)

INVISIBLE = {"\u00ad", "\u180e", "\u200b", "\u200c", "\u200d", "\u2060", "\u2061", "\u2062", "\u2064"}
INVISIBLE |= {"\ufeff", "\u034f"}
APOSTROPHES = {"\u2019", "\u2018", "\u02bc", "\u02bb", "`", "\u00b4", "\u2032"}
DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u00ac")

# Nouns for the respondents, also hyphenated ('centrum-gemeenten', 'G4-gemeenten').
NOUN = (
    r"(?:(?:\w+-)*(?:\w*gemeente(?!lijk)\w*|\w*respondent\w*|\w*regio(?:'s|s)?|\w*steden|stad"
    r"|\w*deelnemer\w*))"
)
MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
# The allow-list: the kinds of number that say nothing about respondents (docs/researcher.md, *Numbers are
# references*). Words after which a number names a thing:
NAMING = (
    r"wmo|wet|jeugdwet|participatiewet|artikel|art|artt|lid|hoofdstuk|paragraaf|§|bijlage|figuur"
    r"|tabel|thema|vraag|versie|nummer|nr|no|pagina|blz|bladzijde|p|pp|stap|fase|meting|ronde"
    r"|kamerstuk|kamerstukken|motie|voetnoot|noot|eind|begin|medio|peildatum|niveau|groep|klasse"
)
# Units after which a number is money or a duration (or a time of day: '13.00 uur').
UNITS = (
    r"euro|eur|cent|€|miljoen\s+euro|miljard\s+euro|seconde|seconden|sec|minuut|minuten|min|uur"
    r"|uren|etmaal|etmalen|dag|dagen|werkdag|werkdagen|week|weken|werkweek|werkweken|maand"
    r"|maanden|kwartaal|kwartalen|jaar|jaren|schooljaar|schooljaren|decennium|decennia|eeuw|eeuwen"
)
ALLOWED = {
    "years": "1800–2099 written in four digits ('in 2017', '2017–2019')",
    "named numbers": "after " + ", ".join(NAMING.split("|")[:12]) + " … ('Wmo 2015', 'artikel 3')",
    "dates and times": "'1 januari', '1-1-2018', '13.00 uur', '9:30'",
    "money": "'€ 1.500', '5 euro', '2 miljoen euro'",
    "durations": "'zes tot acht weken', '24 uur', '3 maanden'",
    "other": "telephone numbers ('0800-2000'), '24/7', ordinals ('13e', 'tweede')",
}

DIGITS = r"\d+(?:[.,]\d+)*"


def number_words() -> list[str]:
    """The number words a count may be typed in, longest first (not 'een', the article)."""
    return sorted(spelled_counts() | {"nul", "duizend"}, key=len, reverse=True)


WORDS = "|".join(map(re.escape, number_words()))
ONE = {"één", "eén", "éen"}
NUMBER = rf"(?:{DIGITS}|{WORDS})"
TOKEN = re.compile(rf"(?<![\w])(?<!\d[.,/])(?:{DIGITS}|{WORDS})(?![\w])(?![.,]\d)")
GAP = r"[\s()\[\]:,;\-]*"
# Words that may stand between a count and its noun: articles and inflected adjectives.
BETWEEN = r"(?:van|de|het|der|alle|ook|nog|slechts|ruim|bijna|circa|ongeveer|zo'n|\w+e)"
NOUN_AFTER = re.compile(rf"(?:{GAP}{BETWEEN}){{0,4}}{GAP}{NOUN}(?!\w)")
PERCENT_AFTER = re.compile(r"\s*(?:%|procent|pct\b\.?|percent|procentpunt(?:en)?)")
FRACTION_AFTER = re.compile(rf"\s*/\s*{DIGITS}(?!\w)")
X_OF_Y = re.compile(rf"(?<![\w])(?:{NUMBER}|{REFERENCE}){GAP}van{GAP}(?:de\s+)?{NUMBER}(?!\w)")
N_IS = re.compile(r"(?<!\w)n\s*=\s*\d+")
YEAR = re.compile(r"(1[89]|20)\d\d")
NAMED_BEFORE = re.compile(rf"(?:^|[^\w])(?:{NAMING})\.?\s*(?:nr\.?\s*|nummer\s+)?(?:\d+[\s.,/-]+)*$")
MONEY_BEFORE = re.compile(r"(?:€|eur|euro|\$|£)\s*$")
RANGE = rf"(?:\s*(?:-|tot|à|a|of|en)\s*{NUMBER})?"
UNIT_AFTER = re.compile(rf"{RANGE}(?:\s*(?:miljoen|miljard|duizend))?\s*(?:{UNITS})(?!\w)")
DATE_AFTER = re.compile(rf"{RANGE}\s*(?:{MONTHS})(?!\w)")
ONE_COUNTS = re.compile(rf"(?:\s+(?:van|op)\s|(?:\s+\S+){{0,3}}?\s+{NOUN}(?!\w))")
# Spans in which no digit is a count: numeric dates, times, phone numbers, addresses.
FIXED = re.compile(
    r"(?<!\w)(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[:.]\d{2}(?=\s*uur)|\d{1,2}:\d{2}|24/7"
    r"|(?:\+31|0)\d{2,3}[- ]?\d{4,7}|112|(?:1[89]|20)\d\d\s*[/-]\s*(?:(?:1[89]|20)\d\d|\d\d))(?![\w/])"
    r"|(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+"
)


@dataclass(frozen=True)
class TypedCount:
    """A typed count: where it starts and ends in the original text, that text, its kind."""

    start: int
    end: int
    text: str
    kind: str = "count"  # count, percentage or fraction


def normalise(text: str) -> tuple[str, list[int]]:
    """The one normalisation of text for every check: compatibility-folded, lower case, plain
    spaces, dashes and apostrophes, no invisible characters; and for each character the
    index of the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in INVISIBLE:
            continue
        if char in APOSTROPHES:
            char = "'"
        elif char.isspace():
            char = " "
        for folded in unicodedata.normalize("NFKC", char).casefold():
            if folded in DASHES:
                folded = "-"
            elif folded in APOSTROPHES:
                folded = "'"
            elif folded.isspace():
                folded = " "
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


def typed_counts(text: str, skip: list[tuple[int, int]] = ()) -> list[TypedCount]:
    """Every typed count in `text`, in order; numbers of an allowed kind are left alone, and so
    are numbers inside the `skip` spans (of `text`: the quantifiers, 'een op de drie')."""
    plain, origin = normalise(text)
    fixed = [match.span() for match in FIXED.finditer(plain) if not counts_respondents(match, plain)]
    skipped = [(start, end) for start, end in skip]
    found: list[tuple[int, int, str]] = []
    for match in TOKEN.finditer(plain):
        start, end = match.span()
        if inside(start, fixed) or inside(origin[start], skipped):
            continue
        kind, end = extent(plain, match.group(0), start, end)
        if kind:
            found.append((start, end, kind))
    found += [(*m.span(), "count") for m in X_OF_Y.finditer(plain) if counted(m.span(), found)]
    found += [(*m.span(), "count") for m in N_IS.finditer(plain)]
    return [
        TypedCount(origin[start], origin[end - 1] + 1, text[origin[start] : origin[end - 1] + 1], kind)
        for start, end, kind in merged(found)
    ]


NOUN_AFTER = re.compile(rf"(?:\s+\S+){{0,3}}?\s+{NOUN}(?!\w)")


def counts_respondents(match: re.Match[str], plain: str) -> bool:
    """Whether a fixed number (the emergency number 112) is a count after all: '112 gemeenten'."""
    return match.group(0) == "112" and NOUN_AFTER.match(plain, match.end()) is not None


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def counted(span: tuple[int, int], found: list[tuple[int, int, str]]) -> bool:
    """'x van de y' joins a finding only where one of its numbers is a typed count."""
    return any(start < span[1] and span[0] < end for start, end, _ in found)


def extent(plain: str, token: str, start: int, end: int) -> tuple[str, int]:
    """Whether a number is a typed count ('' when it is of an allowed kind), its kind, and
    where the finding ends (after '%', a fraction's base or the gemeente noun)."""
    after = plain[end : end + 80]
    percent = PERCENT_AFTER.match(after)
    fraction = FRACTION_AFTER.match(after)
    if percent:
        end += percent.end()
    elif fraction:
        end += fraction.end()
    elif allowed(plain, token, start, end):
        return "", end
    noun = NOUN_AFTER.match(plain, end)
    if noun:
        end = noun.end()
    return ("percentage" if percent else "fraction" if fraction else "count"), end


def allowed(plain: str, token: str, start: int, end: int) -> bool:
    """A year, a named number, a date, money, a duration; 'één' without respondents."""
    before, after = plain[max(0, start - 40) : start], plain[end : end + 80]
    if token in ONE:
        return not ONE_COUNTS.match(after)
    if YEAR.fullmatch(token):
        return True
    return bool(
        NAMED_BEFORE.search(before)
        or MONEY_BEFORE.search(before)
        or UNIT_AFTER.match(after)
        or DATE_AFTER.match(after)
    )


def merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping findings as one: '3 van de 23 centrumgemeenten' is one typed count."""
    result: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if result and start <= result[-1][1]:
            first, last, was = result[-1]
            result[-1] = (first, max(end, last), was if was != "count" else kind)
        else:
            result.append((start, end, kind))
    return result
