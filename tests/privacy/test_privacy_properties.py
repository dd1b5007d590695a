"""Generated variants of every contact and gemeente in the population: all caught, all replaced.

For each contact person, e-mail address, phone number and gemeente of raw/population.csv,
hypothesis writes it the way people, word processors and PDFs do — another case, diacritics
added, soft hyphens and zero-width characters inside, non-breaking or odd spaces, a line-end
hyphen, the Dutch derived forms, every phone notation — inside ordinary Dutch text. The gate
must find each one and the anonymiser must leave none. Ordinary Dutch text, with the words
that look most like the names (bestuur, beste, leider, bos, vos, kok), must not be flagged.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.codebook import load_codebook
from enquete.privacy.anonymise import anonymise, quote_matcher
from enquete.privacy.gate import Consents, Gate, population_matcher
from enquete.privacy.personal_data import EMAIL, GEMEENTE, PERSON, PHONE
from tests.conftest import PROJECT

POPULATION = pd.read_csv(PROJECT / "raw/population.csv", dtype=str, keep_default_na=False)
CODEBOOK = load_codebook(PROJECT / "codebook/codebook.yaml")
GATE = Gate(population_matcher(POPULATION), Consents())
QUOTES = quote_matcher(POPULATION, CODEBOOK)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
SPACES = [" ", "  ", "\u00a0", "\u202f", "\u2009", "\u2002", "\t", "\n", " \n "]
ACCENTS = {"a": "áàä", "e": "éèë", "i": "íï", "o": "óö", "u": "úü"}
DERIVED = ["se", "s", "er", "ers", "'s", "’s"]
ORDINARY = [
    "de",
    "gemeente",
    "het",
    "bestuur",
    "beste",
    "aanpak",
    "leider",
    "emmer",
    "bos",
    "vos",
    "kok",
    "wit",
    "visser",
    "smit",
    "meijer",
    "opvang",
    "vrouwen",
    "kinderen",
    "huisvesting",
    "toegang",
    "begeleiding",
    "samenwerking",
    "knelpunt",
    "oplossing",
    "centrumgemeente",
    "wethouder",
    "beleid",
    "regio",
    "urgentie",
    "woning",
    "schulden",
    "bijstand",
    "toeslagen",
    "almaar",
    "amber",
    "dijk",
    "haarlemmerolie",
    "stad",
    "veen",
    "meer",
    "mond",
    "dal",
    "heide",
    "linde",
    "zilver",
    "zwanen",
    "in",
    "van",
    "voor",
    "met",
    "en",
    "of",
    "maar",
    "ook",
    "niet",
    "wel",
    "zeer",
    "goed",
    "beter",
    "best",
    "het",
    "best",
    "dertien",
    "13",
    "van",
    "23",
    "2017",
    "2019",
    "Wmo",
    "2015",
    "0800-2000",
    "€",
    "10.000",
    "1.234.567",
    "01-10-2018",
    "57",
    "%",
    "nummer",
    "12",
    "a.",
    "b.",
]


def case_variant(draw: st.DrawFn, text: str) -> str:
    how = draw(st.sampled_from(["upper", "lower", "title", "swapcase", "random", "same"]))
    if how == "random":
        return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    return text if how == "same" else getattr(text, how)()


def with_accents(draw: st.DrawFn, text: str) -> str:
    return "".join(
        draw(st.sampled_from(ACCENTS[c])) if c in ACCENTS and draw(st.booleans()) else c for c in text
    )


def with_invisibles(draw: st.DrawFn, text: str) -> str:
    letters = list(text)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(1, max(1, len(letters) - 1)))
        letters.insert(at, draw(st.sampled_from(INVISIBLE)))
    return "".join(letters)


def spaced(draw: st.DrawFn, text: str) -> str:
    words = text.split(" ")
    return "".join(
        word + (draw(st.sampled_from([*SPACES, "-", ""])) if i < len(words) - 1 else "")
        for i, word in enumerate(words)
    )


def hyphenated_at_line_end(draw: st.DrawFn, text: str) -> str:
    longest = max(text.split(), key=len)
    if len(longest) < 4 or not draw(st.booleans()):
        return text
    at = draw(st.integers(2, len(longest) - 2))
    return text.replace(
        longest, longest[:at] + draw(st.sampled_from(["-\n", "- \n", "-\r\n"])) + longest[at:], 1
    )


@st.composite
def name_variant(draw: st.DrawFn, name: str) -> str:
    text = case_variant(draw, name)
    text = with_accents(draw, text)
    text = hyphenated_at_line_end(draw, spaced(draw, text))
    return with_invisibles(draw, text)


@st.composite
def phone_variant(draw: st.DrawFn, number: str) -> str:
    digits = "".join(c for c in number if c.isdigit())[1:]  # the 9 digits after the trunk 0
    area = 1 if digits[0] == "6" else draw(st.sampled_from([2, 3]))
    prefix = draw(st.sampled_from(["0", "(0", "+31 ", "+31 (0)", "0031 ", "+31-", "0031-(0)", "+31"]))
    rest = digits[area:]
    cut = draw(st.integers(0, len(rest)))
    sep = draw(st.sampled_from([" ", "-", ".", "", " - ", "/"]))
    inner = draw(st.sampled_from([" ", "", ".", "-"]))
    groups = [rest[:cut], rest[cut:]] if cut else [rest]
    head = digits[:area] + (")" if prefix == "(0" else "")
    return prefix + head + sep + inner.join(group for group in groups if group)


def sentence(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(st.sampled_from(ORDINARY), min_size=0, max_size=8)))


@st.composite
def in_text(draw: st.DrawFn, inner: st.SearchStrategy[str]) -> tuple[str, str]:
    found = draw(inner)
    return (
        found,
        f"{sentence(draw)} {found}{draw(st.sampled_from(['', '.', ',', ')', '!']))} {sentence(draw)}",
    )


GEMEENTEN = sorted(POPULATION["gemeente"])
PERSONS = sorted(POPULATION["contactpersoon"])


@st.composite
def gemeente_text(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(GEMEENTEN))
    form = name + (draw(st.sampled_from(DERIVED)) if draw(st.booleans()) else "")
    # A capital where a name is a proper noun; the population has no ordinary-word names.
    return name, draw(in_text(name_variant(form)))[1]


@st.composite
def person_text(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(PERSONS))
    first, surname = name.split(" ", 1)
    written = draw(
        st.sampled_from([name, f"{first[0]}. {surname}", f"{first[0]} {surname}", f"mevrouw {surname}"])
    )
    return name, draw(in_text(name_variant(written)))[1]


@st.composite
def contact_text(draw: st.DrawFn) -> tuple[str, str]:
    row = POPULATION.iloc[draw(st.integers(0, len(POPULATION) - 1))]
    if draw(st.booleans()):
        email = case_variant(draw, row["email"])
        email = email.replace("@", draw(st.sampled_from(["@", " (at) ", "[at]", " [at] "])))
        return EMAIL, draw(in_text(st.just(email)))[1]
    return PHONE, draw(in_text(phone_variant(row["telefoon"])))[1]


@SETTINGS
@given(gemeente_text())
def test_every_variant_of_a_gemeente_is_caught_and_replaced(case: tuple[str, str]) -> None:
    name, text = case
    assert (GEMEENTE, name) in {(hit.kind, hit.name) for hit in GATE.leaks(text)}, text
    assert GATE.leaks(anonymise(text, QUOTES)) == [], anonymise(text, QUOTES)


@SETTINGS
@given(person_text())
def test_every_variant_of_a_contact_person_is_caught_and_replaced(case: tuple[str, str]) -> None:
    name, text = case
    assert (PERSON, name) in {(hit.kind, hit.name) for hit in GATE.leaks(text)}, text
    assert GATE.leaks(anonymise(text, QUOTES)) == [], anonymise(text, QUOTES)


@SETTINGS
@given(contact_text())
def test_every_notation_of_a_phone_number_and_e_mail_address_is_caught_and_replaced(
    case: tuple[str, str],
) -> None:
    kind, text = case
    assert kind in {hit.kind for hit in GATE.leaks(text)}, text
    assert GATE.leaks(anonymise(text, QUOTES)) == [], anonymise(text, QUOTES)


@SETTINGS
@given(st.lists(st.sampled_from(ORDINARY), min_size=1, max_size=40))
def test_ordinary_dutch_text_is_not_flagged_and_not_changed(words: list[str]) -> None:
    text = " ".join(words)
    assert GATE.leaks(text) == [], text
    assert anonymise(text, QUOTES) == text
