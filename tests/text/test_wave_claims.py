"""Claims of change against the comparison, wave years from the reference, confirmed copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.errors import InputError
from enquete.text.change_words import ChangeWord, fits, load_change_table
from enquete.text.references import EarlierWave, Figures, Value, Verdict
from enquete.text.text_origin import start_wave_text
from enquete.text.wave_claims import copy_source, unconfigured_text
from enquete.text.wave_text import load_wave_text
from tests.conftest import PROJECT

THEMES = ["toegang", "huisvesting"]
SECTION = "## Tegen welke knelpunten lopen gemeenten aan?\n\n"
TABLE = load_change_table(PROJECT / "config/veranderwoorden.yaml")
WORDS = [word for word in TABLE.by_words.values() if word is not None]
EXCEPTIONS = [words for words, word in TABLE.by_words.items() if word is None]

SAME = "geen duidelijke verandering"
# figure → (kind, 2019 value, 2021 value, verdict of 2019 → 2021, change)
ROWS = {
    "toegang.beschikking": ("herkenning", Value(10, 23), Value(5, 24), "waarschijnlijk afgenomen", -5),
    "toegang.verblijfsstatus": ("herkenning", Value(13, 23), Value(12, 23), SAME, -1),
    "toegang.gelijk": ("herkenning", Value(1, 23), Value(1, 24), SAME, 0),
    "toegang.meer": ("herkenning", Value(2, 23), Value(14, 24), "duidelijk toegenomen", 12),
    "toegang.minder": ("herkenning", Value(14, 23), Value(2, 24), "duidelijk afgenomen", -12),
    "samenwerking.loopt_goed": ("situatie", Value(8, 18), Value(16, 20), "duidelijk toegenomen", 8),
    "toegang.steun.wens": ("ondersteuning", Value(3, 23), Value(10, 24), "duidelijk toegenomen", 7),
}


def wave_figures(year: str = "2021") -> Figures:
    """Three waves: the nulmeting 2017, the previous wave 2019 and 2021."""
    current = {figure: row[2] for figure, row in ROWS.items()}
    current |= {"begeleiding.jeugdzorg": Value(10, 22), "toegang.gewijzigd": Value(4, 22)}
    previous: dict[str, Value | str] = {figure: row[1] for figure, row in ROWS.items()}
    previous |= {"begeleiding.jeugdzorg": "nieuw", "toegang.gewijzigd": "gewijzigd"}
    verdicts = {figure: Verdict("vergelijkbaar", row[3], row[4]) for figure, row in ROWS.items()}
    verdicts |= {
        "begeleiding.jeugdzorg": Verdict("nieuw", "nieuw", None),
        "toegang.gewijzigd": Verdict("gewijzigd", "niet vergelijkbaar", None),
    }
    nulmeting = EarlierWave(
        "2017",
        {"toegang.beschikking": Value(12, 22), "toegang.verblijfsstatus": Value(11, 22)},
        {
            "toegang.beschikking": Verdict("vergelijkbaar", "duidelijk afgenomen", -7),
            "toegang.verblijfsstatus": Verdict("vergelijkbaar", "geen duidelijke verandering", 1),
        },
    )
    kinds = {figure: row[0] for figure, row in ROWS.items()} | {"begeleiding.jeugdzorg": "herkenning"}
    return Figures(
        current,
        previous,
        "2019",
        year=year,
        nulmeting=nulmeting,
        previous_verdicts=verdicts,
        kinds=kinds,
        configured_years=("2017", "2019", "2021"),
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "config").mkdir()
    for table in ("kwantoren.yaml", "veranderwoorden.yaml"):
        shutil.copy2(PROJECT / "config" / table, tmp_path / "config" / table)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(year: str, page: str, text: str) -> None:
    path = Path("tekst") / year / f"{page}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def problems(text: str, figures: Figures | None = None, year: str = "2021") -> str:
    """The refusal of a text on the toegang page, or '' when it is accepted."""
    write(year, "toegang", SECTION + text)
    try:
        load_wave_text(year, THEMES, figures or wave_figures(year))
    except InputError as error:
        return error.message()
    return ""


# -- claims of change -------------------------------------------------------------------


def test_a_clear_improvement_beside_a_probable_change_is_refused_naming_file_line_figure_verdict(
    project: Path,
) -> None:
    message = problems(
        'Het afgeven van een beschikking is nog voor {{ cijfer("toegang.beschikking") }}\n'
        'centrumgemeenten een knelpunt, tegen {{ vorige("toegang.beschikking") }} in\n'
        '{{ vorige_jaar("toegang.beschikking") }}. Dat is de duidelijkste\nverbetering in deze meting.\n'
    )
    assert (
        "tekst/2021/toegang.md, line 5: 'de duidelijkste verbetering' claims a clear improvement, "
        "but the comparison with 2019 rates toegang.beschikking 'waarschijnlijk afgenomen'"
    ) in message
    # The true words pass: fewer gemeenten recognise the knelpunt, probably.
    assert not problems(
        'Nog {{ cijfer("toegang.beschikking") }} centrumgemeenten, tegen\n'
        '{{ vorige("toegang.beschikking") }}.\n'
        "Dat is waarschijnlijk een verbetering, maar geen zekerheid.\n"
    )


def test_better_follows_the_kind_of_figure(project: Path) -> None:
    # More gemeenten where the samenwerking goes well is better; more recognising a knelpunt is worse.
    assert not problems('De samenwerking is duidelijk verbeterd ({{ cijfer("samenwerking.loopt_goed") }}).\n')
    assert "claims a clear improvement" in problems(
        'Dit knelpunt is duidelijk verbeterd ({{ cijfer("toegang.meer") }}).\n'
    )
    assert not problems('Dit knelpunt is duidelijk verslechterd ({{ cijfer("toegang.meer") }}).\n')
    assert "kind 'ondersteuning', which has no better or worse" in problems(
        'De wens is duidelijk verbeterd ({{ cijfer("toegang.steun.wens") }}).\n'
    )


def test_unchanged_new_and_not_comparable(project: Path) -> None:
    assert not problems('Het aantal is gelijk gebleven ({{ cijfer("toegang.gelijk") }}).\n')
    assert "claims an unchanged count" in problems(
        'Het aantal is gelijk gebleven ({{ cijfer("toegang.verblijfsstatus") }}).\n'
    )
    assert not problems('Het aantal is ongeveer gelijk ({{ cijfer("toegang.verblijfsstatus") }}).\n')
    assert not problems('Dit knelpunt is nieuw: {{ cijfer("begeleiding.jeugdzorg") }} centrumgemeenten.\n')
    assert "was already measured in 2019" in problems(
        'Dit knelpunt is nieuw: {{ cijfer("toegang.verblijfsstatus") }} centrumgemeenten.\n'
    )
    assert "is not comparable with 2019 (gewijzigd)" in problems(
        'Het is toegenomen ({{ cijfer("toegang.gewijzigd") }}).\n'
    )


def test_a_bold_lead_reads_its_list_item_and_the_nulmeting_its_own_verdict(project: Path) -> None:
    message = problems(
        "- **De jeugdzorg is een nieuw aandachtspunt.** Voor\n"
        '  {{ cijfer("toegang.verblijfsstatus") }} centrumgemeenten is het een knelpunt.\n'
    )
    assert "tekst/2021/toegang.md, line 3: 'nieuw' claims a figure new in this wave" in message
    # Against the nulmeting the beschikking fell clearly; against 2019 only probably.
    assert not problems(
        'Sinds de nulmeting ({{ nulmeting("toegang.beschikking") }}) is het duidelijk minder\n'
        'geworden: {{ cijfer("toegang.beschikking") }}.\n'
    )
    assert "rates toegang.beschikking 'waarschijnlijk afgenomen'" in problems(
        'Het is duidelijk minder dan in {{ vorige_jaar("toegang.beschikking") }}:\n'
        '{{ cijfer("toegang.beschikking") }}.\n'
    )


def test_everyday_words_claim_a_change_only_when_the_sentence_compares(project: Path) -> None:
    assert not problems('{{ Woorden("toegang.gelijk") }} centrumgemeente vraagt om meer geld.\n')
    assert not problems('Meer dan de helft ({{ cijfer("toegang.meer") }}) herkent het, onder meer A.\n')
    assert "claims more gemeenten" in problems(
        'Het zijn er meer dan in {{ vorige_jaar("toegang.minder") }} ({{ cijfer("toegang.minder") }}).\n'
    )


def test_the_first_wave_has_nothing_to_compare_and_is_not_checked(project: Path) -> None:
    first = Figures({"toegang.meer": Value(3, 23)}, {}, "", year="2017", configured_years=("2017",))
    assert not problems('Het is duidelijk toegenomen ({{ cijfer("toegang.meer") }}).\n', first, "2017")


def misfit_figure(word: ChangeWord) -> str:
    """A figure whose verdict the word does not fit."""
    return {
        "meer": "toegang.minder",
        "minder": "toegang.meer",
        "beter": "toegang.meer",
        "slechter": "toegang.minder",
        "veranderd": "toegang.gelijk",
        "geen_verandering": "toegang.minder",
        "gelijk": "toegang.minder",
        "nieuw": "toegang.minder",
    }[word.direction]


def fitting_figure(word: ChangeWord) -> str:
    """A figure whose verdict the word fits."""
    return {
        "meer": "toegang.meer",
        "minder": "toegang.minder",
        "beter": "toegang.minder",
        "slechter": "toegang.meer",
        "veranderd": "toegang.meer",
        "geen_verandering": "toegang.verblijfsstatus",
        "gelijk": "toegang.gelijk",
        "nieuw": "begeleiding.jeugdzorg",
    }[word.direction]


def variant(words: str, spacing: str, case: str, emphasis: bool) -> str:
    """The words as a writer may type them: other spaces, case, emphasis."""
    cased = {"lower": words, "upper": words.upper(), "title": words.title()}[case]
    typed = spacing.join(cased.split())
    return f"*{typed}*" if emphasis else typed


def sentence(word: ChangeWord, figure: str, typed: str) -> str:
    reference = f'{{{{ cijfer("{figure}") }}}}'
    if word.direction == "nieuw":
        return f"Het is {typed}: {reference} centrumgemeenten.\n"
    return f'Het is {typed}, {reference} tegen {{{{ vorige("{figure}") }}}}.\n'


SPACINGS = st.sampled_from([" ", "  ", "\n", "&nbsp;", "&#160;", "\u00a0", " \u00ad"])
CASES = st.sampled_from(["lower", "upper", "title"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(WORDS), spacing=SPACINGS, case=CASES, emphasis=st.booleans())
def test_every_listed_word_triggers_in_any_spacing_case_or_entity(
    project: Path, word: ChangeWord, spacing: str, case: str, emphasis: bool
) -> None:
    typed = variant(word.words, spacing, case, emphasis)
    message = problems(sentence(word, misfit_figure(word), typed))
    assert f"claims {word.claim()}" in message, (word, typed)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(WORDS), spacing=SPACINGS, case=CASES)
def test_every_listed_word_passes_beside_a_figure_it_fits(
    project: Path, word: ChangeWord, spacing: str, case: str
) -> None:
    assert not problems(sentence(word, fitting_figure(word), variant(word.words, spacing, case, False)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.sampled_from(EXCEPTIONS), spacing=SPACINGS)
def test_the_exceptions_claim_no_change(project: Path, words: str, spacing: str) -> None:
    typed = spacing.join(words.split())
    text = f'Het is {typed} ({{{{ cijfer("toegang.meer") }}}} tegen {{{{ vorige("toegang.meer") }}}}).\n'
    assert "claims" not in problems(text)


def test_the_change_table_is_validated(project: Path) -> None:
    table = Path("config/veranderwoorden.yaml")
    table.write_text("veranderwoorden:\n  - {woorden: [meer], richting: omhoog}\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not match its schema"):
        load_change_table(table)
    table.write_text(
        "uitzonderingen: [Niet  meer]\nveranderwoorden:\n"
        "  - {woorden: [meer], richting: meer}\n"
        "  - {woorden: [MEER, niet meer], richting: minder}\n"
        "  - {woorden: [gelijk], richting: gelijk, zekerheid: duidelijk}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_change_table(table)
    message = error.value.message()
    assert "line 4" in message and "a change word is listed twice; found 'MEER'" in message
    assert "found 'niet meer'" in message
    assert "line 5" in message and "richting gelijk has no certainty" in message


# -- wave years -------------------------------------------------------------------------


def test_the_wave_forms_render_the_year_with_the_number(project: Path) -> None:
    write(
        "2021",
        "toegang",
        SECTION + 'In {{ vorige_jaar("toegang.beschikking") }} was dat {{ vorige("toegang.beschikking") }}, '
        'bij de nulmeting {{ nulmeting("toegang.beschikking") }}\n'
        '({{ nulmeting_jaar("toegang.beschikking") }});\n'
        'nu {{ cijfer("toegang.beschikking") }} ({{ in_vorige("toegang.beschikking") }},\n'
        '{{ in_nulmeting("toegang.beschikking") }}).\n',
    )
    html = str(load_wave_text("2021", THEMES, wave_figures()).part("toegang", "knelpunten"))
    assert (
        "In 2019 was dat 10 van 23, bij de nulmeting 12 van 22 (2017); nu 5 van 24 "
        "(in 2019: 10 van 23, in 2017: 12 van 22)."
    ) in html


def test_a_typed_year_or_nulmeting_beside_a_reference_to_another_wave_is_refused(project: Path) -> None:
    message = problems(
        'Nu {{ cijfer("toegang.verblijfsstatus") }}. In 2017 was dat {{ vorige("toegang.verblijfsstatus")\n'
        "}}.\n"
        'Bij de nulmeting was dat {{ vorige("toegang.beschikking") }}.\n'
        'In 2019 herkennen {{ cijfer("toegang.beschikking") }} centrumgemeenten het.\n'
    )
    assert (
        "tekst/2021/toegang.md, line 3: '2017' names the wave 2017, but the reference nearest to it, "
        '{{ vorige("toegang.verblijfsstatus") }}, shows the 2019 figure'
    ) in message
    assert "line 5: 'nulmeting' names the wave 2017" in message
    assert "line 6: '2019' names the wave 2019" in message
    assert "3 problems found" in message
    # The same words are right where the wave is the one they name.
    assert not problems(
        'In 2019 was dat {{ vorige("toegang.verblijfsstatus") }}; bij de nulmeting\n'
        '{{ nulmeting("toegang.verblijfsstatus") }}. In 2021 zijn het er\n'
        '{{ cijfer("toegang.verblijfsstatus") }}.\n'
    )


def test_a_year_after_a_comparing_word_names_the_compared_wave(project: Path) -> None:
    assert not problems('Minder dan in 2019 herkennen het: {{ cijfer("toegang.minder") }}.\n')
    assert "'2017' names the wave 2017, but the sentence compares with 2019" in problems(
        'Net als in 2017 herkennen {{ cijfer("toegang.verblijfsstatus") }} centrumgemeenten het.\n'
    )
    assert not problems(
        'Net als in 2017 herkennen het er {{ cijfer("toegang.verblijfsstatus") }}\n'
        '({{ in_nulmeting("toegang.verblijfsstatus") }}).\n'
    )
    # A publication's year is not a wave's.
    assert not problems('Het rapport van 2017 noemde het; nu {{ cijfer("toegang.verblijfsstatus") }}.\n')


def test_the_nulmeting_forms_in_the_first_wave_and_when_the_previous_wave_is_the_nulmeting(
    project: Path,
) -> None:
    first = Figures({"toegang.meer": Value(3, 23)}, {}, "", year="2017", configured_years=("2017",))
    assert "this is the first wave" in problems('Toen {{ nulmeting("toegang.meer") }}.\n', first, "2017")
    second = Figures(
        {"toegang.meer": Value(3, 23)},
        {"toegang.meer": Value(2, 22)},
        "2017",
        year="2019",
        configured_years=("2017", "2019"),
    )
    write("2019", "toegang", SECTION + 'Bij de nulmeting was dat {{ nulmeting("toegang.meer") }}.\n')
    html = str(load_wave_text("2019", THEMES, second).part("toegang", "knelpunten"))
    assert "Bij de nulmeting was dat 2 van 22." in html
    assert not problems('Bij de nulmeting was dat {{ vorige("toegang.meer") }}.\n', second, "2019")


# -- copied text ------------------------------------------------------------------------


COPIED = 'Nu {{ cijfer("toegang.beschikking") }}. En {{ cijfer("toegang.gelijk") }}.\n'


def test_a_copied_sentence_is_confirmed_in_herkomst_yaml_for_its_current_figures(project: Path) -> None:
    earlier = wave_figures("2019")
    write("2019", "toegang", SECTION + COPIED)
    source = load_wave_text("2019", THEMES, earlier)
    start_wave_text("2021", "2019", Path("tekst"))
    moved = wave_figures()
    moved.current["toegang.beschikking"] = Value(4, 24)
    with pytest.raises(InputError) as error:
        load_wave_text("2021", THEMES, moved, source_text=source)
    message = error.value.message()
    assert "tekst/2021/toegang.md, line 3: copied unedited from 2019, but its figures changed" in message
    assert "toegang.beschikking: 5 van 24 → 4 van 24" in message
    key = message.split("as '- ")[1].split("'")[0]
    assert key.startswith("toegang.md#")
    origin = Path("tekst/2021/herkomst.yaml")
    origin.write_text(origin.read_text(encoding="utf-8") + f"bevestigd:\n  - {key}\n", encoding="utf-8")
    assert load_wave_text("2021", THEMES, moved, source_text=source).stale == []
    # The confirmation holds for these figures only.
    moved.current["toegang.beschikking"] = Value(3, 24)
    with pytest.raises(InputError, match="copied unedited from 2019"):
        load_wave_text("2021", THEMES, moved, source_text=source)
    # An edited sentence is the new wave's own.
    write("2021", "toegang", SECTION + COPIED.replace("Nu", "Nog"))
    assert load_wave_text("2021", THEMES, moved, source_text=source).stale == []


def test_a_confirmation_that_is_not_a_key_is_refused(project: Path) -> None:
    write("2019", "toegang", SECTION + "Tekst.\n")
    start_wave_text("2021", "2019", Path("tekst"))
    origin = Path("tekst/2021/herkomst.yaml")
    origin.write_text(origin.read_text(encoding="utf-8") + "bevestigd:\n  - Nu 5 van 24.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"herkomst\.yaml"):
        load_wave_text("2021", THEMES, wave_figures())


def test_a_concept_build_marks_and_lists_claims_the_final_build_refuses(project: Path) -> None:
    write(
        "2021",
        "toegang",
        SECTION + 'Het is duidelijk minder ({{ cijfer("toegang.beschikking") }}). In 2017 was dat\n'
        '{{ vorige("toegang.verblijfsstatus") }}.\n',
    )
    text = load_wave_text("2021", THEMES, wave_figures(), concept=True)
    assert [problem.row for problem in text.untrue] == [3, 3]
    html = str(text.part("toegang", "knelpunten"))
    assert 'duidelijk minder (<mark class="te-herschrijven">5 van 24 <small>(te herschrijven)' in html
    assert 'In 2017 was dat <mark class="te-herschrijven">13 van 23' in html
    with pytest.raises(InputError, match="2 problems found"):
        load_wave_text("2021", THEMES, wave_figures())


VERDICTS = st.sampled_from(
    [
        "duidelijk toegenomen",
        "duidelijk afgenomen",
        "waarschijnlijk toegenomen",
        "waarschijnlijk afgenomen",
        "geen duidelijke verandering",
        "",
    ]
)


@given(
    direction=st.sampled_from(["meer", "minder", "veranderd"]),
    verdict=VERDICTS,
    change=st.integers(-30, 30),
)
def test_a_claim_that_fits_also_fits_with_less_certainty_and_never_the_other_way(
    direction: str, verdict: str, change: int
) -> None:
    results = [
        fits(direction, strength, verdict, change) for strength in ("geen", "waarschijnlijk", "duidelijk")
    ]
    assert results == sorted(results, reverse=True)  # True before False: certainty only narrows
    if results[2]:
        assert verdict.startswith("duidelijk")
    if results[1]:
        assert verdict.startswith(("duidelijk", "waarschijnlijk"))
    if direction != "veranderd" and verdict.endswith(("toegenomen", "afgenomen")):
        other = "minder" if direction == "meer" else "meer"
        assert not (fits(direction, "geen", verdict, change) and fits(other, "geen", verdict, change))


def test_a_source_wave_that_is_not_an_earlier_wave_is_refused(project: Path) -> None:
    write("2021", "toegang", "Tekst.\n")
    Path("tekst/2021/herkomst.yaml").write_text('bron: "2023"\n', encoding="utf-8")
    with pytest.raises(InputError, match="the source wave is not an earlier wave of the report"):
        copy_source("2021", ["2017", "2019", "2021"])
    assert copy_source("2019", ["2017", "2019", "2021"]) == ""
    Path("tekst/2031").mkdir()
    Path("tekst/notities.txt").write_text("x", encoding="utf-8")
    assert unconfigured_text(["2021"], Path("tekst")) == [
        "Tekst: tekst/2031/ hoort bij geen meting van de configuratie (waves:); "
        "deze tekst wordt niet gebruikt tot de meting is toegevoegd.",
        "Tekst: tekst/notities.txt is geen map van een meting (tekst/<jaar>/); het wordt niet gebruikt.",
    ]
