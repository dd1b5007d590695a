"""The Samenvatting never lists a figure under a heading it contradicts.

For every figure of both demo codebooks (2017 and 2019) that a researcher could name in
`summary_figures`, and generated counts and bases, the figure stands under the heading of its
kind: a knelpunt under "vooral problemen" only when more than een klein deel of its base names
it, a solution or a support wish never under a heading about problems. Kinds that are no
finding of their own are refused by the codebook check.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enquete.codebook import SUMMARY_KINDS, Codebook, Figure, load_codebook
from enquete.publish.claims import Claim
from enquete.publish.summary import HEADINGS, SMALL_SHARE, SMALL_SHARE_MAX, group_of, summary_groups
from enquete.text.quantifiers import load_quantifier_table
from tests.conftest import PROJECT

CODEBOOKS = [PROJECT / "codebook/codebook.yaml", PROJECT / "codebook/codebook-2019.yaml"]


def codebooks() -> list[Codebook]:
    return [load_codebook(path) for path in CODEBOOKS]


FIGURES = [figure for codebook in codebooks() for figure in codebook.figures if figure.kind in SUMMARY_KINDS]
THEMES = {theme.id: theme for codebook in codebooks() for theme in codebook.themes}


def claim(figure: Figure, count: int, base: int) -> Claim:
    return Claim(figure.id, figure.label, figure.kind, count, base, "valid_answer(x)", "zin")


def test_both_waves_offer_every_kind_of_summary_figure() -> None:
    assert {figure.kind for figure in FIGURES} == set(SUMMARY_KINDS)
    assert {path.name for path in CODEBOOKS} == {"codebook.yaml", "codebook-2019.yaml"}


@given(
    st.sampled_from(FIGURES),
    st.integers(1, 35).flatmap(lambda base: st.tuples(st.integers(0, base), st.just(base))),
)
def test_a_figure_stands_under_the_heading_of_its_kind_and_share(
    figure: Figure, counted: tuple[int, int]
) -> None:
    count, base = counted
    group = group_of(claim(figure, count, base))
    heading = HEADINGS[group]
    if figure.kind == "herkenning":
        assert "problemen" in heading
        if "vooral" in heading:
            assert count / base > SMALL_SHARE_MAX, (figure.id, count, base)
        if count == 0:
            assert heading.startswith("Geen centrumgemeente")
        elif count / base <= SMALL_SHARE_MAX:
            assert heading.startswith("Een klein deel")
    else:
        assert "problemen" not in heading and "vooral" not in heading, (figure.id, heading)
        assert ("ondersteuning" in heading) == (figure.kind == "ondersteuning")
        assert ("oplossing" in heading) == (figure.kind == "oplossing")


@given(st.lists(st.tuples(st.sampled_from(FIGURES), st.integers(0, 23)), min_size=1, max_size=12))
def test_the_groups_keep_every_figure_once_and_each_under_its_own_heading(chosen: list) -> None:
    by_theme: dict[str, list[Claim]] = {}
    for figure, count in chosen:
        by_theme.setdefault(figure.theme, []).append(claim(figure, count, 23))
    summary = [(THEMES[theme], claims) for theme, claims in by_theme.items()]
    groups = summary_groups(summary)
    listed = [(group.group, c) for group in groups for _, claims in group.lines for c in claims]
    assert sorted(c.figure_id for _, c in listed) == sorted(
        c.figure_id for cs in by_theme.values() for c in cs
    )
    assert all(group_of(c) == name for name, c in listed)
    assert [group.group for group in groups] == [name for name in HEADINGS if name in {g for g, _ in listed}]


def test_the_demo_summary_of_2017_puts_two_of_twenty_under_een_klein_deel() -> None:
    """The case a reader found: 2 van 20 for the care of children under 'vooral problemen'."""
    figure = next(f for f in FIGURES if f.id == "begeleiding.kinderen")
    assert HEADINGS[group_of(claim(figure, 2, 20))].startswith("Een klein deel")
    assert HEADINGS[group_of(claim(figure, 13, 23))].startswith("De centrumgemeenten noemen vooral")


def test_the_threshold_is_the_quantifier_tables_een_klein_deel() -> None:
    small = load_quantifier_table(PROJECT / "config/kwantoren.yaml").by_words[SMALL_SHARE]
    assert dict(small.conditions) == {"aandeel_maximaal": SMALL_SHARE_MAX}


@pytest.mark.parametrize("kind", ["situatie", "actie", "nuance", "respons"])
def test_another_kind_is_refused_as_a_summary_figure(kind: str) -> None:
    figure = next(f for f in FIGURES if f.kind == "herkenning")
    with pytest.raises(ValueError, match=kind):
        group_of(Claim(figure.id, figure.label, kind, 3, 20, "valid_answer(x)", "zin"))


def test_a_theme_of_each_kind_lands_under_its_heading_in_order() -> None:
    figure = next(f for f in FIGURES if f.id == "begeleiding.kinderen")
    wish = next(f for f in FIGURES if f.kind == "ondersteuning")
    summary = summary_groups(
        [
            (
                THEMES["toegang"],
                [claim(next(f for f in FIGURES if f.id == "toegang.verblijfsstatus"), 13, 23)],
            ),
            (THEMES["begeleiding"], [claim(figure, 2, 20)]),
            (THEMES[wish.theme], [claim(wish, 3, 20)]),
        ]
    )
    text = "\n".join(
        f"{group.heading}\n" + "\n".join(theme.id for theme, _ in group.lines) for group in summary
    )
    assert text.index("vooral problemen rond:\ntoegang") < text.index("Een klein deel")
    assert "Een klein deel van de centrumgemeenten noemt problemen rond:\nbegeleiding" in text
    assert f"Landelijke ondersteuning die centrumgemeenten wensen:\n{wish.theme}" in text
