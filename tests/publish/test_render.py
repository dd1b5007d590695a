import pandas as pd

from enquete.codebook import Figure
from enquete.publish.charts import theme_chart
from enquete.publish.claims import claim_for, sentence_start
from enquete.publish.downloads import public_figures
from enquete.publish.page_text import paragraph


def figure(**overrides) -> Figure:
    values = {
        "id": "toegang.x",
        "theme": "toegang",
        "kind": "herkenning",
        "label": "X",
        "base": "valid_answer",
        "sentence_one": "herkent X",
        "sentence_many": "herkennen X",
        "question": "t_x",
        "counts": (1,),
    }
    return Figure(**(values | overrides))


def test_claims_state_count_and_base_with_the_right_verb_form() -> None:
    row = pd.Series({"count": "13", "base": "23", "base_rule": "valid_answer(t_x)"})
    assert claim_for(figure(), row).sentence == "13 van 23 centrumgemeenten herkennen X."
    row = pd.Series({"count": "1", "base": "22", "base_rule": "theme_respondents(toegang)"})
    assert claim_for(figure(), row).sentence == "1 van 22 centrumgemeenten herkent X."
    row = pd.Series({"count": "0", "base": "20", "base_rule": "valid_answer(t_x)"})
    assert claim_for(figure(), row).sentence == "Geen van 20 centrumgemeenten herkent X."


def test_respondent_text_cannot_become_markup() -> None:
    html = str(paragraph("<script>alert(1)</script> & [x](javascript:alert(1))\n# kop"))
    assert "<script>" not in html
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](javascript:alert(1))<br># kop"


def test_dutch_sentence_start() -> None:
    assert sentence_start("één centrumgemeente") == "Eén centrumgemeente"
    assert sentence_start("twee") == "Twee"


def test_public_figures_leave_out_the_pseudonyms() -> None:
    ledger = pd.DataFrame(
        [
            {
                "figure_id": "a",
                "theme": "t",
                "kind": "k",
                "label": "l",
                "count": 1,
                "base": 2,
                "base_rule": "r",
                "source": "s",
                "respondents": "G-abcdef",
            }
        ]
    )
    public = public_figures(ledger)
    assert list(public.columns) == [
        "Figuur",
        "Thema",
        "Soort",
        "Omschrijving",
        "Aantal",
        "Basis",
        "Basisregel",
    ]
    assert "G-abcdef" not in public.to_csv()


def test_chart_is_deterministic_with_fixed_id_and_plain_numbers() -> None:
    rows = [{"label": "A", "count": 13, "base": 23}, {"label": "B", "count": 2, "base": 22}]
    first, second = theme_chart("toegang", rows), theme_chart("toegang", rows)
    assert first == second
    assert 'id="grafiek-toegang"' in first
    assert '"text":["2 van 22","13 van 23"]' in first
    assert "bdata" not in first
    assert '"displayModeBar": false' in first
    assert "\n" not in first
