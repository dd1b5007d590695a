"""The text checks read what the reader reads: every number, every share, in any Markdown form.

Generated variants: counts as digits or number words (from the hand-written list below, not
from the code that spells numbers), fractions and percentages, with and without a noun for the
respondents, with every kind of space, dash and entity, inside emphasis, links, link titles,
alt texts, list items, quotes, table rows and footnotes; each must be refused at its line.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.errors import InputError
from enquete.text.quantifiers import load_quantifier_table
from enquete.text.reader_text import reader_text
from enquete.text.references import Figures, Value, render_references
from enquete.text.researcher_text import Fragment
from enquete.text.text_checks import quantifier_problems, typed_count_problems
from enquete.text.wave_text import load_wave_text
from tests.conftest import PROJECT

TABLE = load_quantifier_table(PROJECT / "config/kwantoren.yaml")
FIGURES = Figures({"x": Value(13, 23), "alle": Value(20, 20), "geen": Value(0, 20)}, {}, "")
FILE = "tekst/2019/toegang.md"

# Dutch number words written out by hand: an independent list, not the code's own spelling.
WORDS = {
    2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 9: "negen",
    10: "tien", 11: "elf", 12: "twaalf", 13: "dertien", 14: "veertien", 15: "vijftien",
    16: "zestien", 17: "zeventien", 18: "achttien", 19: "negentien", 20: "twintig",
    21: "eenentwintig", 22: "tweeëntwintig", 23: "drieëntwintig", 24: "vierentwintig",
    30: "dertig", 33: "drieëndertig", 40: "veertig", 45: "vijfenveertig", 57: "zevenenvijftig",
    68: "achtenzestig", 80: "tachtig", 99: "negenennegentig", 100: "honderd", 101: "honderdeen",
    110: "honderdtien", 123: "honderddrieëntwintig", 200: "tweehonderd",
    342: "driehonderdtweeënveertig", 999: "negenhonderdnegenennegentig",
}  # fmt: skip
NOUNS = [
    "gemeenten", "centrumgemeenten", "centrum-gemeenten", "centrum\u2010gemeenten",
    "centrum\u2011gemeenten", "gemeentes", "steden", "regio's", "regio’s", "deelnemers",
    "respondenten", "G4-gemeenten", "deelnemende gemeenten", "grote steden",
]  # fmt: skip
SPACES = [" ", "\u00a0", "&nbsp;", "&#160;", "\u202f", "\u2007", "  "]
PERCENT = ["%", " %", " procent", " pct.", " pct", " percent"]
# Markdown around a text, and the line the text starts on.
CONTEXTS = [
    ("{t}", 1),
    ("Intro.\n\n**{t}** hier.", 3),
    ("Zie *{t}* hier.", 1),
    ("Zie [{t}](https://example.nl).", 1),
    ('Zie [de bron](https://example.nl "{t}").', 1),
    ("Een plaatje: ![{t}](plaatje.png)", 1),
    ("Tekst.[^1]\n\n[^1]: {t}", 3),
    ("- een punt\n- {t}", 2),
    ("> {t}", 1),
    ("| kop | kop |\n| --- | --- |\n| a | {t} |", 3),
    ('Eerst {{\n  cijfer("x")\n}} en dan {t}', 3),
    ("## Kop\n\n### {t}", 3),
]


def problems(source: str, figures: Figures = FIGURES) -> list:
    fragment = Fragment(FILE, 1, source)
    reader = reader_text(render_references(source, figures, 1), 1)
    return typed_count_problems(fragment, reader, TABLE) + quantifier_problems(fragment, reader, TABLE)


def spaced(draw: st.DrawFn, text: str) -> str:
    return text.replace(" ", draw(st.sampled_from(SPACES)))


@st.composite
def typed_count(draw: st.DrawFn) -> str:
    number = draw(st.sampled_from(sorted(WORDS)))
    word = WORDS[number]
    if draw(st.booleans()):
        word = word.replace("ë", "e") if draw(st.booleans()) else word.capitalize()
    digits = draw(st.sampled_from([str(number), f"&#{ord(str(number)[0])};{str(number)[1:]}"]))
    form = draw(st.sampled_from(["digits", "word", "fraction", "percent", "x van y"]))
    if form == "fraction":
        text = f"{number}/{number + draw(st.integers(0, 40))}"
    elif form == "percent":
        text = f"{number % 100 or 57}{draw(st.sampled_from(PERCENT))}"
    elif form == "x van y":
        text = f"{number} van de {number + 1}"
    else:
        text = digits if form == "digits" else word
    noun = draw(st.sampled_from(["", *NOUNS]))
    between = draw(st.sampled_from(["", "van de ", "andere ", "grote "])) if noun else ""
    return spaced(draw, f"{text} {between}{noun}".rstrip())


@given(typed_count(), st.sampled_from(CONTEXTS), st.sampled_from(["", "Volgens het rapport ", "Van hen "]))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_typed_count_is_refused_at_its_line_in_any_markdown(
    count: str, context: tuple[str, int], lead: str
) -> None:
    template, line = context
    source = template.replace("{t}", f"{lead}{count} vinden het zwaar")
    found = [p for p in problems(source) if "typed, not referenced" in p.what]
    assert found, source
    assert any(p.row == line for p in found), (source, [p.describe() for p in found])


def test_the_examples_of_the_issue_are_each_refused() -> None:
    examples = [
        "Van hen vinden er dertien het zwaar.",
        "Dat is 13/23.",
        "Het gaat om 13 centrum-gemeenten.",
        "Het gaat om 57 pct. van de centrumgemeenten.",
        "Het gaat om 57%.",
        "Het gaat om 13&nbsp;gemeenten.",
        'Zie [de bron](https://example.nl "13 gemeenten").',
        "Het gaat om dertien steden.",
        "Het gaat om 14 deelnemers.",
        "Het gaat om vier G4-gemeenten.",
        "Vrijwel alle centrumgemeenten herkennen de administratieve last.",
        "Tweederde van de centrumgemeenten herkent het.",
        "Het merendeel van de centrumgemeenten herkent het.",
        "De overgrote meerderheid van de gemeenten herkent het.",
        "De&nbsp;meeste centrumgemeenten herkennen het.",
        "De helft van hen herkent het.",
        "Een minderheid van de gemeenten herkent het.",
    ]
    for example in examples:
        assert problems(example), example


# Numbers of the allowed kinds, with the same spaces and Markdown around them.
ALLOWED = [
    "In 2017 hebben gemeenten taken", "Sinds de Wmo 2015 hebben gemeenten taken",
    "Op 1 januari 2018 kregen gemeenten taken", "Zie hoofdstuk 3 over gemeenten",
    "Artikel 2 van de wet", "Dat kost € 1.500 per vrouw", "Dat kost 5 euro per dag",
    "Het duurt zes tot acht weken", "Het duurt 24 uur", "Bel 0800-2000, 24/7 bereikbaar",
    "De 2e gemeente en de tweede regio", "Om 13.00 uur", "Eén loket voor de vrouw",
    "Het budget is 2 miljoen euro", "Drie maanden later", "In 2017–2019 en 2017/2018",
    "Kamerstuk 29 325 gaat over gemeenten",
]  # fmt: skip


@given(st.sampled_from(ALLOWED), st.sampled_from(CONTEXTS), st.sampled_from(SPACES))
@settings(max_examples=200, deadline=None)
def test_years_laws_dates_money_and_durations_stay_allowed(
    sentence: str, context: tuple[str, int], space: str
) -> None:
    source = context[0].replace("{t}", sentence.replace(" ", space) + ".")
    assert [p.describe() for p in problems(source)] == [], source


def spellings() -> list[str]:
    return sorted(TABLE.by_words)


@given(
    st.sampled_from(spellings()),
    st.sampled_from(["centrumgemeenten", "gemeenten", "centrum-gemeenten", "G4-gemeenten", "steden"]),
    st.sampled_from(SPACES),
    st.sampled_from(CONTEXTS[:9]),
)
@settings(max_examples=300, deadline=None)
def test_a_share_about_the_respondents_needs_a_reference_in_its_sentence(
    words: str, noun: str, space: str, context: tuple[str, int]
) -> None:
    claim = f"{words} van de {noun}" if words.endswith(("helft", "derde", "kwart")) else f"{words} {noun}"
    claim = claim.capitalize().replace(" ", space)
    source = context[0].replace("{t}", f"{claim} herkennen het knelpunt")
    unbound = [p for p in problems(source) if "claims a share of the respondents" in p.what]
    assert unbound and unbound[0].row == context[1], (source, [p.describe() for p in problems(source)])


@given(st.sampled_from(spellings()), st.integers(1, 60))
@settings(max_examples=300, deadline=None)
def test_a_bound_share_is_read_against_its_figure_not_as_typed_numbers(words: str, base: int) -> None:
    quantifier = TABLE.by_words[words]
    fitting = [count for count in range(base + 1) if quantifier.fits(count, base)]
    count = fitting[len(fitting) // 2] if fitting else 0
    figures = Figures({"x": Value(count, base)}, {}, "")
    source = f'{words.capitalize()} centrumgemeenten ({{{{ cijfer("x") }}}}) herkennen het.'
    found = [p.describe() for p in problems(source, figures)]
    assert (found == []) == bool(fitting), (source, count, base, found)


def test_vague_words_and_shares_of_other_things_need_no_reference() -> None:
    for sentence in [
        "Een aantal gemeenten herkent het.",
        "Veel centrumgemeenten herkennen het.",
        "Sommige gemeenten herkennen het.",
        "De meeste vrouwen vinden een plek.",
        "Alle voorwaarden gelden.",
    ]:
        assert problems(sentence) == [], sentence


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "config").mkdir()
    for table in ("kwantoren.yaml", "veranderwoorden.yaml"):
        shutil.copy2(PROJECT / "config" / table, tmp_path / "config" / table)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(page: str, text: str, year: str = "2019") -> None:
    path = Path("tekst") / year / f"{page}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def refusal(figures: Figures = FIGURES) -> InputError:
    with pytest.raises(InputError) as error:
        load_wave_text("2019", ["toegang", "huisvesting"], figures)
    return error.value


SECTION = "## Tegen welke knelpunten lopen gemeenten aan?\n\n"


def test_one_unknown_reference_hides_no_other_problem_and_every_file_is_reported(project: Path) -> None:
    deep = "{{ cijfer(" + "(" * 300 + '"x"' + ")" * 300 + ") }}"
    write(
        "toegang",
        'Intro met {{ cijfer("bestaat.niet") }} en 13 gemeenten.\n\n'
        + SECTION
        + f"Vrijwel alle centrumgemeenten herkennen het.\n\nDiep: {deep} en dertien steden.\n\n"
        "## Iets anders\n\nMeer.\n",
    )
    write("huisvesting", 'Van hen vinden er dertien het zwaar. {{ cijfer("x" }}\n')
    write("aanleiding", "Tekst.", year="2019")
    Path("tekst/2019/onbekend.md").write_text("Tekst.\n", encoding="utf-8")
    lines = [p.describe() for p in refusal().problems]
    expected = [
        "tekst/2019/huisvesting.md, line 1: a count is typed",
        "tekst/2019/huisvesting.md, line 1: reference syntax error",
        "tekst/2019/onbekend.md: is not a page of the report",
        "tekst/2019/toegang.md, line 1: unknown figure 'bestaat.niet'",
        "tekst/2019/toegang.md, line 1: a count is typed, not referenced; found '13 gemeenten'",
        "tekst/2019/toegang.md, line 5: 'Vrijwel alle centrumgemeenten' claims a share",
        "tekst/2019/toegang.md, line 7: a reference nested 301 brackets deep (at most 12)",
        "tekst/2019/toegang.md, line 7: a count is typed, not referenced; found 'dertien steden'",
        "tekst/2019/toegang.md, line 9: heading is not a section of a theme page",
    ]
    for line in expected:
        assert any(problem.startswith(line) for problem in lines), (line, lines)


@pytest.mark.parametrize(
    "source",
    [
        "[" * 5000 + "x" + "]" * 5000,
        ">" * 3000 + " diep",
        "*" * 20000,
        "{{ " + "(" * 100000 + " }}",
        "- " * 3000 + "lijst",
        "<div>" * 5000 + "13 gemeenten",
        "{{" * 3000,
        "`" * 10000 + "x",
    ],
    ids=["brackets", "quotes", "stars", "reference", "lists", "html", "braces", "ticks"],
)
def test_any_nesting_gets_an_answer_never_a_traceback(project: Path, source: str) -> None:
    write("toegang", source + "\n")
    started = time.perf_counter()
    try:
        load_wave_text("2019", ["toegang"], FIGURES)
    except InputError as error:
        assert all(p.file == FILE for p in error.problems)
    assert time.perf_counter() - started < 30


def test_a_large_text_is_checked_in_time_and_a_huge_one_refused(project: Path) -> None:
    paragraph = "De gemeenten in de regio werken samen aan de opvang van vrouwen. " * 8 + "\n\n"
    write("toegang", paragraph * 1500 + "Daarna 13 gemeenten.\n")  # about 800 kB
    started = time.perf_counter()
    error = refusal()
    assert time.perf_counter() - started < 60
    assert [p.row for p in error.problems] == [3001]
    write("toegang", "x" * 2_100_000)
    assert "is 2100000 bytes long" in refusal().message()


@given(st.text(st.characters(codec="utf-8"), max_size=300))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_read_or_refused(project: Path, text: str) -> None:
    write("toegang", text)
    with contextlib.suppress(InputError):  # a refusal is an answer; anything else fails
        load_wave_text("2019", ["toegang"], FIGURES)


def test_footnotes_are_numbered_once_per_page(project: Path) -> None:
    write(
        "toegang",
        "Intro.[^a]\n\n[^a]: Eerste.\n\n"
        + SECTION
        + "Tekst.[^1] En meer.[^2]\n\n[^1]: Tweede.\n[^2]: Derde.\n\n"
        "## Welke oplossingen en goede voorbeelden zijn er?\n\nNog.[^1]\n\n[^1]: Vierde.\n",
    )
    text = load_wave_text("2019", ["toegang"], FIGURES)
    page = "".join(str(text.part("toegang", key)) for key in ("intro", "knelpunten", "oplossingen"))
    assert re.findall(r'class="footnote-ref"[^>]*>(\d+)<', page) == ["1", "2", "3", "4"]
    assert re.findall(r'<ol start="(\d+)"', page) == ["2", "4"]
    assert "Terug naar voetnoot 4 in de tekst" in page


def test_the_quantifier_table_is_validated_naming_file_and_line(project: Path) -> None:
    Path("config/kwantoren.yaml").write_text(
        "kwantoren:\n"
        "  - woorden: [de meeste]\n"
        "    aandeel_meer_dan: 0.5\n"
        "  - woorden: [ongeveer de helft]\n"
        "    aandeel_minimaal: 0.6\n"
        "    aandeel_maximaal: 0.4\n"
        "  - woorden: [twee derde, 'De  Meeste', twee-derde]\n"
        "    aantal_minimaal: 5\n"
        "    aantal_maximaal: 2\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_quantifier_table()
    message = error.value.message()
    assert (
        "config/kwantoren.yaml, line 4" in message
        and "aandeel_minimaal: 0.6 above aandeel_maximaal: 0.4" in message
    )
    assert "line 7" in message and "'De  Meeste'" in message and "'twee-derde'" in message
    assert "aantal_minimaal: 5 above aantal_maximaal: 2" in message
    assert message.count("a quantifier is listed twice") == 2
