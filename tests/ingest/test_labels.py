"""A file's answer labels held against a scale: the codebook's own labels, in other words or
cases, never conflict; labels given to the wrong codes always do."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from enquete.codebook import Scale
from enquete.ingest.labels import label_conflicts, similarity

SCALE = Scale(
    values={
        1: "Ja, is een knelpunt",
        2: "Ja, is een knelpunt geweest",
        3: "Nee",
        9: "Weet niet / geen antwoord",
    },
    missing=frozenset({9}),
)
STYLES = [str, str.upper, str.lower, lambda text: text.rstrip(".") + "."]


@given(style=st.sampled_from(STYLES))
def test_the_codebooks_labels_in_any_case_do_not_conflict(style) -> None:
    labels = {float(code): style(text) for code, text in SCALE.values.items()}
    assert label_conflicts(labels, SCALE, {9}) == []


@given(order=st.permutations([1, 2, 3]))
def test_labels_on_the_wrong_codes_are_each_named(order: list[int]) -> None:
    labels = {float(code): SCALE.values[label_of] for code, label_of in zip([1, 2, 3], order, strict=True)}
    conflicts = label_conflicts(labels, SCALE, set())
    assert [(c.code, c.named_code) for c in conflicts] == [
        (code, label_of) for code, label_of in zip([1, 2, 3], order, strict=True) if code != label_of
    ]


def test_a_shorter_label_is_the_same_answer() -> None:
    assert similarity("Ja", "Ja, herkennen wij") == 0.9
    assert similarity("Weet niet", "Weet niet / geen antwoord") == 0.9
    assert similarity("Ja", "Nee, herkennen wij niet") < 0.5
