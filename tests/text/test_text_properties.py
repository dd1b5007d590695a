"""Generated cases for the typed-count detector and the quantifier check."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.text.number_words import spelled_counts
from enquete.text.quantifiers import load_quantifier_table
from enquete.text.references import Figures, Value, render_references
from enquete.text.researcher_text import Fragment
from enquete.text.text_checks import quantifier_problems
from enquete.text.typed_counts import typed_counts
from tests.conftest import PROJECT

NOUNS = ["gemeenten", "centrumgemeenten", "gemeente", "respondenten", "regio's", "regio’s", "regiogemeenten"]
BETWEEN = ["", "andere ", "grote ", "van de ", "deelnemende ", "procent van de "]
TABLE = load_quantifier_table(PROJECT / "config/kwantoren.yaml")
# Dutch number words written out by hand, not by the code under test: 1–20, the tens, and the
# compounds a report of 35 centrumgemeenten uses ("drieëntwintig", "vijfendertig").
UNITS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
WORDS = {
    **dict(enumerate([*UNITS, "tien", "elf", "twaalf", "dertien", "veertien", "vijftien"], start=1)),
    **dict(enumerate(["zestien", "zeventien", "achttien", "negentien", "twintig"], start=16)),
    30: "dertig",
    40: "veertig",
    50: "vijftig",
    60: "zestig",
    100: "honderd",
}
WORDS[1] = "één"  # "een" on its own is the article
for tens, ten_word in ((20, "twintig"), (30, "dertig")):
    for unit, unit_word in enumerate(UNITS, start=1):
        joint = "ën" if unit_word.endswith("e") else "en"
        WORDS[tens + unit] = f"{unit_word}{joint}{ten_word}"


def variant(draw: st.DrawFn, text: str) -> str:
    """The same words as a writer or a paste from Word may give them."""
    text = draw(st.sampled_from([str.lower, str.upper, str.title, str]))(text)
    text = text.replace(" ", draw(st.sampled_from([" ", "\u00a0", "  ", "\u202f", "\n"])))
    if draw(st.booleans()) and len(text) > 3:
        cut = draw(st.integers(1, len(text) - 1))
        text = text[:cut] + "\u00ad" + text[cut:]
    return text


@st.composite
def typed_count(draw: st.DrawFn) -> str:
    number = draw(st.sampled_from(sorted(WORDS)) if draw(st.booleans()) else st.integers(1, 400))
    spelled = (
        str(number)
        if draw(st.booleans()) or number not in WORDS
        else WORDS[number].replace("ë", draw(st.sampled_from(["ë", "e"])))
    )
    return variant(draw, f"{spelled} {draw(st.sampled_from(BETWEEN))}{draw(st.sampled_from(NOUNS))}")


@given(st.text(alphabet="abc ,.", max_size=20), typed_count(), st.text(alphabet="xyz ,.", max_size=20))
@settings(max_examples=300, deadline=None)
def test_every_typed_count_is_found_wherever_it_stands(before: str, count: str, after: str) -> None:
    text = f"{before} {count} {after}"
    found = typed_counts(text)
    assert found, text
    assert any(f.start <= text.index(count) < f.end for f in found)


@given(
    st.sampled_from(
        ["In {y} hebben", "Sinds de Wmo {y} moeten", "Op 1 januari {y} kregen", "Zie hoofdstuk 3. In {y}"]
    ),
    st.integers(1900, 2099),
    st.sampled_from(NOUNS),
)
def test_years_laws_dates_and_chapters_are_not_counts(phrase: str, year: int, noun: str) -> None:
    assert typed_counts(f"{phrase.format(y=year)} {noun} een taak.") == []


@given(st.sampled_from(sorted(WORDS)))
def test_every_count_in_words_is_recognised(number: int) -> None:
    assert WORDS[number] in spelled_counts(), WORDS[number]


RULES = {
    "de meeste": lambda c, b: Fraction(c, b) > Fraction(1, 2),
    "meer dan de helft": lambda c, b: Fraction(c, b) > Fraction(1, 2),
    "vrijwel alle": lambda c, b: Fraction(c, b) >= Fraction(9, 10),
    "ongeveer de helft": lambda c, b: Fraction(2, 5) <= Fraction(c, b) <= Fraction(3, 5),
    "een minderheid": lambda c, b: Fraction(c, b) < Fraction(1, 2),
    "enkele": lambda c, b: 2 <= c <= 5 and Fraction(c, b) <= Fraction(3, 10),
    "een enkele": lambda c, b: c == 1,
    "geen enkele": lambda c, b: c == 0,
    "alle": lambda c, b: c == b,
}


@st.composite
def figure(draw: st.DrawFn) -> tuple[int, int]:
    base = draw(st.integers(1, 342))
    return draw(st.integers(0, base)), base


@given(st.sampled_from(sorted(RULES)), figure(), st.booleans())
@settings(max_examples=400, deadline=None)
def test_a_quantifier_fits_exactly_when_the_declared_table_says(
    words: str, value: tuple[int, int], reference_first: bool
) -> None:
    count, base = value
    reference = '{{ cijfer("x") }}'
    sentence = (
        f"Zo ({reference}) zien {words.upper()} centrumgemeenten het."
        if reference_first
        else f"{words.capitalize()} centrumgemeenten ({reference}) zien het."
    )
    fragment = Fragment("tekst/2021/toegang.md", 4, sentence)
    figures = Figures({"x": Value(count, base)}, {}, "")
    problems = quantifier_problems(fragment, render_references(sentence, figures, 4), TABLE)
    assert (not problems) == RULES[words](count, base), (sentence, count, base)
    typed = words.upper() if reference_first else words.capitalize()
    expected = (
        f"tekst/2021/toegang.md, line 4: '{typed} centrumgemeenten' does not fit x = {count} van {base} ("
    )
    assert all(problem.describe().startswith(expected) for problem in problems)
