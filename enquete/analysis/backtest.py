"""The back test: the ledger must reproduce every figure of a published reference.

For the 2017 nulmeting the reference is every figure the Movisie report publishes. The
test runs on every build; any difference stops the build and names the figure, so a change
in data, codebook or code that moves a published number can never pass unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from enquete.config import Config
from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.readers import read_response_file

REFERENCE_COLUMNS = ["figure_id", "chapter", "theme", "kind", "count", "denominator", "statement"]
RESULT_COLUMNS = ["figure_id", "statement", "expected_count", "count", "expected_base", "base", "result"]


def read_reference(path: Path | str) -> pd.DataFrame:
    path = require_file(path, "the reference figures")
    frame = read_response_file(path).frame.fillna("").astype(str)  # its encoding errors name row and column
    missing = [column for column in REFERENCE_COLUMNS if column not in frame.columns]
    if missing:
        raise InputError(
            [Problem(display_path(path), "column missing", column=c, expected="present") for c in missing]
        )
    return frame


def compare_with_reference(ledger: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """One row per reference figure: what was expected, what the ledger says, and the verdict."""
    by_id = ledger.set_index("figure_id")
    rows = []
    for expected in reference.itertuples():
        if expected.figure_id not in by_id.index:
            rows.append(
                {
                    "figure_id": expected.figure_id,
                    "statement": expected.statement,
                    "expected_count": expected.count,
                    "count": "",
                    "expected_base": expected.denominator,
                    "base": "",
                    "result": "ontbreekt",
                }
            )
            continue
        actual = by_id.loc[expected.figure_id]
        count_ok = str(actual["count"]) == expected.count
        base_ok = not expected.denominator or str(actual["base"]) == expected.denominator
        rows.append(
            {
                "figure_id": expected.figure_id,
                "statement": expected.statement,
                "expected_count": expected.count,
                "count": str(actual["count"]),
                "expected_base": expected.denominator,
                "base": str(actual["base"]),
                "result": "gelijk" if count_ok and base_ok else "verschil",
            }
        )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def failures(result: pd.DataFrame, reference_path: str) -> list[Problem]:
    return [
        Problem(
            reference_path,
            f"back test failed for {row.figure_id} ({row.result})",
            found=f"{row.count or '-'} van {row.base or '-'}",
            expected=f"{row.expected_count} van {row.expected_base or '(geen basis gegeven)'}",
        )
        for row in result.itertuples()
        if row.result != "gelijk"
    ]


def backtest_wave(config: Config, year: str, analysis: Path | str) -> None:
    """The back test stage: the wave's ledger against the figures its report published."""
    from enquete.analysis.ledger import read_ledger
    from enquete.tables import write_csv

    wave = config.waves[year]
    if not wave.reference:
        raise InputError(
            [Problem(config.source, f"wave {year} has no reference to test against", column="reference")]
        )
    result = compare_with_reference(
        read_ledger(Path(analysis) / "figures.csv"), read_reference(wave.reference)
    )
    problems = failures(result, display_path(wave.reference))
    if problems:
        raise InputError(
            problems,
            remedy="the ledger no longer reproduces the published figures: "
            "find which change in data, codebook or code moved them.",
        )
    write_csv(result, Path(analysis) / "backtest.csv")
    print(f"Back test {year}: all {len(result)} reference figures reproduced.")
