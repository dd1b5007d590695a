"""Quotes that are safe to publish.

A quote is published only when a coder marked it quotable, and only after every name that
could identify a gemeente or a person is replaced: names of gemeenten and provinces from the
population list, the contact persons, the organisations and places the codebook lists, and
any e-mail address or phone number. Names are replaced as written; a quote that still
contains a known name in another spelling (another case, say) stops the build with the
quote's id, so a researcher decides rather than the software guessing.

A Dutch de-identification library (deduce) was considered: it needs some 10 seconds to load
on every run (over a minute the first time) and took "Blijf Groep" for a person, while the
names that matter here are the ones the project already knows.
"""

from __future__ import annotations

import re

import pandas as pd

from enquete.codebook import Codebook
from enquete.errors import InputError, Problem
from enquete.gate import EMAIL, PHONE

Rule = tuple[re.Pattern[str], str, str]  # pattern, placeholder, the literal it needs ('' = none)


def replacements(population: pd.DataFrame, codebook: Codebook) -> list[Rule]:
    """(pattern, placeholder, name) rules, longest names first so 'Den Haag' goes before 'Haag'."""
    names: list[tuple[str, str]] = []
    names += [(name, "[gemeente]") for name in population["gemeente"]]
    names += [(name, "[plaats]") for name in population["provincie"]]
    names += [(name, "[persoon]") for name in population["contactpersoon"]]
    names += [(name, "[organisatie]") for name in codebook.organisations]
    names += [(name, "[plaats]") for name in codebook.places]
    unique = sorted({(n.strip(), tag) for n, tag in names if n.strip()}, key=lambda p: (-len(p[0]), p[0]))
    patterns = [(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), tag, name) for name, tag in unique]
    return [(EMAIL, "[e-mail]", ""), (PHONE, "[telefoon]", ""), *patterns]


def anonymise(text: str, rules: list[Rule]) -> str:
    """Every rule in order; a name's pattern runs only when the name is in the text at all,
    which keeps a quote's cost to one substring test per known name."""
    for pattern, tag, literal in rules:
        if literal in text:
            text = pattern.sub(tag, text)
    return text


class NameFinder:
    """Finds the known gemeente and person names still in a text, in any case.

    One pattern per name is compiled once (compiling per quote thrashed Python's regex cache:
    minutes for a few hundred quotes among 342 gemeenten), and one combined pattern tells
    in a single pass whether a text holds any name at all, which is almost never.
    """

    def __init__(self, population: pd.DataFrame) -> None:
        known = sorted(
            {str(n).strip() for n in [*population["gemeente"], *population["contactpersoon"]]} - {""}
        )
        self.patterns = {
            name: re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE) for name in known
        }
        longest_first = sorted(known, key=lambda name: (-len(name), name))
        self.any_name = re.compile(
            rf"(?<!\w)(?:{'|'.join(map(re.escape, longest_first))})(?!\w)", re.IGNORECASE
        )

    def names_in(self, text: str) -> list[str]:
        if not self.patterns or not self.any_name.search(text):
            return []
        return [name for name, pattern in self.patterns.items() if pattern.search(text)]


def safe_quotes(quotes: pd.DataFrame, population: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The quotable answers with names replaced; refuses a quote that still names someone."""
    rules = replacements(population, codebook)
    result = quotes.assign(text=quotes["text"].map(lambda text: anonymise(text, rules)))
    finder = NameFinder(population)
    left = [(row.answer_id, finder.names_in(row.text)) for row in result.itertuples()]
    problems = [
        Problem(
            "quotes",
            "quote still names a gemeente or person after anonymisation",
            column=answer_id,
            found=", ".join(names),
            expected="no names: edit the name in the answer, or remove the quotable mark",
        )
        for answer_id, names in left
        if names
    ]
    if problems:
        raise InputError(
            problems,
            remedy="mark the quote as not quotable, or correct the spelling of the name "
            "in the population list so that it is replaced.",
        )
    return result
