"""Coding is decided in one place: ingest. The later stages read its decision back."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from enquete.analysis.coding import coder_files_from, decided_codes, final_codes
from enquete.config import load_config
from enquete.ingest.wave import ingest_wave, processed_tables


def test_the_figures_stage_reads_the_codes_ingest_decided(mini: Path) -> None:
    config = load_config("config.yaml")
    for year in config.years:
        out = mini / "processed" / year
        ingest_wave(config, year, out)
        tables = processed_tables(out)
        files, reconciliation = coder_files_from(tables["codeurs"])
        decided = decided_codes(tables)
        again = final_codes(files, reconciliation, tables["open_antwoorden"])
        pd.testing.assert_frame_equal(decided, again)
        assert (decided["status"] == "definitief").any() and decided["codes"].map(len).gt(0).any()


def test_a_decision_written_by_ingest_is_the_one_that_counts(mini: Path) -> None:
    """Were the figures stage to decide again, an edited decision in processed/ would not show."""
    config = load_config("config.yaml")
    year = config.years[0]
    out = mini / "processed" / year
    ingest_wave(config, year, out)
    tables = processed_tables(out)
    answer = tables["codes"]["answer_id"].iloc[0]
    tables["codes"] = tables["codes"][tables["codes"]["answer_id"] != answer]
    decided = decided_codes(tables).set_index("answer_id")
    assert decided.loc[answer, "codes"] == []
