"""The comparison in Dutch a policy reader trusts: numbers agree with their verbs, a drop to
zero is said as one, a negative difference has a minus sign, and no word claims more than the
verdict (the change-word table of the researcher's text reads the generated sentences too).

Every test runs over generated before/after counts and panels, not only the demo's figures.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.analysis.comparison import panel_sentence, verdict, who_changed
from enquete.codebook import Figure
from enquete.publish.dutch import MINUS, signed_difference
from enquete.text.change_words import fits, load_change_table
from enquete.text.claim_scope import plain

YEARS = ("2017", "2019")
INVITED = 35
FIGURE = Figure(
    id="toegang.beschikking",
    theme="toegang",
    kind="herkenning",
    label="Afgeven van een beschikking",
    base="valid_answer",
    sentence_one="geeft aan dat het afgeven van een beschikking een knelpunt is",
    sentence_many="geven aan dat het afgeven van een beschikking een knelpunt is",
)
TABLE = load_change_table()


@st.composite
def compared_rows(draw: st.DrawFn) -> dict:
    """A comparable figure in two waves: counts within bases, a panel within both bases whose
    movements fit the counts."""
    base_a = draw(st.integers(1, INVITED))
    base_b = draw(st.integers(1, INVITED))
    count_a = draw(st.integers(0, base_a))
    count_b = draw(st.integers(0, base_b))
    panel = draw(st.integers(0, min(base_a, base_b)))
    kept = draw(st.integers(0, min(panel, count_a, count_b)))
    started = draw(st.integers(0, min(panel - kept, count_b - kept)))
    stopped = draw(st.integers(0, min(panel - kept - started, count_a - kept)))
    return {
        "status": "vergelijkbaar",
        "note": "",
        "count_a": count_a,
        "base_a": base_a,
        "count_b": count_b,
        "base_b": base_b,
        "low_a": count_a,
        "high_a": count_a + INVITED - base_a,
        "low_b": count_b,
        "high_b": count_b + INVITED - base_b,
        "change": count_b - count_a,
        "panel": panel,
        "started": started,
        "stopped": stopped,
        "kept": kept,
        "never": panel - kept - started - stopped,
    }


def judged(row: dict, clear_change: int = 3) -> dict:
    row = dict(row)
    row["verdict"], row["explanation"] = verdict(row, clear_change, YEARS)
    row["who"], row["reading"] = who_changed(row, FIGURE, YEARS)
    return row


# (pattern, group holding the number, the verb form for one, for several)
AGREEMENT = [
    (r"\b(kwam|kwamen) er (\d+|geen) bij", "kwam", "kwamen"),
    (r"\b(viel|vielen) er (\d+|geen) af", "viel", "vielen"),
    (r"\b(\d+|geen) (telde|telden) beide keren mee", "telde", "telden"),
]


def agreement_errors(text: str) -> list[str]:
    errors = []
    for pattern, one, many in AGREEMENT:
        for match in re.finditer(pattern, text):
            verb, number = match.groups() if match.group(1) in (one, many) else match.groups()[::-1]
            expected = many if number != "geen" and int(number) > 1 else one
            if verb != expected:
                errors.append(match.group(0))
    panel = r"Van de (\d+) centrumgemeenten? die beide keren antwoordde"
    errors += [match.group(0) for match in re.finditer(panel, text) if int(match.group(1)) < 2]
    return errors


@settings(max_examples=400, deadline=None)
@given(compared_rows())
def test_every_number_agrees_with_its_verb(row: dict) -> None:
    row = judged(row)
    for text in (row["explanation"], row["reading"]):
        assert not agreement_errors(text), text
        assert "kwamen er 1 bij" not in text and "vielen er 1 af" not in text


@given(st.integers(0, 35), st.integers(0, 35), st.integers(0, 35), st.integers(0, 35))
def test_the_panel_sentence_says_one_as_one_and_several_as_several(
    panel: int, started: int, stopped: int, kept: int
) -> None:
    text = panel_sentence(panel, started, stopped, kept)
    assert not agreement_errors(text), text
    if panel == 0:
        assert text == "Geen centrumgemeente antwoordde beide keren."
    else:
        assert ("kwam er 1 bij" in text) == (started == 1)
        assert (f"kwamen er {started} bij" in text) == (started > 1)
        assert ("kwam er geen bij" in text) == (started == 0)


@settings(max_examples=400, deadline=None)
@given(compared_rows())
def test_a_drop_to_zero_is_said_from_to_and_never_slightly(row: dict) -> None:
    row = judged(row)
    if row["verdict"] not in (
        "geen duidelijke verandering",
        "waarschijnlijk afgenomen",
        "duidelijk afgenomen",
    ):
        return
    if row["count_b"] == 0 and row["count_a"] > 0:
        assert f"van {row['count_a']} naar 0" in row["reading"], row["reading"]
        assert "iets minder" not in row["reading"].lower(), row["reading"]
        assert row["reading"].startswith("Geen centrumgemeente geeft aan"), row["reading"]


@settings(max_examples=400, deadline=None)
@given(compared_rows())
def test_iets_only_for_a_step_small_beside_the_counts(row: dict) -> None:
    row = judged(row)
    if "iets " in row["reading"].lower():
        assert abs(row["change"]) * 4 <= max(row["count_a"], row["count_b"]), row["reading"]
        assert row["count_a"] and row["count_b"]


@settings(max_examples=400, deadline=None)
@given(compared_rows(), st.integers(1, 5))
def test_the_generated_sentences_pass_the_change_word_check(row: dict, clear_change: int) -> None:
    """What the comparison says of a figure is held to the same table as researcher text."""
    row = judged(row, clear_change)
    folded, _ = plain(row["reading"])
    for use in TABLE.find(folded):
        word = use.word
        if word is None or (word.comparing_only and not TABLE.compares(folded)):
            continue
        assert fits(word.direction, word.strength, row["verdict"], row["change"]), (
            f"'{word.words}' in {row['reading']!r} does not fit {row['verdict']!r}"
        )


@given(st.integers(-35, 35))
def test_a_difference_is_signed_with_the_minus_sign(change: int) -> None:
    text = signed_difference(change)
    assert "-" not in text  # never the hyphen-minus
    if change < 0:
        assert text == f"{MINUS}{-change}"
    elif change > 0:
        assert text == f"+{change}"
    else:
        assert text == "0"
    assert int(text.replace(MINUS, "-")) == change
    assert signed_difference(str(change)) == text
    assert signed_difference("") == "–"
