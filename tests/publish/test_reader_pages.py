"""What a reader of the report sees: mentions phrased as mentions, national support never
hidden, a summary that lists only knelpunten, comparisons that say who changed, provisional
numbers marked, and the number of coders taken from the configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from enquete.analysis.comparison import verdict, who_changed
from enquete.codebook import Figure, load_codebook
from enquete.errors import InputError
from enquete.publish.claims import claim_for
from enquete.publish.theme_sections import NOT_COUNTED_NOTE, coverage_note
from tests.conftest import FIXTURES
from tests.workflow.test_failures import build, mini_project


def coded(**changes: object) -> Figure:
    fields = {
        "id": "t.x",
        "theme": "t",
        "kind": "ondersteuning",
        "label": "X",
        "base": "theme_respondents",
        "sentence_one": "noemt X",
        "sentence_many": "noemen X",
        "coded_from": ("t_ondersteuning",),
    }
    return Figure(**(fields | changes))


def row(count: int, base: int, final: str = "ja") -> pd.Series:
    return pd.Series({"count": count, "base": base, "base_rule": "theme_respondents(t)", "final": final})


@pytest.mark.parametrize(
    ("count", "sentence"),
    [
        (2, "Twee centrumgemeenten noemen X."),
        (1, "Eén centrumgemeente noemt X."),
        (0, "Geen centrumgemeente noemt X."),
        (13, "Dertien centrumgemeenten noemen X."),
        (27, "27 centrumgemeenten noemen X."),
    ],
)
def test_a_mention_is_counted_in_words_without_a_base(count: int, sentence: str) -> None:
    claim = claim_for(coded(), row(count, 23))
    assert claim.sentence == sentence
    assert claim.mention and claim.counted_as == "zelf genoemd in een open antwoord"
    assert claim.rule_short == "centrumgemeenten die het thema bereikten"


def test_a_closed_question_keeps_count_and_base() -> None:
    closed = coded(coded_from=(), question="t_q", counts=(1,), base="valid_answer", kind="herkenning")
    claim = claim_for(closed, pd.Series({"count": 13, "base": 23, "base_rule": "valid_answer(t_q)"}))
    assert claim.sentence == "13 van 23 centrumgemeenten noemen X."
    assert not claim.mention and claim.counted_as == "antwoord op een gesloten vraag"


def test_the_previous_wave_of_a_mention_is_said_in_words_too() -> None:
    claim = claim_for(coded(), row(2, 24), "in 2017: 3 van 22", "in 2017: drie")
    assert claim.sentence == "Twee centrumgemeenten noemen X (in 2017: drie)."
    assert claim.previous == "in 2017: 3 van 22"  # the table still shows count and base


def test_a_provisional_number_is_marked_for_eye_and_screen_reader() -> None:
    claim = claim_for(coded(), row(2, 23, final="nee"))
    hidden = '<span class="visueel-verborgen"> (voorlopig)</span>'
    mark = f'<mark class="voorlopig">Twee centrumgemeenten{hidden}</mark>'
    assert claim.sentence == mark + " noemen X."
    assert "(voorlopig)" in claim.count_text and "(voorlopig)" in claim.base_text
    assert "<mark" not in claim_for(coded(), row(2, 23)).sentence


def test_respondent_words_in_a_sentence_stay_text() -> None:
    claim = claim_for(coded(sentence_many="noemen <b>X</b>"), row(2, 23, final="nee"))
    assert "&lt;b&gt;X&lt;/b&gt;" in claim.sentence


@pytest.mark.parametrize(
    ("figure_id", "message"),
    [
        ("huisvesting.woning", "summary figure is not a figure of this theme"),
        ("toegang.nergens", "summary figure is not a figure of this theme"),
        ("toegang.goed", "summary figure is not a knelpunt, a solution or a support wish"),
    ],
)
def test_the_summary_takes_only_knelpunt_figures_of_its_theme(
    tmp_path: Path, figure_id: str, message: str
) -> None:
    text = (FIXTURES / "mini/codebook.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'summary: de toegang, findings: ["Bevinding A."]}',
        f'summary: de toegang, findings: ["Bevinding A."], summary_figures: [{figure_id}]}}',
    )
    text += (
        "  - {id: toegang.goed, theme: toegang, kind: situatie, label: Goed, question: t_status,"
        " counts: [2], base: valid_answer, sentence: {one: vindt het goed, many: vinden het goed}}\n"
    )
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_codebook(path)
    assert message in raised.value.message()
    assert "column 'themes/toegang/summary_figures'" in raised.value.message()


def comparison_row(count_a: int, count_b: int, started: int, stopped: int) -> dict:
    return {
        "status": "vergelijkbaar",
        "count_a": count_a,
        "base_a": 23,
        "count_b": count_b,
        "base_b": 23,
        "change": count_b - count_a,
        "low_a": count_a,
        "high_a": count_a + 12,
        "low_b": count_b,
        "high_b": count_b + 12,
        "panel": 18,
        "started": started,
        "stopped": stopped,
        "kept": 3,
        "never": 10,
    }


def test_a_comparison_says_which_gemeenten_changed() -> None:
    figure = coded(
        kind="herkenning", sentence_many="geven aan dat het afgeven van een beschikking een knelpunt is"
    )
    row_ = comparison_row(10, 5, 0, 5)
    row_["verdict"], _ = verdict(row_, 3, ("2017", "2019"))
    who, reading = who_changed(row_, figure, ("2017", "2019"))
    assert row_["verdict"] == "waarschijnlijk afgenomen"
    assert who == "waarschijnlijk minder centrumgemeenten"
    assert reading == (
        "Minder centrumgemeenten dan in 2017 geven aan dat het afgeven van een beschikking een knelpunt is: "
        "waarschijnlijk een afname, geen zekerheid."
    )


def test_no_change_is_not_called_a_small_difference() -> None:
    row_ = comparison_row(6, 6, 2, 2)
    row_["verdict"], explanation = verdict(row_, 3, ("2017", "2019"))
    who, reading = who_changed(row_, coded(), ("2017", "2019"))
    assert "klein verschil" not in explanation and "gelijk gebleven" in explanation
    assert who == "even veel centrumgemeenten"
    assert reading == "Even veel centrumgemeenten als in 2017 noemen X."
    row_ = comparison_row(6, 7, 2, 1)
    row_["verdict"], explanation = verdict(row_, 3, ("2017", "2019"))
    assert "klein verschil" not in explanation  # the comparison page says it once per theme
    assert who_changed(row_, coded(), ("2017", "2019"))[0] == "geen duidelijke verandering"


def coverage(answers: int, pending: int = 0, counted: str = "ja") -> list[dict]:
    return [{"answers": answers, "pending": pending, "counted": counted}]


def test_answers_without_figures_get_a_true_note() -> None:
    assert coverage_note(coverage(4, counted="nee"), has_figures=False) == NOT_COUNTED_NOTE
    assert coverage_note(coverage(4, pending=4), has_figures=False) == ""
    assert "voorlopig" in coverage_note(coverage(4, pending=1), has_figures=True)
    assert coverage_note(coverage(0, counted="nee"), has_figures=False) == ""
    assert coverage_note(coverage(4), has_figures=True) == ""


def with_support_question(project: Path, figure: bool) -> None:
    """Add a national-support question to the mini project, answered by two gemeenten."""
    codebook = project / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8").replace(
        '  - {id: h_woning, theme: huisvesting, type: closed, scale: herkenning, text: "Herkent u B?"}',
        '  - {id: t_ondersteuning, theme: toegang, type: open, section: ondersteuning, text: "Steun?"}\n'
        '  - {id: h_woning, theme: huisvesting, type: closed, scale: herkenning, text: "Herkent u B?"}',
    )
    if figure:
        text += (
            "  - {id: toegang.steun.regels, theme: toegang, kind: ondersteuning, label: Betere regels,"
            " coded_from: [t_ondersteuning], base: theme_respondents, keywords: [regels],"
            " sentence: {one: wil betere regels, many: willen betere regels}}\n"
        )
    codebook.write_text(text, encoding="utf-8")
    for name, answers in (
        ("online.csv", ["Betere regels.", "Landelijke regels graag.", ""]),
        ("telefonisch.csv", [""]),
    ):
        path = project / name
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [lines[0] + ",t_ondersteuning"] + [
            f"{line},{answer}" for line, answer in zip(lines[1:], answers, strict=True)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    coding = project / "codering.csv"
    codes = "toegang.steun.regels" if figure else "geen"
    coding.write_text(
        coding.read_text(encoding="utf-8")
        + f"11.t_ondersteuning,{codes},,\n12.t_ondersteuning,{codes},ja,\n",
        encoding="utf-8",
    )


def built_with_support(tmp_path: Path, figure: bool) -> tuple[Path, str, str]:
    """The mini project built with a support question: the project, stderr, and the toegang page."""
    project = mini_project(tmp_path / "project")
    with_support_question(project, figure)
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project, result.stderr, (project / "site/toegang.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_uncounted_support_answers_get_no_workflow_message(tmp_path: Path) -> None:
    """The codebook has no code beyond `geen` for the question: the answers *are* coded, so the
    page never says they are not; with a quote in the section it says nothing more, and the
    console tells the researcher."""
    _, stderr, page = built_with_support(tmp_path, figure=False)
    support = page.partition('<h2 id="welke-landelijke-ondersteuning')[2]
    assert "gecodeerd" not in support and "geen cijfers" not in page
    assert "Landelijke regels graag." in support  # the quotable answer is still shown
    assert NOT_COUNTED_NOTE not in support  # the quote fills the section
    assert "theme toegang: the codebook has no code beyond 'geen' for t_ondersteuning (2 answers)" in stderr


@pytest.mark.slow
def test_an_otherwise_empty_uncounted_section_says_what_is_true(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    with_support_question(project, figure=False)
    coding = project / "codering.csv"
    coding.write_text(
        coding.read_text(encoding="utf-8").replace(
            "12.t_ondersteuning,geen,ja,", "12.t_ondersteuning,geen,,"
        ),
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/toegang.html").read_text(encoding="utf-8")
    support = page.partition('<h2 id="welke-landelijke-ondersteuning')[2]
    assert NOT_COUNTED_NOTE in support and "gecodeerd" not in support


@given(
    answers=st.lists(st.integers(0, 9), min_size=1, max_size=3),
    counted=st.lists(st.booleans(), min_size=3, max_size=3),
    pending=st.lists(st.integers(0, 9), min_size=3, max_size=3),
    has_figures=st.booleans(),
)
def test_no_coverage_note_reports_a_workflow_step_as_a_fact(
    answers: list[int], counted: list[bool], pending: list[int], has_figures: bool
) -> None:
    """Whatever the state of the coding, a note on a final page never says answers were not
    coded; only a section with (provisional) figures may say that coding is unfinished."""
    rows = [
        {"answers": n, "counted": "ja" if c else "nee", "pending": min(p, n)}
        for n, c, p in zip(answers, counted, pending, strict=False)
    ]
    note = coverage_note(rows, has_figures)
    assert "niet gecodeerd" not in note
    if note and note != NOT_COUNTED_NOTE:
        assert has_figures and any(row["pending"] for row in rows)
    if note == NOT_COUNTED_NOTE:
        assert not has_figures and all(row["counted"] == "nee" for row in rows)


@pytest.mark.slow
def test_coded_support_answers_show_as_wishes_with_their_own_chart(tmp_path: Path) -> None:
    project, _, page = built_with_support(tmp_path, figure=True)
    knelpunten, _, support = page.partition('<h2 id="welke-landelijke-ondersteuning')
    assert "Twee centrumgemeenten willen betere regels." in support
    assert 'id="grafiek-toegang-ondersteuning"' in support
    assert "Betere regels: 2 van 4" in support  # the text alternative
    assert "grafiek-toegang-ondersteuning" not in knelpunten and 'id="grafiek-toegang"' in knelpunten
    assert (project / "site/downloads/grafiek-toegang-ondersteuning-2017.xlsx").is_file()
    download = (project / "site/downloads/grafiek-toegang-ondersteuning-2017.csv").read_text(
        encoding="utf-8-sig"
    )
    assert "zelf genoemd in een open antwoord" in download


@pytest.mark.slow
def test_the_number_of_coders_comes_from_the_configuration(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    for coder in ("bram", "cor"):
        shutil.copy2(project / "codering.csv", project / f"codering-{coder}.csv")
    config = project / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "    coding: codering.csv\n",
            "    coding:\n      coders:\n"
            "        {anna: codering.csv, bram: codering-bram.csv, cor: codering-cor.csv}\n",
        ),
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Drie codeurs deden dat onafhankelijk" in (project / "site/verantwoording.html").read_text(
        encoding="utf-8"
    )
