"""An honest reconstruction: counts the published report does not give are marked as such."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from enquete.analysis.ledger import mark_in_report
from enquete.codebook import Figure
from enquete.publish.claims import RECONSTRUCTED, claim_for

IDS = st.text(alphabet="abcdefgh.", min_size=1, max_size=6)


@given(ids=st.lists(IDS, min_size=1, max_size=12, unique=True), data=st.data())
def test_a_figure_is_in_the_report_exactly_when_the_reference_lists_it(
    ids: list[str], data: st.DataObject
) -> None:
    published = data.draw(st.sets(st.sampled_from(ids) | IDS))
    marked = mark_in_report(pd.DataFrame({"figure_id": ids, "in_report": ""}), published)
    assert marked["in_report"].tolist() == ["ja" if i in published else "nee" for i in ids]


def figure(coded: bool) -> Figure:
    fields = {
        "id": "t.x",
        "theme": "t",
        "kind": "ondersteuning",
        "label": "X",
        "base": "theme_respondents",
        "sentence_one": "noemt X",
        "sentence_many": "noemen X",
    }
    if coded:
        fields["coded_from"] = ("t_ondersteuning",)
    else:
        fields |= {"question": "t_q", "counts": (1,), "base": "valid_answer", "kind": "herkenning"}
    return Figure(**fields)


@given(
    count=st.integers(0, 30),
    extra=st.integers(0, 10),
    in_report=st.sampled_from(["", "ja", "nee"]),
    coded=st.booleans(),
    previous=st.sampled_from(["", "in 2017: 3 van 20"]),
)
def test_a_reconstructed_count_says_so_in_its_sentence_and_table(
    count: int, extra: int, in_report: str, coded: bool, previous: str
) -> None:
    row = pd.Series(
        {"count": count, "base": count + extra, "base_rule": "theme_respondents(t)", "in_report": in_report}
    )
    claim = claim_for(figure(coded), row, previous)
    marked = in_report == "nee"
    assert claim.reconstructed is marked
    assert (RECONSTRUCTED in claim.sentence) is marked
    assert ("(reconstructie)" in claim.count_text) is marked
    if previous and marked:
        assert f"({previous}; {RECONSTRUCTED})." in claim.sentence


def test_a_later_wave_marks_the_nulmeting_counts_the_report_did_not_give(tmp_path) -> None:
    from enquete.publish.wave_report import reconstructed_figures, then_text

    (tmp_path / "2017").mkdir()
    (tmp_path / "2017" / "figures.csv").write_text(
        "figure_id,count,base,in_report\nbegeleiding.steun.x,3,20,nee\ntoegang.y,13,23,ja\n", encoding="utf-8"
    )
    marked = reconstructed_figures(tmp_path, "2017")
    assert marked == {"begeleiding.steun.x"}
    assert reconstructed_figures(tmp_path, "2015") == set()
    row = {"figure_id": "begeleiding.steun.x", "count_a": 3, "base_a": 20}
    assert then_text(row, marked) == "3 van 20 (reconstructie)"  # the note below the table says why
    assert then_text(row | {"figure_id": "toegang.y"}, marked) == "3 van 20"
    assert then_text(row | {"count_a": ""}, marked) == "–"
