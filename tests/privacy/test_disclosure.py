"""Disclosure control of the response per landsdeel: no hidden cell can be worked out.

Worked examples and generated tables (one wave, and two waves linked by the panel count),
each attacked by `tests.disclosure_attacker`, a linear programme written apart from the
audit it checks. `tests/privacy/test_disclosure_demo.py` attacks the built demo.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.errors import InputError
from enquete.privacy.disclosure import (
    SUPPRESSED,
    landsdeel,
    response_by_gemeente,
    suppressed_tables,
)
from tests.disclosure_attacker import Table, attack

PROVINCES = {  # one provincie per landsdeel, to make gemeenten of a landsdeel
    "Noord-Nederland": "Drenthe",
    "Oost-Nederland": "Gelderland",
    "West-Nederland": "Utrecht",
    "Zuid-Nederland": "Limburg",
    "Onbekend": "",
}

# --- building tables ---------------------------------------------------------------------


def population(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """(provincie, responded, not responded) -> one row per gemeente."""
    records = []
    for provincie, yes, no in rows:
        records += [
            {"respondent": f"{provincie}-j{i}", "provincie": provincie, "responded": "ja"} for i in range(yes)
        ]
        records += [
            {"respondent": f"{provincie}-n{i}", "provincie": provincie, "responded": "nee"} for i in range(no)
        ]
    return pd.DataFrame(records)


NO_EXAMPLES = pd.DataFrame(columns=["respondent", "name"])


def published(table: pd.DataFrame) -> Table:
    rows = table[table["landsdeel"] != "Totaal"]
    return {r.landsdeel: None if r.gereageerd == SUPPRESSED else int(r.gereageerd) for r in rows.itertuples()}


def facts(table: pd.DataFrame) -> tuple[dict[str, int], int]:
    rows = table[table["landsdeel"] != "Totaal"]
    total = table[table["landsdeel"] == "Totaal"].iloc[0]
    return {r.landsdeel: int(r.uitgenodigd) for r in rows.itertuples()}, int(total.gereageerd)


def one_wave(rows: list[tuple[str, int, int]], min_cell: int = 3, examples: pd.DataFrame = NO_EXAMPLES):
    gemeenten = response_by_gemeente(population(rows), examples)
    return suppressed_tables({"2017": gemeenten}, min_cell)["2017"]


def old_rule(table: pd.DataFrame, min_cell: int) -> Table:
    """The rule this module replaced: hide small rows, and one more when only one is small."""
    rows = table[table["landsdeel"] != "Totaal"].copy()
    rows["ja"] = rows["gereageerd"].astype(int)
    small = (rows["ja"] < min_cell) | (rows["uitgenodigd"] - rows["ja"] < min_cell)
    if small.sum() == 1:
        small.loc[rows[~small].sort_values(["ja", "landsdeel"]).index[0]] = True
    return {r.landsdeel: None if s else int(r.ja) for r, s in zip(rows.itertuples(), small, strict=True)}


# --- examples worked by hand --------------------------------------------------------------


def test_small_cells_and_one_complement_are_suppressed() -> None:
    # Noord: 1 of 2 responded, below 3 on both sides. Hidden alone, the total would give it
    # away, so the smaller of the other landsdelen (Zuid, 6 invited) is hidden too.
    table = one_wave([("Drenthe", 1, 1), ("Utrecht", 6, 4), ("Limburg", 3, 3)])
    rows = {
        row.landsdeel: (row.uitgenodigd, row.gereageerd, row.niet_gereageerd) for row in table.itertuples()
    }
    assert rows == {
        "Noord-Nederland": (2, SUPPRESSED, SUPPRESSED),
        "West-Nederland": (10, 6, 4),
        "Zuid-Nederland": (6, SUPPRESSED, SUPPRESSED),
        "Totaal": (18, 10, 8),
    }
    invited, total = facts(table)
    intervals = attack({"2017": published(table)}, {"2017": invited}, {"2017": total})
    assert intervals == {("2017", "Noord-Nederland"): (0, 2), ("2017", "Zuid-Nederland"): (2, 4)}


def test_nothing_is_suppressed_when_every_cell_is_large_enough() -> None:
    table = one_wave([("Utrecht", 3, 3), ("Limburg", 4, 5)])
    assert SUPPRESSED not in table.to_numpy()


def test_the_threshold_is_configurable_and_complements_count() -> None:
    table = one_wave([("Utrecht", 5, 1), ("Limburg", 4, 5), ("Drenthe", 6, 6)], min_cell=2)
    west = table[table["landsdeel"] == "West-Nederland"].iloc[0]
    assert west["niet_gereageerd"] == SUPPRESSED  # 1 not responded is below 2, so both cells go
    assert landsdeel("Fryslân") == "Noord-Nederland"


def test_two_hidden_landsdelen_that_the_total_gives_away_get_a_third() -> None:
    # Everyone in Noord (4) and Oost (8) responded. The old rule hid just those two rows, and
    # 26 - 10 - 4 = 12 = 4 + 8 leaves one solution: both are worked out exactly.
    rows = [("Drenthe", 4, 0), ("Gelderland", 8, 0), ("Utrecht", 10, 6), ("Limburg", 4, 3)]
    table = one_wave(rows)
    invited, total = facts(table)
    unprotected = pd.DataFrame(
        [(region, invited[region], count) for region, count in published_counts(rows).items()],
        columns=["landsdeel", "uitgenodigd", "gereageerd"],
    )
    before = attack({"2017": old_rule(unprotected, 3)}, {"2017": invited}, {"2017": total})
    assert before == {("2017", "Noord-Nederland"): (4, 4), ("2017", "Oost-Nederland"): (8, 8)}
    after = attack({"2017": published(table)}, {"2017": invited}, {"2017": total})
    assert set(after) == {("2017", r) for r in ("Noord-Nederland", "Oost-Nederland", "Zuid-Nederland")}
    assert after[("2017", "Noord-Nederland")] == (1, 4) and after[("2017", "Oost-Nederland")] == (5, 8)


def published_counts(rows: list[tuple[str, int, int]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for provincie, yes, _ in rows:
        counts[landsdeel(provincie)] = counts.get(landsdeel(provincie), 0) + yes
    return counts


def test_a_gemeente_named_with_its_example_is_known_to_have_responded() -> None:
    # Noord: 1 of 4. With Zuid hidden beside it, 5 responders are shared between them, so
    # Noord could be 0 to 4 — unless Zuid's four named examples show at least 4 responded
    # there: then Noord is at most 1, below the threshold, and another landsdeel must go.
    rows = [("Drenthe", 1, 3), ("Utrecht", 10, 6), ("Limburg", 4, 3), ("Gelderland", 5, 5)]
    plain = one_wave(rows)
    assert {r for r, v in published(plain).items() if v is None} == {"Noord-Nederland", "Zuid-Nederland"}
    examples = pd.DataFrame({"respondent": [f"Limburg-j{i}" for i in range(4)], "name": "Gemeente"})
    named = one_wave(rows, examples=examples)
    hidden = {r for r, v in published(named).items() if v is None}
    assert hidden == {"Noord-Nederland", "Oost-Nederland"}  # Oost's 10 gemeenten leave room
    invited, total = facts(named)
    intervals = attack(
        {"2017": published(named)}, {"2017": invited}, {"2017": total}, {"2017": {"Zuid-Nederland": 4}}
    )
    assert intervals[("2017", "Noord-Nederland")][1] >= 3


def test_a_landsdeel_that_the_totals_alone_fix_is_published() -> None:
    # Everyone responded: the total says so, hiding a landsdeel would protect nothing.
    table = one_wave([("Drenthe", 2, 0), ("Utrecht", 9, 0), ("Limburg", 5, 0)])
    assert SUPPRESSED not in table.to_numpy()


# --- generated tables ---------------------------------------------------------------------

REGIONS = list(PROVINCES)


@st.composite
def wave_tables(draw: st.DrawFn) -> tuple[list[tuple[str, int, int]], list[str], int]:
    regions = draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=5, unique=True))
    rows = []
    for region in regions:
        invited = draw(st.integers(1, 12))
        yes = draw(st.integers(0, invited))
        rows.append((PROVINCES[region], yes, invited - yes))
    named = []
    for provincie, yes, _ in rows:
        named += [f"{provincie}-j{i}" for i in range(draw(st.integers(0, min(yes, 2))))]
    return rows, named, draw(st.integers(1, 4))


def check_protection(
    tables: dict[str, pd.DataFrame],
    truth: dict[str, dict[str, int]],
    min_cell: int,
    named: dict[str, dict[str, int]] | None = None,
    panels: dict[tuple[str, str], tuple[int, dict[str, int]]] | None = None,
) -> dict[tuple[str, str], tuple[int, int]]:
    """Every hidden cell undetermined and protected; every small published cell no secret.

    A wave's protection interval is capped at what the reader knows without its table: the
    earlier waves as published, the totals, the named gemeenten and the panel counts.
    """
    named, panels = named or {}, panels or {}
    invited = {year: facts(table)[0] for year, table in tables.items()}
    totals = {year: facts(table)[1] for year, table in tables.items()}
    shown = {year: published(table) for year, table in tables.items()}
    intervals = attack(shown, invited, totals, named, panels)
    for year in sorted(tables):
        before = {y: shown[y] for y in shown if y < year} | {year: dict.fromkeys(shown[year])}
        known_panels = {pair: value for pair, value in panels.items() if max(pair) <= year}
        apriori = attack(before, invited, totals, named, known_panels)
        for region, value in shown[year].items():
            n, a = invited[year][region], truth[year][region]
            low0, high0 = apriori[year, region]
            if value is None:
                low, high = intervals[year, region]
                assert low < high, (year, region, intervals)
                if a < min_cell:
                    assert high >= min(min_cell, high0), (year, region, intervals, apriori)
                if n - a < min_cell:
                    assert low <= max(n - min_cell, low0), (year, region, intervals, apriori)
            elif a < min_cell or n - a < min_cell:
                assert low0 == high0, (year, region, "a small count published that is not otherwise known")
    return intervals


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wave_tables())
def test_every_hidden_cell_stays_undetermined_and_protected(case) -> None:
    rows, named_ids, min_cell = case
    examples = pd.DataFrame({"respondent": named_ids, "name": "Naam"}) if named_ids else NO_EXAMPLES
    table = one_wave(rows, min_cell, examples)
    named: dict[str, int] = {}
    for respondent in named_ids:
        region = landsdeel(respondent.rsplit("-", 1)[0])
        named[region] = named.get(region, 0) + 1
    check_protection({"w": table}, {"w": published_counts(rows)}, min_cell, {"w": named})


@settings(max_examples=60, deadline=None)
@given(wave_tables())
def test_a_table_without_small_cells_is_published_whole(case) -> None:
    rows, _, min_cell = case
    rows = [(provincie, yes + min_cell, no + min_cell) for provincie, yes, no in rows]
    assert SUPPRESSED not in one_wave(rows, min_cell).to_numpy()


@st.composite
def two_waves(draw: st.DrawFn):
    regions = draw(st.lists(st.sampled_from(REGIONS[:4]), min_size=2, max_size=4, unique=True))
    gemeenten = []
    for region in regions:
        for i in range(draw(st.integers(1, 8))):
            gemeenten.append((f"{region}-{i}", PROVINCES[region], draw(st.booleans()), draw(st.booleans())))
    return gemeenten, draw(st.integers(2, 3))


@pytest.mark.slow  # a linear programme per generated case: the slowest test that builds nothing
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_waves())
def test_two_waves_and_the_panel_leave_no_hidden_cell_determined(case) -> None:
    gemeenten, min_cell = case
    frames = {}
    for year, column in (("2017", 2), ("2019", 3)):
        pop = pd.DataFrame(
            {
                "respondent": [g[0] for g in gemeenten],
                "provincie": [g[1] for g in gemeenten],
                "responded": ["ja" if g[column] else "nee" for g in gemeenten],
            }
        )
        frames[year] = response_by_gemeente(pop, NO_EXAMPLES)
    tables = suppressed_tables(frames, min_cell)
    # The earlier wave's table does not depend on the later wave: an archive stays as published.
    assert tables["2017"].equals(suppressed_tables({"2017": frames["2017"]}, min_cell)["2017"])
    both = sum(1 for g in gemeenten if g[2] and g[3])
    truth = {
        year: published_counts([(g[1], int(g[column]), 0) for g in gemeenten])
        for year, column in (("2017", 2), ("2019", 3))
    }
    check_protection(tables, truth, min_cell, panels={("2017", "2019"): (both, {})})


def test_the_panel_count_makes_the_later_wave_hide_more() -> None:
    # 2017 hides Noord (1 of 2) and Oost (2 of 6). Had 2019 been protected on its own, with
    # West published (3 of 9), the 6 gemeenten that responded both times would tell a reader
    # that at most 2 of Oost's 6 responded in 2017. West is hidden in 2019 as well.
    answers = {  # landsdeel: (2017, 2019) per gemeente
        "Drenthe": [(1, 1), (0, 1)],
        "Gelderland": [(0, 0), (0, 0), (1, 1), (0, 0), (0, 0), (1, 1)],
        "Utrecht": [(0, 0), (1, 0), (0, 0), (0, 0), (1, 1), (0, 0), (1, 1), (1, 1), (0, 0)],
    }
    frames = {}
    for year, column in (("2017", 0), ("2019", 1)):
        pop = pd.DataFrame(
            [
                {
                    "respondent": f"{provincie}-{i}",
                    "provincie": provincie,
                    "responded": "ja" if a[column] else "nee",
                }
                for provincie, rows in answers.items()
                for i, a in enumerate(rows)
            ]
        )
        frames[year] = response_by_gemeente(pop, NO_EXAMPLES)
    tables = suppressed_tables(frames, 3)
    shown = {year: published(table) for year, table in tables.items()}
    assert shown["2017"] == {"Noord-Nederland": None, "Oost-Nederland": None, "West-Nederland": 4}
    assert shown["2019"] == dict.fromkeys(("Noord-Nederland", "Oost-Nederland", "West-Nederland"))
    invited = {year: facts(table)[0] for year, table in tables.items()}
    totals = {year: facts(table)[1] for year, table in tables.items()}
    alone = shown | {"2019": shown["2019"] | {"West-Nederland": 3}}  # 2019 as if protected alone
    narrowed = attack(alone, invited, totals, panels={("2017", "2019"): (6, {})})
    assert narrowed[("2017", "Oost-Nederland")] == (1, 2)
    truth = {"2017": {"Noord-Nederland": 1, "Oost-Nederland": 2, "West-Nederland": 4}}
    truth["2019"] = {"Noord-Nederland": 2, "Oost-Nederland": 2, "West-Nederland": 3}
    check_protection(tables, truth, 3, panels={("2017", "2019"): (6, {})})


def test_the_pattern_is_deterministic() -> None:
    rows = [("Drenthe", 1, 3), ("Utrecht", 10, 6), ("Limburg", 4, 3), ("Gelderland", 5, 5)]
    forward = one_wave(rows)
    backward = one_wave(list(reversed(rows)))
    assert forward.equals(backward)


def two_wave_frames(
    answers: dict[str, list[tuple[int, int]]], named_2019: list[str]
) -> dict[str, pd.DataFrame]:
    """{provincie: [(responded 2017, responded 2019) per gemeente]} -> each wave's gemeenten."""
    frames = {}
    for year, column in (("2017", 0), ("2019", 1)):
        pop = pd.DataFrame(
            [
                {
                    "respondent": f"{provincie}-{i}",
                    "provincie": provincie,
                    "responded": "ja" if a[column] else "nee",
                }
                for provincie, rows in answers.items()
                for i, a in enumerate(rows)
            ]
        )
        named = named_2019 if year == "2019" else []
        examples = pd.DataFrame({"respondent": named, "name": "Naam"}) if named else NO_EXAMPLES
        frames[year] = response_by_gemeente(pop, examples)
    return frames


