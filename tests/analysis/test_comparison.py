"""The comparison on hand-made ledgers; every expected number is worked out by hand below.

Ten gemeenten (A–J) are invited in both waves.

toegang.status   2017: base A–F (6), counted A B C   → 3 van 6, bounds 3..3+4 = 3..7
                 2019: base A B D G H (5), counted A D G H → 4 van 5, bounds 4..4+5 = 4..9
                 panel A B D: D started, B stopped, A kept, none never → no clear change
huisvesting.woning 2017: base A–H (8), counted A → 1 van 8, bounds 1..3
                 2019: base A–I (9), counted A–G → 7 van 9, bounds 7..8
                 7 > 3, so the rise holds whatever the non-respondents would have said
toegang.geld     2017: base A–F, counted A B C D → 4 van 6, bounds 4..8
                 2019: base A–F, counted A → 1 van 6, bounds 1..5: bounds overlap,
                 but in the panel of 6, three stopped and none started → likely decrease
"""

from pathlib import Path

import pandas as pd
import pytest

from enquete.analysis.comparison import Step, compare_ledgers, load_crosswalk
from enquete.codebook import Codebook, load_codebook
from enquete.errors import InputError
from tests.conftest import FIXTURES

PEOPLE = "ABCDEFGHIJ"


def ledger(rows: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Figure id -> (counted, base) as strings of letters."""
    records = [
        {
            "figure_id": "respons.uitgenodigd",
            "count": "10",
            "base": "",
            "respondents": PEOPLE,
            "base_respondents": "",
        }
    ]
    for figure_id, (counted, base) in rows.items():
        records.append(
            {
                "figure_id": figure_id,
                "count": str(len(counted)),
                "base": str(len(base)),
                "respondents": " ".join(counted),
                "base_respondents": " ".join(base),
            }
        )
    return pd.DataFrame(records)


LEDGER_2017 = ledger(
    {
        "toegang.status": ("ABC", "ABCDEF"),
        "toegang.status.detail": ("AB", "ABC"),
        "toegang.geld": ("ABCD", "ABCDEF"),
        "huisvesting.woning": ("A", "ABCDEFGH"),
        "huisvesting.krapte": ("AB", "ABCDEFGH"),
    }
)
LEDGER_2019 = ledger(
    {
        "toegang.status": ("ADGH", "ABDGH"),
        "toegang.status.detail": ("A", "ADGH"),
        "toegang.geld": ("A", "ABCDEF"),
        "huisvesting.woning": ("ABCDEFG", "ABCDEFGHI"),
        "huisvesting.nieuw": ("AB", "ABCDEFGHI"),
    }
)


def codebook_2019(tmp_path: Path) -> Codebook:
    """The mini codebook with: t_status reworded, detail's base changed, krapte dropped, nieuw added."""
    text = (FIXTURES / "mini" / "codebook.yaml").read_text(encoding="utf-8")
    text = text.replace('text: "Herkent u A?"', 'text: "Herkent u knelpunt A in uw gemeente?"')
    text = text.replace("id: huisvesting.krapte", "id: huisvesting.nieuw")
    text = text.replace("    base: parent_counted\n", "    base: theme_respondents\n")
    text = text.replace("    parent: toegang.status\n", "")
    path = tmp_path / "codebook-2019.yaml"
    path.write_text(text, encoding="utf-8")
    return load_codebook(path)


def crosswalk(tmp_path: Path, entries: str, later: Codebook) -> dict:
    path = tmp_path / "crosswalk.yaml"
    path.write_text("figures:\n" + entries, encoding="utf-8")
    return load_crosswalk(str(path), load_codebook(FIXTURES / "mini" / "codebook.yaml"), later)


DECLARED = """\
  toegang.status:
    status: reworded
    note: Anders geformuleerd, zelfde knelpunt.
  toegang.status.detail:
    status: changed
    note: De basis is nu het hele thema.
"""


@pytest.fixture
def compared(tmp_path: Path) -> pd.DataFrame:
    later = codebook_2019(tmp_path)
    chain = [
        Step("2017", load_codebook(FIXTURES / "mini" / "codebook.yaml"), {}),
        Step("2019", later, crosswalk(tmp_path, DECLARED, later)),
    ]
    return compare_ledgers(LEDGER_2017, LEDGER_2019, chain, clear_change=3).set_index("figure_id")


def test_counts_change_bounds_and_transitions(compared: pd.DataFrame) -> None:
    row = compared.loc["toegang.status"]
    assert (row.count_a, row.base_a, row.count_b, row.base_b, row.change) == (3, 6, 4, 5, 1)
    assert (row.low_a, row.high_a, row.low_b, row.high_b) == (3, 7, 4, 9)
    assert (row.panel, row.started, row.stopped, row.kept, row.never) == (3, 1, 1, 1, 0)
    assert row.status == "herformuleerd"
    assert row.verdict == "geen duidelijke verandering"
    assert "3 van 6 in 2017 en 4 van 5 in 2019" in row.explanation


def test_a_rise_beyond_the_bounds_is_clear(compared: pd.DataFrame) -> None:
    row = compared.loc["huisvesting.woning"]
    assert (row.low_a, row.high_a, row.low_b, row.high_b) == (1, 3, 7, 8)
    assert (row.panel, row.started, row.stopped, row.kept, row.never) == (8, 6, 0, 1, 1)
    assert row.verdict == "duidelijk toegenomen"


def test_a_panel_shift_within_overlapping_bounds_is_only_likely(compared: pd.DataFrame) -> None:
    row = compared.loc["toegang.geld"]
    assert (row.low_a, row.high_a, row.low_b, row.high_b) == (4, 8, 1, 5)
    assert (row.started, row.stopped) == (0, 3)
    assert row.verdict == "waarschijnlijk afgenomen"
    assert "geen zekerheid" in row.explanation


def test_new_dropped_and_changed_figures_are_not_compared(compared: pd.DataFrame) -> None:
    assert compared.loc["huisvesting.nieuw", ["status", "verdict"]].tolist() == ["nieuw", "nieuw"]
    assert compared.loc["huisvesting.krapte", ["status", "verdict"]].tolist() == ["vervallen", "vervallen"]
    changed = compared.loc["toegang.status.detail"]
    assert (changed.status, changed.verdict) == ("gewijzigd", "niet vergelijkbaar")
    assert changed.change == "" and changed.panel == ""
    assert "De basis is nu het hele thema." in changed.explanation


def test_an_undeclared_change_stops_with_the_figure_named(tmp_path: Path) -> None:
    later = codebook_2019(tmp_path)
    chain = [
        Step("2017", load_codebook(FIXTURES / "mini" / "codebook.yaml"), {}),
        Step("2019", later, crosswalk(tmp_path, DECLARED.split("  toegang.status.detail")[0], later)),
    ]
    with pytest.raises(InputError) as raised:
        compare_ledgers(LEDGER_2017, LEDGER_2019, chain, clear_change=3)
    message = raised.value.message()
    assert "toegang.status.detail" in message
    assert "base, parent differ between 2017 and 2019" in message


def test_a_crosswalk_entry_must_name_a_figure_of_both_waves(tmp_path: Path) -> None:
    later = codebook_2019(tmp_path)
    with pytest.raises(InputError, match="not in both codebooks"):
        crosswalk(tmp_path, "  huisvesting.nieuw:\n    status: reworded\n    note: x\n", later)
