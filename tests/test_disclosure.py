import pandas as pd

from enquete.privacy.disclosure import SUPPRESSED, landsdeel, response_by_region


def population(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """(provincie, responded, not responded) -> one row per gemeente."""
    records = []
    for provincie, yes, no in rows:
        records += [
            {"respondent": f"{provincie}-{i}", "provincie": provincie, "responded": "ja"} for i in range(yes)
        ]
        records += [
            {"respondent": f"{provincie}-n{i}", "provincie": provincie, "responded": "nee"} for i in range(no)
        ]
    return pd.DataFrame(records)


def test_small_cells_and_one_complement_are_suppressed() -> None:
    # Noord: 1 of 2 responded -> below 3: suppressed. It is the only one, so the next smallest
    # region (Zuid, 3 responded) is suppressed too; West (6 of 10) stays visible.
    table = response_by_region(population([("Drenthe", 1, 1), ("Utrecht", 6, 4), ("Limburg", 3, 3)]), 3)
    rows = {
        row.landsdeel: (row.uitgenodigd, row.gereageerd, row.niet_gereageerd) for row in table.itertuples()
    }
    assert rows == {
        "Noord-Nederland": (2, SUPPRESSED, SUPPRESSED),
        "West-Nederland": (10, 6, 4),
        "Zuid-Nederland": (6, SUPPRESSED, SUPPRESSED),
        "Totaal": (18, 10, 8),
    }


def test_nothing_is_suppressed_when_every_cell_is_large_enough() -> None:
    table = response_by_region(population([("Utrecht", 3, 3), ("Limburg", 4, 5)]), 3)
    assert SUPPRESSED not in table.to_numpy()


def test_the_threshold_is_configurable_and_complements_count() -> None:
    table = response_by_region(population([("Utrecht", 5, 1), ("Limburg", 4, 5), ("Drenthe", 6, 6)]), 2)
    west = table[table["landsdeel"] == "West-Nederland"].iloc[0]
    assert west["niet_gereageerd"] == SUPPRESSED  # 1 not responded is below 2, so both cells go
    assert landsdeel("Fryslân") == "Noord-Nederland"