def test_a_later_wave_that_narrows_an_earlier_count_hides_what_it_can() -> None:
    # 2017 hides all three landsdelen. 2019 names every one of its four responders, so its
    # counts are public whatever it hides; with one gemeente (in Noord) responding both times
    # a reader learns that at most 2 of West's 3 responded in 2017 — less than the protection
    # interval asks, which nothing 2019 hides can undo — but no count is fixed.
    answers = {
        "Utrecht": [(1, 0), (0, 1), (0, 1)],
        "Gelderland": [(1, 0), (0, 1)],
        "Drenthe": [(0, 0), (1, 1), (1, 0)],
    }
    frames = two_wave_frames(answers, ["Utrecht-1", "Utrecht-2", "Gelderland-1", "Drenthe-1"])
    tables = suppressed_tables(frames, 3)
    assert published(tables["2017"]) == dict.fromkeys(("Noord-Nederland", "Oost-Nederland", "West-Nederland"))
    assert published(tables["2019"]) == {"Noord-Nederland": 1, "Oost-Nederland": 1, "West-Nederland": 2}
    intervals = attack(
        {year: published(table) for year, table in tables.items()},
        {year: facts(table)[0] for year, table in tables.items()},
        {year: facts(table)[1] for year, table in tables.items()},
        {"2019": {"Noord-Nederland": 1, "Oost-Nederland": 1, "West-Nederland": 2}},
        {("2017", "2019"): (1, {})},
    )
    assert intervals == {
        ("2017", "Noord-Nederland"): (1, 3),
        ("2017", "Oost-Nederland"): (0, 2),
        ("2017", "West-Nederland"): (0, 2),
    }


def test_a_later_wave_that_would_give_an_earlier_count_away_is_refused() -> None:
    # As above, but both Noord gemeenten responded both times: Noord's 2017 count is then 2.
    frames = two_wave_frames(
        {"Drenthe": [(1, 1), (1, 1)], "Gelderland": [(0, 0), (0, 0)]}, ["Drenthe-0", "Drenthe-1"]
    )
    with pytest.raises(InputError) as refused:
        suppressed_tables(frames, 3)
    message = refused.value.message()
    assert "analysis/2017/respons_per_landsdeel.csv" in message
    assert "hidden response of Noord-Nederland in 2017 would follow from what 2019 publishes" in message
    assert "naam_publiceren" in message
    # The earlier wave alone is still published, and protected.
    alone = suppressed_tables({"2017": frames["2017"]}, 3)["2017"]
    assert published(alone) == {"Noord-Nederland": None, "Oost-Nederland": None}
