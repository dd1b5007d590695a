"""The figures stage: one wave's ledger, quotes, examples, response table and coding report.

Everything a wave's pages show is computed here from the processed tables of its ingest:
the ledger (`figures.csv`, every count with its base), the anonymised quotes, the examples,
the response per gemeente that disclosure control works from, and the coders' agreement with
the worksheet for the next round of coding.
"""

from __future__ import annotations

from pathlib import Path

from enquete.analysis.backtest import read_reference
from enquete.analysis.coder_workbook import write_worksheet_file
from enquete.analysis.coding import coding_report
from enquete.analysis.coding_review import REVIEW_FILE, write_review_workbook
from enquete.analysis.ledger import build_ledger, mark_in_report, quotes
from enquete.codebook import codebook_snapshot, load_codebook
from enquete.config import Config
from enquete.ingest.population import population_table
from enquete.ingest.wave import processed_tables
from enquete.privacy.anonymise import safe_quotes
from enquete.privacy.disclosure import RESPONSE_FILE, response_by_gemeente
from enquete.tables import write_atomically, write_csv


def compute_figures(config: Config, year: str, processed: Path | str, out: Path | str) -> None:
    """Write the wave's analysis files into `out` from its processed tables in `processed`."""
    wave = config.waves[year]
    tables = processed_tables(processed)
    out = Path(out)
    codebook = load_codebook(wave.codebook)
    ledger = build_ledger(tables, codebook, wave)
    if wave.reference:  # which figures the published report gives, and which go beyond it
        ledger = mark_in_report(ledger, set(read_reference(wave.reference)["figure_id"]))
    write_csv(ledger, out / "figures.csv")
    population = population_table(config.population)
    write_csv(safe_quotes(quotes(tables), population, codebook), out / "citaten.csv")
    write_csv(tables["voorbeelden"], out / "voorbeelden.csv")
    write_atomically(out / "codebook.json", codebook_snapshot(codebook))
    write_csv(response_by_gemeente(tables["populatie"], tables["voorbeelden"]), out / RESPONSE_FILE)
    coding = coding_report(tables, codebook, config.min_uses)
    for name, table in coding.items():
        write_csv(table, out / f"{name}.csv")
    write_worksheet_file(coding["codeerblad"], out / "codeerblad.xlsx", codebook, wave.source_date_epoch)
    write_review_workbook(coding[REVIEW_FILE], out / f"{REVIEW_FILE}.xlsx", wave.source_date_epoch)
