"""The catalogue of bad inputs: each is refused with a message naming file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest

from enquete.config import load_config
from enquete.errors import InputError
from enquete.ingest.wave import ingest_wave


def ingest() -> None:
    ingest_wave(load_config("config.yaml"), "2017", "processed")


def refused() -> str:
    with pytest.raises(InputError) as raised:
        ingest()
    return raised.value.message()


def use_source(old: str, new: str) -> None:
    text = Path("config.yaml").read_text(encoding="utf-8")
    assert old in text
    Path("config.yaml").write_text(text.replace(old, new), encoding="utf-8")


def online_as_xlsx(extra_rows_above: list[list[str]] | None = None, merge: str = "") -> None:
    frame = pd.read_csv("online.csv", dtype=str, keep_default_na=False)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in extra_rows_above or []:
        sheet.append(row)
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    workbook.save("online.xlsx")
    use_source("file: online.csv", "file: online.xlsx")


def test_an_xlsx_export_is_read_like_the_csv(mini: Path) -> None:
    online_as_xlsx()
    ingest()
    assert len(pd.read_csv("processed/respondenten.csv")) == 4


def test_an_xlsx_with_merged_cells_is_refused(mini: Path) -> None:
    online_as_xlsx(merge="E2:E3")
    message = refused()
    assert "online.xlsx, column 'E2:E3': merged cells" in message
    assert "unmerge" in message


def test_an_xlsx_with_a_title_row_above_the_header_is_refused(mini: Path) -> None:
    online_as_xlsx(extra_rows_above=[["Export enquête 2017"]])
    message = refused()
    assert "online.xlsx, row 1, column 'column 2': column without a name in the header row" in message
    assert "remove any title rows" in message


def test_a_file_with_a_header_and_no_rows_is_an_empty_wave(mini: Path) -> None:
    header = Path("online.csv").read_text(encoding="utf-8").splitlines()[0]
    Path("online.csv").write_text(header + "\n", encoding="utf-8")
    assert "online.csv: the file has no responses; expected at least one row" in refused()


def test_an_sav_code_the_codebook_does_not_know_and_the_file_does_not_declare_missing_is_refused(
    mini: Path,
) -> None:
    frame = pd.DataFrame(
        {
            "id": [21.0],
            "gemeente": [1.0],
            "submitdate": ["2017-10-01"],
            "t_status": [99.0],
            "t_knelpunten": [""],
            "t_voorbeelden": [""],
            "h_woning": [1.0],
            "h_knelpunten": [""],
        }
    )
    pyreadstat.write_sav(
        frame,
        "online.sav",
        variable_value_labels={"gemeente": {1.0: "Aastad"}, "t_status": {1.0: "Ja", 99.0: "Geen antwoord"}},
    )  # declared missing (missing_ranges), 99 would count as the scale's missing code 9
    use_source(
        "{file: online.csv, mode: online, date_column: submitdate, personal_columns: [naam]}",
        "{file: online.sav, mode: online, date_column: submitdate}",
    )
    Path("codering.csv").write_text("answer_id,codes,citeerbaar,opmerking\n", encoding="utf-8")
    Path("voorbeelden.csv").write_text("answer_id,volgorde,titel,naam_publiceren\n", encoding="utf-8")
    message = refused()
    assert "online.sav, row 1, column 't_status': value not allowed; found '99'" in message
    assert "one of the codes 1, 2, 9" in message


def test_a_response_file_that_is_not_there_is_named(mini: Path) -> None:
    Path("telefonisch.csv").unlink()
    assert "telefonisch.csv: response file is missing; expected an existing file" in refused()


def test_a_gemeente_outside_the_population_is_named(mini: Path) -> None:
    text = Path("telefonisch.csv").read_text(encoding="utf-8").replace("T01,Deemond,", "T01,Zeedorp,")
    Path("telefonisch.csv").write_text(text, encoding="utf-8")
    message = refused()
    assert "telefonisch.csv, row 2, column 'gemeente': value not allowed; found 'Zeedorp'" in message
    assert "a gemeente of the population list" in message
