"""The downloads of a wave: every table behind the pages and charts as CSV and XLSX, with
Dutch headers, numbers stored as numbers and a sheet that explains every column."""

from pathlib import Path

import pandas as pd

from enquete.publish.figure_tables import comparison_table, theme_table
from enquete.publish.theme_sections import chart_tables
from enquete.publish.wave_report import WaveReport
from enquete.tables import write_download_csv, write_xlsx

XLSX_CACHE = Path(".enquete-cache") / "xlsx"  # workbooks by what they were made from (tables.write_xlsx)

PUBLIC_COLUMNS = {
    "figure_id": "Figuur",
    "theme": "Thema",
    "kind": "Soort",
    "label": "Omschrijving",
    "count": "Aantal",
    "base": "Basis",
    "base_rule": "Basisregel",
}


def public_figures(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger as published: no pseudonyms, so no gemeente's answers can be pieced together."""
    table = ledger[list(PUBLIC_COLUMNS)].rename(columns=PUBLIC_COLUMNS)
    if reconstruction(ledger):
        table["In het rapport"] = ledger["in_report"].to_numpy()
    return as_numbers(table, ["Aantal", "Basis"])


def reconstruction(ledger: pd.DataFrame) -> bool:
    """Whether the ledger is a reconstruction checked against a published report."""
    return "in_report" in ledger and bool((ledger["in_report"] != "").any())


def as_numbers(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Whole numbers stored as numbers (a spreadsheet can sum them); empty where there is none."""
    table = table.copy()
    for column in columns:
        table[column] = pd.to_numeric(table[column].replace("", None)).astype("Int64")
    return table


def column_explanations(reconstructed: bool = False) -> pd.DataFrame:
    rows = [
        ("Figuur", "Vaste code van het cijfer; dezelfde code in elke meting."),
        ("Thema", "Het thema van de vragenlijst (leeg voor responscijfers)."),
        (
            "Soort",
            "herkenning (een knelpunt), situatie (hoe iets verloopt), actie, nuance, oplossing, "
            "ondersteuning (gewenste landelijke ondersteuning) of respons.",
        ),
        ("Omschrijving", "Waar het cijfer over gaat."),
        ("Aantal", "Aantal centrumgemeenten dat meetelt."),
        ("Basis", "Het aantal centrumgemeenten waarop het aantal betrekking heeft."),
        ("Basisregel", "Hoe de basis is bepaald; zie de pagina Verantwoording."),
    ]
    if reconstructed:
        rows.append(
            (
                "In het rapport",
                "ja: het gepubliceerde rapport noemt dit aantal; nee: het rapport noemt geen aantal, "
                "het aantal komt alleen uit de gereconstrueerde antwoorden.",
            )
        )
    return pd.DataFrame(rows, columns=["Kolom", "Betekenis"])


def write_downloads(report: WaveReport, folder: Path) -> tuple[list[dict], list[dict]]:
    """Every table behind the pages, and behind each chart, as CSV and XLSX with Dutch headers
    and an explanation sheet; returns the wave's tables and its chart tables."""
    year = report.wave.year
    epoch = report.wave.source_date_epoch
    explanations = column_explanations(reconstruction(report.ledger))
    tables = [("cijfers", f"Cijfers {year}", public_figures(report.ledger), explanations)]
    if report.versus_nulmeting is not None:
        nulmeting = report.config.nulmeting.year
        tables.append(
            (
                f"vergelijking-{nulmeting}",
                f"Vergelijking {nulmeting}–{year}",
                public_comparison(report.versus_nulmeting.reset_index(), nulmeting, year),
                comparison_explanations(nulmeting, year),
            )
        )
    charts = []
    for theme in report.codebook.themes:
        for stem, title, rows in chart_tables(report, theme):
            table, explanation = theme_table(rows, report.previous, report.previous_year)
            charts.append((stem, title, table, explanation))
    if report.versus_nulmeting is not None:
        nulmeting = report.config.nulmeting.year
        for item in report.comparison_context()["themes"]:
            if item["comparable"]:
                table, explanation = comparison_table(item["comparable"], nulmeting, year)
                title = f"Vergelijking {nulmeting}–{year}: {item['theme'].title}"
                stem = f"grafiek-vergelijking-{item['theme'].id}-{nulmeting}"
                charts.append((stem, title, table, explanation))
    if report.wave.demo_notice:
        notice = pd.DataFrame(
            [("Let op", " ".join(report.wave.demo_notice.split()))], columns=["Kolom", "Betekenis"]
        )
        tables, charts = (
            [(stem, title, table, pd.concat([notice, notes])) for stem, title, table, notes in group]
            for group in (tables, charts)
        )
    written: tuple[list[dict], list[dict]] = ([], [])
    for group, downloads in zip((tables, charts), written, strict=True):
        for stem, title, table, explanation in group:
            name = f"{stem}-{year}"
            write_download_csv(table, folder / f"{name}.csv")
            sheets = {"Tabel": table, "Toelichting": explanation}
            write_xlsx(sheets, folder / f"{name}.xlsx", epoch, cache=XLSX_CACHE / year)
            downloads.append({"name": name, "title": title, "rows": len(table)})
    return written


COMPARISON_HEADERS = {
    "figure_id": "Figuur",
    "theme": "Thema",
    "label": "Omschrijving",
    "status": "Vergelijkbaarheid",
    "note": "Toelichting vergelijkbaarheid",
    "count_a": "Aantal {a}",
    "base_a": "Basis {a}",
    "count_b": "Aantal {b}",
    "base_b": "Basis {b}",
    "change": "Verschil in aantal",
    "low_a": "Minimum populatie {a}",
    "high_a": "Maximum populatie {a}",
    "low_b": "Minimum populatie {b}",
    "high_b": "Maximum populatie {b}",
    "panel": "Panel (beide keren geantwoord)",
    "started": "Panel: erbij",
    "stopped": "Panel: eraf",
    "kept": "Panel: beide keren",
    "never": "Panel: geen van beide",
    "verdict": "Oordeel",
    "who": "Wie veranderde",
    "reading": "Lezing",
    "explanation": "Uitleg",
}


def public_comparison(table: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    headers = {key: value.format(a=a, b=b) for key, value in COMPARISON_HEADERS.items()}
    numbers = [headers[key] for key in COMPARISON_HEADERS if key.startswith(NUMERIC_COMPARISON)]
    return as_numbers(table[list(headers)].rename(columns=headers), numbers)


NUMERIC_COMPARISON = (
    "count_",
    "base_",
    "change",
    "low_",
    "high_",
    "panel",
    "started",
    "stopped",
    "kept",
    "never",
)


def comparison_explanations(a: str, b: str) -> pd.DataFrame:
    rows = [
        (
            "Vergelijkbaarheid",
            "vergelijkbaar, herformuleerd (vraag anders gesteld, wel vergelijkbaar), "
            "gewijzigd (niet vergelijkbaar), nieuw of vervallen.",
        ),
        (f"Aantal {a} / Basis {a}", f"Het cijfer in {a}: aantal centrumgemeenten en de basis."),
        (f"Aantal {b} / Basis {b}", f"Het cijfer in {b}: aantal centrumgemeenten en de basis."),
        (
            "Minimum / Maximum populatie",
            "Tussen welke aantallen het cijfer voor alle uitgenodigde "
            "centrumgemeenten ligt als alle gemeenten zonder antwoord het een of het ander "
            "hadden geantwoord.",
        ),
        (
            "Panel",
            f"Centrumgemeenten die in {a} en in {b} tot de basis behoorden; erbij = telde alleen in "
            f"{b} mee, eraf = telde alleen in {a} mee.",
        ),
        (
            "Oordeel",
            "duidelijk toegenomen/afgenomen (ook buiten het bereik van de non-respons), "
            "waarschijnlijk toegenomen/afgenomen (het panel verschuift duidelijk), "
            "of geen duidelijke verandering.",
        ),
        (
            "Wie veranderde / Lezing",
            "Het oordeel gezegd als wie veranderde: meer of minder centrumgemeenten die dit zeggen "
            "(niet: meer of minder van het onderwerp), en hoe zeker dat is.",
        ),
    ]
    return pd.DataFrame(rows, columns=["Kolom", "Betekenis"])
