import pandas as pd

from enquete.analysis.backtest import compare_with_reference, failures

REFERENCE = pd.DataFrame(
    [
        ["toegang.a", "2.2", "toegang", "herkenning", "13", "23", "13 van 23"],
        ["huisvesting.b", "4.2", "huisvesting", "herkenning", "13", "", "Dertien"],
        ["respons.c", "1.2", "", "respons", "4", "23", "Vier"],
    ],
    columns=["figure_id", "chapter", "theme", "kind", "count", "denominator", "statement"],
)


def ledger(rows: list[tuple[str, int, object]]) -> pd.DataFrame:
    return pd.DataFrame([{"figure_id": f, "count": c, "base": b} for f, c, b in rows])


def test_equal_counts_and_given_bases_pass() -> None:
    result = compare_with_reference(
        ledger([("toegang.a", 13, 23), ("huisvesting.b", 13, 20), ("respons.c", 4, 23)]), REFERENCE
    )
    assert result["result"].tolist() == ["gelijk", "gelijk", "gelijk"]
    assert failures(result, "ref.csv") == []


def test_a_different_base_fails_even_when_the_count_is_right() -> None:
    result = compare_with_reference(
        ledger([("toegang.a", 13, 22), ("huisvesting.b", 13, 20), ("respons.c", 4, 23)]), REFERENCE
    )
    problems = failures(result, "ref.csv")
    assert [p.describe() for p in problems] == [
        "ref.csv: back test failed for toegang.a (verschil); found '13 van 22'; expected 13 van 23"
    ]


def test_a_missing_figure_and_a_wrong_count_both_fail() -> None:
    result = compare_with_reference(ledger([("toegang.a", 13, 23), ("huisvesting.b", 12, 21)]), REFERENCE)
    assert result["result"].tolist() == ["gelijk", "verschil", "ontbreekt"]
    assert len(failures(result, "ref.csv")) == 2
