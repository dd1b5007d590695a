"""The table behind each chart, as a download a policy officer can open in Excel.

A chart shows a few numbers; the reader who wants to quote, sort or reuse them needs them
as a table. Each chart gets its own: Dutch column headers, numbers stored as numbers
(percentages with one decimal), and a second sheet that says what every column means.
The numbers come from the same ledger rows as the chart, its caption and the page text.
"""

from __future__ import annotations

import pandas as pd

from enquete.publish.dutch import percentage

COMPARABLE = ("vergelijkbaar", "herformuleerd")
EXPLANATION_COLUMNS = ["Kolom", "Betekenis"]


def whole(value: object) -> int | None:
    """A count or base from the ledger ('13'), or None where a wave has none ('')."""
    return None if value in ("", None) or pd.isna(value) else int(value)


def share(count: int | None, base: int | None) -> float | None:
    return None if count is None or base is None else percentage(count, base)


def theme_table(
    rows: list[dict], previous: pd.DataFrame | None, previous_year: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The numbers of a theme's bar chart, with the previous wave's where they are comparable."""
    records = []
    for row in rows:
        count, base = whole(row["count"]), whole(row["base"])
        record = {
            "Figuur": row["figure_id"],
            "Omschrijving": row["label"],
            "Aantal": count,
            "Basis": base,
            "Percentage van de basis": share(count, base),
            "Basis bestaat uit": row["rule_short"],
            "Hoe geteld": row["counted_as"],
        }
        if previous is not None:
            before = previous.loc[row["figure_id"]] if row["figure_id"] in previous.index else None
            status = "" if before is None else str(before["status"])
            comparable = status in COMPARABLE
            record |= {
                f"Aantal {previous_year}": whole(before["count_a"]) if comparable else None,
                f"Basis {previous_year}": whole(before["base_a"]) if comparable else None,
                f"Vergelijkbaarheid met {previous_year}": status,
            }
        records.append(record)
    table = numeric(pd.DataFrame(records))
    explanation = [
        ("Figuur", "Vaste code van het cijfer; dezelfde code in elke meting."),
        ("Omschrijving", "Waar het cijfer over gaat, zoals in de figuur."),
        ("Aantal", "Aantal centrumgemeenten dat meetelt (de donkere balk in de figuur)."),
        ("Basis", "Aantal centrumgemeenten waarop het aantal betrekking heeft (de lichte balk)."),
        ("Percentage van de basis", "Aantal gedeeld door basis, in procenten, afgerond op één decimaal."),
        ("Basis bestaat uit", "Welke centrumgemeenten de basis vormen; zie de pagina Aanpak en respons."),
        (
            "Hoe geteld",
            "‘antwoord op een gesloten vraag’: de centrumgemeente koos dit antwoord. ‘zelf genoemd in "
            "een open antwoord’: de centrumgemeente noemde het uit zichzelf; de basis is dan het aantal "
            "centrumgemeenten dat het thema bereikte, niet het aantal dat het ermee oneens was.",
        ),
    ]
    if previous is not None:
        explanation += [
            (
                f"Aantal {previous_year} / Basis {previous_year}",
                f"Hetzelfde cijfer in {previous_year}, alleen als de vraag vergelijkbaar is gebleven.",
            ),
            (
                f"Vergelijkbaarheid met {previous_year}",
                "vergelijkbaar, herformuleerd (anders gevraagd, wel "
                "vergelijkbaar), gewijzigd (niet vergelijkbaar) of nieuw.",
            ),
        ]
    return table, pd.DataFrame(explanation, columns=EXPLANATION_COLUMNS)


def comparison_table(rows: list[dict], a: str, b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The numbers of a theme's comparison chart: each figure's share of its base in both waves."""
    records = []
    for row in rows:
        counts = {side: (whole(row[f"count_{side}"]), whole(row[f"base_{side}"])) for side in ("a", "b")}
        shares = {side: share(*counts[side]) for side in ("a", "b")}
        records.append(
            {
                "Figuur": row["figure_id"],
                "Omschrijving": row["label"],
                f"Aantal {a}": counts["a"][0],
                f"Basis {a}": counts["a"][1],
                f"Percentage {a}": shares["a"],
                f"Aantal {b}": counts["b"][0],
                f"Basis {b}": counts["b"][1],
                f"Percentage {b}": shares["b"],
                "Verschil in procentpunten": round(shares["b"] - shares["a"], 1)
                if shares["a"] is not None and shares["b"] is not None
                else None,
                # who changed ("waarschijnlijk minder centrumgemeenten"), not "afgenomen"
                "Oordeel": row.get("who") or row["verdict"],
            }
        )
    explanation = [
        ("Figuur", "Vaste code van het cijfer; dezelfde code in elke meting."),
        ("Omschrijving", "Waar het cijfer over gaat, zoals in de figuur."),
        (f"Aantal {a} / Basis {a}", f"Het cijfer in {a}: aantal centrumgemeenten en de basis."),
        (f"Percentage {a}", f"Aantal gedeeld door basis in {a}, in procenten (het rondje in de figuur)."),
        (f"Aantal {b} / Basis {b}", f"Het cijfer in {b}: aantal centrumgemeenten en de basis."),
        (f"Percentage {b}", f"Aantal gedeeld door basis in {b}, in procenten (de ruit in de figuur)."),
        ("Verschil in procentpunten", f"Percentage {b} min percentage {a}."),
        (
            "Oordeel",
            "Of meer of minder centrumgemeenten dit zeggen, en hoe zeker dat is; "
            "zie de pagina Vergelijking met de nulmeting.",
        ),
    ]
    return numeric(pd.DataFrame(records)), pd.DataFrame(explanation, columns=EXPLANATION_COLUMNS)


def numeric(table: pd.DataFrame) -> pd.DataFrame:
    """Counts as whole numbers and percentages as decimals, empty where a wave has no number."""
    for column in table.columns:
        if column.startswith(("Aantal", "Basis")) and column != "Basis bestaat uit":
            table[column] = table[column].astype("Int64")
        elif column.startswith(("Percentage", "Verschil")):
            table[column] = table[column].astype("float64")
    return table
