"""Breakdowns that cannot reveal a single gemeente.

The site never shows one gemeente's answers. A breakdown by a characteristic (here: the
response per landsdeel) could still do so when a cell is small: "1 van de 2 gemeenten in
Noord reageerde" tells those two gemeenten who did. Cells below the configured threshold
(`publication.min_cell`, default 3) are suppressed — both the count and its complement, since
one follows from the other and the published number invited — and when only one row is
suppressed, a second one is too, so the totals cannot give it away.
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED = "×"  # the CBS sign for a figure withheld for confidentiality

LANDSDELEN = {
    "Groningen": "Noord-Nederland",
    "Fryslân": "Noord-Nederland",
    "Friesland": "Noord-Nederland",
    "Drenthe": "Noord-Nederland",
    "Overijssel": "Oost-Nederland",
    "Gelderland": "Oost-Nederland",
    "Flevoland": "Oost-Nederland",
    "Utrecht": "West-Nederland",
    "Noord-Holland": "West-Nederland",
    "Zuid-Holland": "West-Nederland",
    "Zeeland": "West-Nederland",
    "Noord-Brabant": "Zuid-Nederland",
    "Limburg": "Zuid-Nederland",
}


def landsdeel(provincie: str) -> str:
    return LANDSDELEN.get(provincie.strip(), "Onbekend")


def response_by_region(population: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Invited and responding gemeenten per landsdeel, small cells suppressed."""
    table = (
        population.assign(
            landsdeel=population["provincie"].map(landsdeel),
            gereageerd=population["responded"].eq("ja").astype(int),
        )
        .groupby("landsdeel", sort=True)
        .agg(uitgenodigd=("respondent", "size"), gereageerd=("gereageerd", "sum"))
        .reset_index()
    )
    table["niet_gereageerd"] = table["uitgenodigd"] - table["gereageerd"]
    small = (table["gereageerd"] < min_cell) | (table["niet_gereageerd"] < min_cell)
    if small.sum() == 1:  # a single hidden row would follow from the total: hide the next smallest too
        candidates = table[~small].sort_values(["gereageerd", "landsdeel"])
        if not candidates.empty:
            small.loc[candidates.index[0]] = True
    published = table.astype({"gereageerd": object, "niet_gereageerd": object})
    published.loc[small, ["gereageerd", "niet_gereageerd"]] = SUPPRESSED
    total = pd.DataFrame(
        [
            {
                "landsdeel": "Totaal",
                "uitgenodigd": int(table["uitgenodigd"].sum()),
                "gereageerd": int(table["gereageerd"].sum()),
                "niet_gereageerd": int(table["niet_gereageerd"].sum()),
            }
        ]
    )
    return pd.concat([published, total], ignore_index=True)
