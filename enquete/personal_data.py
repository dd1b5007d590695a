"""One matcher for personal data, shared by the anonymiser and the publication gate.

What a respondent, a word processor or a PDF does to a name must not hide it: the text is
first *folded* — case, diacritics (NFKD), soft hyphens and zero-width characters, non-breaking
and other Unicode spaces, typographic dashes and apostrophes — and every folded character
remembers where it came from, so the anonymiser replaces the original span.

Names are then matched on *words* (runs of letters and digits): a name matches a run of
consecutive words whose letters, joined, spell the name, when only spaces, hyphens,
apostrophes or dots separate them. So "Amber-⏎dijk" (hyphenated at a line end), "Amber dijk",
"'s-Hertogenbosch", "s Hertogenbosch", "J. de Vries" and "Jeroen deVries" are found, while a
name inside a longer word is not ("Bestuur" is not the gemeente Best). Gemeenten and places
are also found in their Dutch derived forms (Amberdijkse, Amberdijker(s), Amberdijks,
Maastrichtenaar, Almeerder, Amsterdammer, Groninger); a possessive ("Amberdijk's") ends the
word after the name anyway. Contact persons are found by full name and by initial and
surname ("M. Bosman"), with or without their diacritics; a surname alone is not, because the
common Dutch surnames are ordinary words (Bos, Vos, Kok, de Wit, Visser).

Two choices keep ordinary Dutch text from stopping a build:

- a gemeente whose name is also an ordinary word (Best, Buren, Putten, Bergen, Houten, …,
  `ORDINARY_WORD_NAMES`) is only matched when written with a capital, as a proper noun; at the
  start of a sentence the word is still flagged, which errs on the side of privacy;
- derived forms that are ordinary words ("leider" from Leiden, "emmer" from Emmen,
  `ORDINARY_WORDS`) are never generated.

Phone numbers are found in every Dutch notation — mobile and landline, with +31, 0031, (0) or
a leading 0, with spaces, dots, dashes, slashes or brackets — and e-mail addresses in any case,
also written with "(at)" or "[at]". Every pattern is linear in the length of the text: its
repetitions are bounded or possessive, so a megabyte-long answer is scanned in a fraction of a
second (benchmarks/scan_time.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GEMEENTE = "gemeentenaam"
PERSON = "contactpersoon"
EMAIL = "e-mailadres"
PHONE = "telefoonnummer"
PLACE = "plaats"
ORGANISATION = "organisatie"

APOSTROPHES = "'’‘ʼ`´′"
JOINING = frozenset(" -'.")  # what may stand between the words of one name
MAX_GAP = 3

# Real Dutch gemeenten whose name is an ordinary word: matched only as a proper noun.
ORDINARY_WORD_NAMES = frozenset(
    {"asten", "beek", "bergen", "best", "buren", "duiven", "hoorn", "houten", "huizen", "laren"}
    | {"putten", "sluis", "voorst", "waterland", "westland"}
)
# Derived forms that are ordinary Dutch words (or common names) and so are never generated.
ORDINARY_WORDS = frozenset(
    {"leider", "leiders", "emmer", "emmers", "beste", "bester", "besten", "bergse", "houter"}
    | {"hoorner", "putter", "putters", "sluiser", "huizer", "burens", "duivers", "bests"}
)

SUFFIXES = ("s", "se", "sche", "er", "ers", "enaar", "enaars", "enaren", "naar", "naars", "naren")
SUFFIXES += ("ner", "ners", "der", "ders")
STEM_SUFFIXES = ("s", "se", "sche", "er", "ers", "der", "ders", "naar", "naren")
ARTICLES = ("de", "den", "het", "s")
TITLES = ("mevrouw", "mevr", "mw", "meneer", "dhr", "heer", "de heer")
VOWELS = "aeiou"

_SEP = r"[ .\-/()]{0,3}"
PHONE_PATTERN = re.compile(
    r"(?<![\w+])(?:(?:\+|00)[ .\-]?31[ .\-]?(?:\(0\)[ .\-]?|0[ .\-]?)?|\(0(?=[1-9]\d{0,3}\))|0)"
    rf"[1-9](?:{_SEP}\d){{8}}(?![\d])"
)
EMAIL_PATTERN = re.compile(r"(?<![\w.+\-])[\w.+\-]++(?:@|[ ]?[\[(]at[\])][ ]?)[\w\-]++(?:\.[\w\-]++)+")
WORD = re.compile(r"[^\W_]++")


@dataclass(frozen=True)
class Hit:
    """One piece of personal data, as found in the original text."""

    kind: str
    name: str  # the known name it is a form of; the text itself for e-mail and phone
    start: int
    end: int
    found: str

    def describe(self) -> str:
        return self.found if self.found == self.name else f"{self.found} ({self.name})"


@dataclass(frozen=True)
class Folded:
    """A text folded for matching; `origin[i]` is the index in the original of folded char i."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """Case, diacritics, invisible characters, spaces, dashes and apostrophes made uniform."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cf":  # soft hyphen, zero-width space and joiners, byte order mark
            continue
        if char.isspace() or category in ("Zs", "Zl", "Zp"):
            folded = " "
        elif category == "Pd" or char == "\u2212":
            folded = "-"
        elif char in APOSTROPHES:
            folded = "'"
        elif char.isascii():
            folded = char.lower()
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        chars.append(folded)
        origin.extend([index] * len(folded))
    return Folded("".join(chars), origin)


