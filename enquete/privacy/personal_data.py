"""One matcher for personal data, shared by the anonymiser and the publication gate.

What a respondent, a word processor or a PDF does to a name must not hide it: the text is
first *folded* — case, diacritics (NFKD), soft hyphens and zero-width characters, non-breaking
and other Unicode spaces, typographic dashes and apostrophes — and every folded character
remembers where it came from, so the anonymiser replaces the original span.

Names are then matched on their letters: the words of a name may be written together or
apart, with spaces, line breaks, hyphens, apostrophes or dots between them, so "DenHaag",
"'s-Hertogenbosch", "s Hertogenbosch", "J. de Vries" and "Jeroen deVries" are found, as is a
name hyphenated at the end of a line ("Amber-⏎dijk"); a name inside a longer word is not
("Bestuur" is not the gemeente Best). Gemeenten and places are also found in their Dutch
derived forms (Amberdijkse, Amberdijker(s), Amberdijks, Maastrichtenaar, Almeerder,
Amsterdammer, Groninger); a possessive ("Amberdijk's") ends the word after the name anyway.
Contact persons are found by full name, by initial and surname ("M. Bosman") and by title and
surname ("mevrouw Bosman"), with or without their diacritics; a surname alone is not, because
the common Dutch surnames are ordinary words (Bos, Vos, Kok, de Wit, Visser). Other names a
gemeente goes by (Den Bosch for 's-Hertogenbosch, Bossche) are listed in the population's
optional column `andere_namen`, separated by ';'.

Two choices keep ordinary Dutch text from stopping a build:

- a gemeente whose name is also an ordinary word (Best, Buren, Putten, Bergen, Houten, …,
  `ORDINARY_WORD_NAMES`) is only matched when written with a capital, as a proper noun; at the
  start of a sentence the word is still flagged, which errs on the side of privacy;
- derived forms that are ordinary words ("leider" from Leiden, "emmer" from Emmen,
  `ORDINARY_WORDS`) are never generated.

A contact person is also found in the possessive and genitive ("Marieke Bosmans team",
"M. Bosman's", "mevrouw Bosmans'") and with a space or hyphen typed inside the surname
("Marieke Bos man", "mevrouw Bos-man").

E-mail addresses are found in any case, also written with "(at)" or "[at]"; phone numbers,
postcodes, BSN and IBAN by `enquete.privacy.identifiers`. Every pattern is linear in the
length of the text: its repetitions are bounded or possessive, so a megabyte-long answer is
scanned in a fraction of a second (benchmarks/scan_time.py).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from enquete.privacy.identifiers import BSN, IBAN, PHONE, POSTCODE, identifiers

__all__ = ["BSN", "IBAN", "PHONE", "POSTCODE"]  # the kinds of `identifiers`, with the others here

GEMEENTE = "gemeentenaam"
PERSON = "contactpersoon"
EMAIL = "e-mailadres"
PLACE = "plaats"
ORGANISATION = "organisatie"

APOSTROPHES = "'’‘ʼ`´′"
SEPARATOR = r"(?:[ \n'.\-]{1,5})?"  # what may stand between the words of one name
INSIDE = "~"  # in a spelled form: a space or hyphen may be typed here, inside a word ("Bos man")
INSIDE_PATTERN = r"[ \-]?"
LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ ]*\n[ \n]*(?=[^\W\d_])")  # "Amber-⏎dijk"

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

EMAIL_PATTERN = re.compile(r"(?<![\w.+\-])[\w.+\-]++(?:@|[ ]?[\[(]at[\])][ ]?)[\w\-]++(?:\.[\w\-]++)+")
WORD = re.compile(r"[^\W_]++")
LETTERS = re.compile(r"[\W_]+")  # what is not a letter or digit


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
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


ASCII_FOLD = str.maketrans(
    {chr(code): (" " if chr(code).isspace() else chr(code).lower()) for code in range(128)}
    | {"`": "'", "\n": "\n", "\r": "\n", "\x0b": "\n", "\x0c": "\n"}
)
NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character outside ASCII, folded; empty for the invisible ones."""
    category = unicodedata.category(char)
    if category == "Cf":  # soft hyphen, zero-width space and joiners, word joiner, byte order mark
        return ""
    if category in ("Zl", "Zp") or char == "\x85":
        return "\n"
    if char.isspace() or category == "Zs":
        return " "
    if category == "Pd" or char == "\u2212":
        return "-"
    if char in APOSTROPHES:
        return "'"
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> Folded:
    """Case, diacritics, invisible characters, spaces, dashes and apostrophes made uniform, and
    a word hyphenated at the end of a line joined again.

    ASCII runs are folded by one translation (in C); only the other characters one by one.
    """
    if text.isascii():
        folded = Folded(text.translate(ASCII_FOLD), range(len(text)))
    else:
        parts: list[str] = []
        origin: list[int] = []
        position = 0
        for run in NON_ASCII.finditer(text):
            parts.append(text[position : run.start()].translate(ASCII_FOLD))
            origin.extend(range(position, run.start()))
            for index in range(run.start(), run.end()):
                char = fold_char(text[index])
                parts.append(char)
                origin.extend([index] * len(char))
            position = run.end()
        parts.append(text[position:].translate(ASCII_FOLD))
        origin.extend(range(position, len(text)))
        folded = Folded("".join(parts), origin)
    return joined_at_line_ends(folded)


def joined_at_line_ends(folded: Folded) -> Folded:
    if "-" not in folded.text or "\n" not in folded.text:
        return folded
    parts: list[str] = []
    origin: list[int] = []
    position = 0
    for hyphen in LINE_END_HYPHEN.finditer(folded.text):
        parts.append(folded.text[position : hyphen.start()])
        origin.extend(folded.origin[position : hyphen.start()])
        position = hyphen.end()
    parts.append(folded.text[position:])
    origin.extend(folded.origin[position:])
    return Folded("".join(parts), origin)


