"""The ledger of the mini fixture; every expected number is worked out by hand below.

Online: Aastad (t_status 1, h_woning 1, complete), Beedorp (2, stopped after toegang),
Ceeveen (9 = weet niet, 2). Telephone: Deemond (1, 2). Eewolde did not respond.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

from enquete.analysis.ledger import LEDGER_COLUMNS, build_ledger, quotes
from enquete.codebook import load_codebook
from enquete.config import load_config
from enquete.errors import InputError
from enquete.ingest.wave import ingest_wave, processed_tables
from enquete.privacy.pseudonyms import pseudonym


def ledger() -> pd.DataFrame:
    config = load_config("config.yaml")
    ingest_wave(config, "2017", "processed")
    tables = processed_tables("processed")
    return build_ledger(tables, load_codebook("codebook.yaml"), config.waves["2017"]).set_index("figure_id")


def count_and_base(frame: pd.DataFrame, figure_id: str) -> tuple[int, object]:
    return int(frame.loc[figure_id, "count"]), frame.loc[figure_id, "base"]


def test_response_figures(mini: Path) -> None:
    frame = ledger()
    assert count_and_base(frame, "respons.uitgenodigd") == (5, "")
    assert count_and_base(frame, "respons.online") == (3, 5)
    assert count_and_base(frame, "respons.telefonisch") == (1, 5)
    assert count_and_base(frame, "respons.totaal") == (4, 5)
    assert count_and_base(frame, "respons.non_respons") == (1, 5)
    assert count_and_base(frame, "respons.compleet") == (3, 4)
    assert count_and_base(frame, "respons.gedeeltelijk") == (1, 4)
    assert count_and_base(frame, "respons.thema.toegang") == (4, 4)
    assert count_and_base(frame, "respons.thema.huisvesting") == (3, 4)


def test_closed_question_base_excludes_weet_niet(mini: Path) -> None:
    frame = ledger()
    # Aastad and Deemond say 1, Beedorp 2; Ceeveen's 9 is not a valid answer.
    assert count_and_base(frame, "toegang.status") == (2, 3)
    assert frame.loc["toegang.status", "base_rule"] == "valid_answer(t_status)"


def test_partial_respondent_is_outside_later_theme_bases(mini: Path) -> None:
    frame = ledger()
    # Beedorp stopped after toegang: not in the base of huisvesting, not counted as "nee".
    assert count_and_base(frame, "huisvesting.woning") == (1, 3)
    assert count_and_base(frame, "huisvesting.krapte") == (1, 3)
    assert frame.loc["huisvesting.krapte", "base_rule"] == "theme_respondents(huisvesting)"


def test_coded_figures_count_gemeenten_not_answers(mini: Path) -> None:
    frame = ledger()
    assert count_and_base(frame, "toegang.geld") == (2, 4)
    key = Path("sleutel.txt").read_text(encoding="utf-8").strip().encode()
    expected = sorted(pseudonym(key, gid) for gid in ("CG01", "CG02"))
    assert frame.loc["toegang.geld", "respondents"] == " ".join(expected)


def test_nuance_is_counted_within_its_parent(mini: Path) -> None:
    frame = ledger()
    assert count_and_base(frame, "toegang.status.detail") == (2, 2)
    assert frame.loc["toegang.status.detail", "base_rule"] == "parent_counted(toegang.status)"


def test_coding_outside_the_parent_is_refused(mini: Path) -> None:
    # Beedorp does not recognise A (answer 2), so its answer cannot carry the detail code.
    text = Path("codering.csv").read_text(encoding="utf-8")
    Path("codering.csv").write_text(
        text.replace(
            "12.t_knelpunten,toegang.geld,,", "12.t_knelpunten,toegang.geld;toegang.status.detail,,"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=re.escape("12.t_knelpunten")):
        ledger()


def test_ledger_columns_and_quotes(mini: Path) -> None:
    frame = ledger().reset_index()
    assert list(frame.columns) == LEDGER_COLUMNS
    quoted = quotes(processed_tables("processed"))
    assert sorted(quoted["answer_id"]) == ["11.t_knelpunten", "T01.t_knelpunten"]
