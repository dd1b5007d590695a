"""Quotes that are safe to publish.

A quote is published only when a coder marked it quotable, and only after every name that
could identify a gemeente or a person is replaced: names of gemeenten and provinces from the
population list (in every spelling and derived form: "Amberdijkse", "AMBERDIJK", "Amber-dijk"),
the contact persons (also without diacritics or by initial), the organisations and places the
codebook lists, and any e-mail address, phone number, postcode, BSN or IBAN in any notation.
The matcher is the one the publication gate uses (`enquete.privacy.personal_data`), so what
the gate would refuse is replaced here first; a quote in which a name is still found after
replacement stops the build with the quote's id, so a researcher decides rather than the
software guessing.

A Dutch de-identification library (deduce) was considered: it needs some 10 seconds to load
on every run (over a minute the first time) and took "Blijf Groep" for a person, while the
names that matter here are the ones the project already knows.
"""

from __future__ import annotations

import pandas as pd

from enquete.codebook import Codebook
from enquete.errors import InputError, Problem
from enquete.privacy.gate import population_matcher
from enquete.privacy.personal_data import (
    BSN,
    EMAIL,
    GEMEENTE,
    IBAN,
    ORGANISATION,
    PERSON,
    PHONE,
    PLACE,
    POSTCODE,
    Matcher,
    population_names,
    replace,
)

TAGS = {
    GEMEENTE: "[gemeente]",
    PLACE: "[plaats]",
    PERSON: "[persoon]",
    ORGANISATION: "[organisatie]",
    EMAIL: "[e-mail]",
    PHONE: "[telefoon]",
    POSTCODE: "[postcode]",
    BSN: "[BSN]",
    IBAN: "[IBAN]",
}


def quote_matcher(population: pd.DataFrame, codebook: Codebook) -> Matcher:
    """Everything a quote must not name: the population's and the codebook's names."""
    names = population_names(population)
    names += [(PLACE, name) for name in population["provincie"]]
    names += [(ORGANISATION, name) for name in codebook.organisations]
    names += [(PLACE, name) for name in codebook.places]
    return Matcher(names)


def anonymise(text: str, matcher: Matcher) -> str:
    """The text with every name, e-mail address and phone number replaced by its placeholder."""
    return replace(text, matcher.find(text), TAGS)


def remaining_names(text: str, gate: Matcher) -> list[str]:
    """Known gemeente and person names (or contact details) the gate would still find."""
    return sorted({hit.describe() for hit in gate.find(text)})


def safe_quotes(quotes: pd.DataFrame, population: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The quotable answers with names replaced; refuses a quote that still names someone."""
    matcher = quote_matcher(population, codebook)
    gate = population_matcher(population)
    result = quotes.assign(text=quotes["text"].map(lambda text: anonymise(text, matcher)))
    problems = [
        Problem(
            "quotes",
            "quote still names a gemeente or person after anonymisation",
            column=row.answer_id,
            found=", ".join(remaining_names(row.text, gate)),
            expected="no names: edit the name in the answer, or remove the quotable mark",
        )
        for row in result.itertuples()
        if remaining_names(row.text, gate)
    ]
    if problems:
        raise InputError(
            problems,
            remedy="mark the quote as not quotable, or correct the spelling of the name "
            "in the population list so that it is replaced.",
        )
    return result
