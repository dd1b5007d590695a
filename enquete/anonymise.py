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


def replacements(population: pd.DataFrame, codebook: Codebook) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, placeholder) pairs, longest names first so 'Den Haag' goes before 'Haag'."""
    names: list[tuple[str, str]] = []
    names += [(name, "[gemeente]") for name in population["gemeente"]]
    names += [(name, "[plaats]") for name in population["provincie"]]
    names += [(name, "[persoon]") for name in population["contactpersoon"]]
    names += [(name, "[organisatie]") for name in codebook.organisations]
    names += [(name, "[plaats]") for name in codebook.places]
    unique = sorted({(n.strip(), tag) for n, tag in names if n.strip()}, key=lambda p: (-len(p[0]), p[0]))
    patterns = [(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), tag) for name, tag in unique]
    return [(EMAIL, "[e-mail]"), (PHONE, "[telefoon]"), *patterns]


def anonymise(text: str, rules: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, tag in rules:
        text = pattern.sub(tag, text)
    return text


def remaining_names(text: str, population: pd.DataFrame) -> list[str]:
    """Known gemeente and person names still in a text, in any case."""
    known = [*population["gemeente"], *population["contactpersoon"]]
    return sorted(
        {name for name in known if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)}
    )


def safe_quotes(quotes: pd.DataFrame, population: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The quotable answers with names replaced; refuses a quote that still names someone."""
    rules = replacements(population, codebook)
    result = quotes.assign(text=quotes["text"].map(lambda text: anonymise(text, rules)))
    problems = [
        Problem(
            "quotes",
            "quote still names a gemeente or person after anonymisation",
            column=row.answer_id,
            found=", ".join(remaining_names(row.text, population)),
            expected="no names: edit the name in the answer, or remove the quotable mark",
        )
        for row in result.itertuples()
        if remaining_names(row.text, population)
    ]
    if problems:
        raise InputError(
            problems,
            remedy="mark the quote as not quotable, or correct the spelling of the name "
            "in the population list so that it is replaced.",
        )
    return result