def key(name: str) -> str:
    """A name as the matcher compares it: folded letters and digits only."""
    return "".join(match.group(0) for match in WORD.finditer(fold(name).text))


def derived_forms(name: str) -> set[str]:
    """The keys of a gemeente's or place's name with the Dutch adjective and inhabitant forms."""
    words = [match.group(0) for match in WORD.finditer(fold(name).text)]
    if not words:
        return set()
    forms = {"".join(words)}
    bases = ["".join(words)]
    if len(words) > 1 and words[0] in ARTICLES:  # Den Haag → Haagse, Den Helder → Helderse
        bases.append("".join(words[1:]))
    for base in bases:
        forms |= {base + suffix for suffix in SUFFIXES}
        for stem in stems(base):
            forms |= {stem + suffix for suffix in STEM_SUFFIXES}
    return {form for form in forms if form not in ORDINARY_WORDS}


def stems(base: str) -> set[str]:
    """Almere → almer, almeer; Groningen → groning; Zwolle → zwol; Amsterdam → amsterdamm."""
    found = set()
    if base.endswith("en") and len(base) > 4:
        found.add(base[:-2])
    if base.endswith("e") and len(base) > 3:
        found.add(base[:-1])
    for stem in list(found):
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            found.add(stem[:-1])
    for stem in list(found):
        if single_vowel_before_consonant(stem):
            found.add(stem[:-2] + stem[-2] * 2 + stem[-1])
    if single_vowel_before_consonant(base):
        found.add(base + base[-1])
    return found


def single_vowel_before_consonant(word: str) -> bool:
    return len(word) > 3 and word[-1] not in VOWELS and word[-2] in VOWELS and word[-3] not in VOWELS


def person_forms(name: str) -> set[str]:
    """Full name, initial(s) and surname, and a title with the surname: 'M. Bosman', 'mevrouw Bosman'."""
    words = [match.group(0) for match in WORD.finditer(fold(name).text)]
    if len(words) < 2:
        return {"".join(words)} if words else set()
    first, surname = words[0], "".join(words[1:])
    forms = {first + surname, first[0] + surname}
    forms |= {key(title) + surname for title in TITLES}
    return forms


@dataclass(frozen=True)
class Entry:
    kind: str
    name: str
    proper_noun_only: bool


class Matcher:
    """Finds known names (in their variants), e-mail addresses and phone numbers in a text."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self.entries: dict[str, Entry] = {}
        for kind, name in sorted(set(names), key=lambda pair: (pair[0] != PERSON, pair)):
            name = " ".join(str(name).split())
            if not key(name):
                continue
            if kind == PERSON:
                forms = person_forms(name)
            elif kind in (GEMEENTE, PLACE):
                forms = derived_forms(name)
            else:
                forms = {key(name)}
            proper = kind == GEMEENTE and key(name) in ORDINARY_WORD_NAMES
            for form in forms:
                self.entries.setdefault(form, Entry(kind, name, proper))
        self.prefixes = {form[:end] for form in self.entries for end in range(1, len(form) + 1)}

    def find(self, text: str) -> list[Hit]:
        """Every hit, in the order of the text; hits may overlap (an e-mail holds a name)."""
        folded = fold(text)
        hits = [
            self.hit(kind, "", folded, text, match.start(), match.end())
            for kind, pattern in ((EMAIL, EMAIL_PATTERN), (PHONE, PHONE_PATTERN))
            for match in pattern.finditer(folded.text)
        ]
        hits += self.names_in(folded, text)
        return sorted(hits, key=lambda hit: (hit.start, -hit.end, hit.kind))

    def names_in(self, folded: Folded, text: str) -> list[Hit]:
        words = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(folded.text)]
        hits = []
        for first in range(len(words)):
            joined, longest = "", None
            for last in range(first, len(words)):
                if last > first and not joinable(folded.text[words[last - 1][1] : words[last][0]]):
                    break
                joined += words[last][2]
                if joined not in self.prefixes:
                    break
                if joined in self.entries:
                    longest = (last, self.entries[joined])
            if longest is None:
                continue
            last, entry = longest
            hit = self.hit(entry.kind, entry.name, folded, text, words[first][0], words[last][1])
            if not entry.proper_noun_only or hit.found[:1].isupper():
                hits.append(hit)
        return hits

    @staticmethod
    def hit(kind: str, name: str, folded: Folded, text: str, start: int, end: int) -> Hit:
        start, end = folded.span(start, end)
        found = text[start:end]
        return Hit(kind, name or found, start, end, found)


def population_names(population: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """The gemeenten (with the other names in `andere_namen`, ';'-separated) and contact persons."""
    names = [(GEMEENTE, name) for name in population["gemeente"]]
    if "andere_namen" in population:
        aliases = (alias for value in population["andere_namen"] for alias in str(value).split(";"))
        names += [(GEMEENTE, alias) for alias in aliases]
    return names + [(PERSON, name) for name in population["contactpersoon"]]


def joinable(gap: str) -> bool:
    return 0 < len(gap) <= MAX_GAP and set(gap) <= JOINING


def outermost(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, the longest first where they overlap (an e-mail over its name)."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda hit: (-(hit.end - hit.start), hit.start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda hit: hit.start)


def replace(text: str, hits: list[Hit], tags: dict[str, str]) -> str:
    """The text with each (outermost) hit's original span replaced by its kind's placeholder."""
    parts, position = [], 0
    for hit in outermost(hits):
        parts += [text[position : hit.start], tags[hit.kind]]
        position = hit.end
    return "".join(parts) + text[position:]