def key(name: str) -> str:
    """A name as the matcher compares it: folded letters and digits only."""
    return "".join(match.group(0) for match in WORD.finditer(fold(name).text))


def derived_forms(name: str) -> set[str]:
    """The keys of a gemeente's or place's name with the Dutch adjective and inhabitant forms."""
    words = [match.group(0) for match in WORD.finditer(fold(name).text)]
    if not words:
        return set()
    forms = {" ".join(words)}
    bases = [" ".join(words)]
    if len(words) > 1 and words[0] in ARTICLES:  # Den Haag → Haagse, Den Helder → Helderse
        bases.append(" ".join(words[1:]))
    for base in bases:
        forms |= {base + suffix for suffix in SUFFIXES}
        for stem in stems(base):
            forms |= {stem + suffix for suffix in STEM_SUFFIXES}
    return {form for form in forms if form.replace(" ", "") not in ORDINARY_WORDS}


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
    """Full name, initial(s) and surname, and a title with the surname: 'M. Bosman', 'mevrouw Bosman';
    each also in the possessive, and the surname with a space or hyphen inside."""
    words = [match.group(0) for match in WORD.finditer(fold(name).text)]
    if len(words) < 2:
        return {" ".join(words)} if words else set()
    first = words[0]
    surname = " ".join(INSIDE.join(word) for word in words[1:])  # "b~o~s~m~a~n"
    forms = {f"{first} {surname}", f"{first[0]} {surname}"}
    forms |= {f"{title} {surname}" for title in TITLES}
    return forms | {f"{form} s" for form in forms}  # Bosmans team, Bosman's, Bosmans'.


@dataclass(frozen=True)
class Entry:
    kind: str
    name: str
    proper_noun_only: bool


class Matcher:
    """Finds known names (in their variants), e-mail addresses and phone numbers in a text."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        # By the form's letters. One form may stand for several names of one kind ("mevrouw Smits":
        # Gerard Smits, or Bas Smit in the genitive): each is reported, so none is missed.
        self.entries: dict[str, list[Entry]] = {}
        spelled: set[str] = set()  # the forms, a space where the name's words meet
        for kind, name in sorted(set(names), key=lambda pair: (pair[0] != PERSON, pair)):
            name = " ".join(str(name).split())
            if not key(name):
                continue
            if kind == PERSON:
                forms = person_forms(name)
            elif kind in (GEMEENTE, PLACE):
                forms = derived_forms(name)
            else:
                forms = {" ".join(WORD.findall(fold(name).text))}
            proper = kind == GEMEENTE and key(name) in ORDINARY_WORD_NAMES
            for form in forms:
                same = self.entries.setdefault(LETTERS.sub("", form), [])
                if not same or same[0].kind == kind:  # a person's form is not also a place's
                    same.append(Entry(kind, name, proper))
                spelled.add(form)
        names = trie_pattern(spelled) or "(?!)"  # without names, a pattern that never matches
        self.names = re.compile(rf"(?<![^\W_])(?:{names})(?![^\W_])")

    def find(self, text: str) -> list[Hit]:
        """Every hit, in the order of the text; hits may overlap (an e-mail holds a name)."""
        folded = fold(text)
        hits = [
            self.hit(EMAIL, "", folded, text, m.start(), m.end()) for m in EMAIL_PATTERN.finditer(folded.text)
        ]

        def written(start: int, end: int) -> str:
            first, last = folded.span(start, end)
            return text[first:last]

        hits += [self.hit(kind, "", folded, text, *span) for kind, *span in identifiers(folded.text, written)]
        hits += self.names_in(folded, text)
        return sorted(hits, key=lambda hit: (hit.start, -hit.end, hit.kind))

    def names_in(self, folded: Folded, text: str) -> list[Hit]:
        hits = []
        for match in self.names.finditer(folded.text):
            for entry in self.entries[LETTERS.sub("", match.group(0))]:
                hit = self.hit(entry.kind, entry.name, folded, text, match.start(), match.end())
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


def trie_pattern(keys: Iterable[str]) -> str:
    """One regular expression for all forms, as a trie: linear, as every branch starts with its
    own letter and the separators between a name's words are bounded and are no letters."""
    trie: dict = {}
    for form in keys:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return node_pattern(trie)


def node_pattern(node: dict) -> str:
    children = [(char, child) for char, child in sorted(node.items()) if char]
    if not children:
        return ""
    branches = "|".join(
        {" ": SEPARATOR, INSIDE: INSIDE_PATTERN}.get(char, re.escape(char)) + node_pattern(child)
        for char, child in children
    )
    return f"(?:{branches})?" if "" in node else f"(?:{branches})"


def outermost(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping spans in one pass: overlapping hits become one span, named after the
    longest of them (an e-mail address over the name in it)."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda hit: (hit.start, -hit.end)):
        if chosen and hit.start < chosen[-1].end:
            last = chosen[-1]
            longest = last if last.end - last.start >= hit.end - hit.start else hit
            end = max(last.end, hit.end)
            chosen[-1] = Hit(longest.kind, longest.name, last.start, end, last.found)
        else:
            chosen.append(hit)
    return chosen


def replace(text: str, hits: list[Hit], tags: dict[str, str]) -> str:
    """The text with each (outermost) hit's original span replaced by its kind's placeholder."""
    parts, position = [], 0
    for hit in outermost(hits):
        parts += [text[position : hit.start], tags[hit.kind]]
        position = hit.end
    return "".join(parts) + text[position:]
