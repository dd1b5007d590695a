"""The delivered file's own metadata counts: an SPSS file's declared missing codes and value
labels, and a CSV file as Dutch Excel writes it (`;`, byte-order mark, CRLF, Windows-1252)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.config import load_config
from enquete.errors import InputError
from enquete.ingest.readers import read_response_file
from enquete.ingest.wave import ingest_wave, processed_tables
from enquete.privacy.pseudonyms import pseudonym

ONLINE = "{file: online.csv, mode: online, date_column: submitdate, personal_columns: [naam]}"


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, old
    Path(path).write_text(text.replace(old, new), encoding="utf-8")


def ingest() -> dict[str, pd.DataFrame]:
    ingest_wave(load_config("config.yaml"), "2017", "processed")
    return processed_tables("processed")


def refused() -> str:
    with pytest.raises(InputError) as raised:
        ingest()
    return raised.value.message()


def key() -> bytes:
    return Path("sleutel.txt").read_text(encoding="utf-8").strip().encode()


def write_sav(codes: list[float], labels: dict[float, str], missing: list[float], source: str = "") -> None:
    """Three online responses (Aastad, Beedorp, Ceeveen) whose t_status is `codes`."""
    frame = pd.DataFrame(
        {
            "id": [11.0, 12.0, 13.0],
            "gemeente": [1.0, 2.0, 3.0],
            "submitdate": ["2017-10-02", "", "2017-10-05"],
            "t_status": codes,
            "t_knelpunten": ["Er is een detail en te weinig geld.", "Geld is een probleem.", ""],
            "t_voorbeelden": ["Een goed voorbeeld uit Aastad.", "", ""],
            "h_woning": [1.0, float("nan"), 2.0],
            "h_knelpunten": ["Grote krapte.", "", ""],
        }
    )
    pyreadstat.write_sav(
        frame,
        "online.sav",
        variable_value_labels={
            "gemeente": {1.0: "Aastad", 2.0: "Beedorp", 3.0: "Ceeveen"},
            "t_status": labels,
        },
        missing_ranges={"t_status": missing} if missing else None,
    )
    edit("config.yaml", ONLINE, source or "{file: online.sav, mode: online, date_column: submitdate}")


def status_of(tables: dict[str, pd.DataFrame], gemeente_id: str) -> list[str]:
    closed = tables["gesloten_antwoorden"]
    rows = closed[
        (closed["respondent"] == pseudonym(key(), gemeente_id)) & (closed["question"] == "t_status")
    ]
    return [f"{row.code} {row.valid}" for row in rows.itertuples()]


@pytest.mark.parametrize("declared", [8.0, 7.0, 99.0])
def test_a_code_the_file_declares_missing_is_the_scales_missing_answer(mini: Path, declared: float) -> None:
    write_sav([1.0, 2.0, declared], {1.0: "Ja", 2.0: "Nee", declared: "Wil ik niet zeggen"}, [declared])
    tables = ingest()
    assert status_of(tables, "CG03") == ["9 nee"]  # Ceeveen: not a valid answer, never in a base
    assert status_of(tables, "CG01") == ["1 ja"] and status_of(tables, "CG02") == ["2 ja"]


def test_values_may_name_the_files_labels_of_a_sav(mini: Path) -> None:
    """The survey tool numbers its answers 5, 6, 7; the mapping says them by label."""
    write_sav(
        [6.0, 5.0, 7.0],
        {5.0: "Nee", 6.0: "Ja", 7.0: "Weet ik niet"},
        [],
        "{file: online.sav, mode: online, date_column: submitdate, "
        'values: {t_status: {"Ja": 1, "Nee": 2, "Weet ik niet": 9}}}',
    )
    tables = ingest()
    assert status_of(tables, "CG01") == ["1 ja"]
    assert status_of(tables, "CG02") == ["2 ja"]
    assert status_of(tables, "CG03") == ["9 nee"]


def test_values_may_name_the_codes_of_a_csv(mini: Path) -> None:
    edit("online.csv", "\n11,Aastad,2017-10-02,Anna Aalders,1,", "\n11,Aastad,2017-10-02,Anna Aalders,4,")
    edit(
        "config.yaml",
        "personal_columns: [naam]}",
        'personal_columns: [naam], values: {t_status: {"4": 1, 2: 2, 9: 9}}}',
    )
    assert status_of(ingest(), "CG01") == ["1 ja"]


def test_a_label_that_names_another_answer_is_refused_by_column_code_and_label(mini: Path) -> None:
    write_sav([1.0, 2.0, 9.0], {1.0: "Nee", 2.0: "Ja", 9.0: "Weet niet"}, [9.0])
    message = refused()
    assert (
        "online.sav, column 't_status': the file's label for a code names another answer of the codebook's "
        "scale; found \"code 1 = 'Nee'\"; expected code 1 = 'Ja' (scale 'herkenning'); 'Nee' is code 2"
    ) in message
    assert "found \"code 2 = 'Ja'\"" in message


def test_a_declared_missing_code_that_the_codebook_counts_as_valid_is_refused(mini: Path) -> None:
    write_sav([1.0, 2.0, 9.0], {1.0: "Ja", 2.0: "Nee", 9.0: "Weet niet"}, [2.0, 9.0])
    message = refused()
    assert (
        "column 't_status': the file declares a code missing that the codebook counts as a valid answer"
        in message
    )
    assert "found \"code 2 = 'Nee', declared missing\"" in message


def test_the_phone_answers_as_dutch_excel_saves_them_are_read(mini: Path) -> None:
    before = ingest()
    rows = list(csv.reader(io.StringIO(Path("telefonisch.csv").read_text(encoding="utf-8"))))
    text = "".join(";".join(row) + "\r\n" for row in rows)
    Path("telefonisch.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    after = ingest()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_a_line_with_too_many_fields_is_named_with_what_was_found(mini: Path) -> None:
    Path("telefonisch.csv").write_text(
        "id;gemeente;datum;contactpersoon;t_status;t_knelpunten;t_voorbeelden;h_woning;h_knelpunten\r\n"
        "T01;Deemond;2017-10-09;Dirk Dekker;1;Een detail; en meer.;;2;Krapte speelt niet.\r\n",
        encoding="utf-8",
    )
    message = refused()
    assert (
        "telefonisch.csv, line 2: line does not have the header's number of fields; "
        "found \"10 fields separated by semicolon (';')\"; expected 9 fields, as in the header"
    ) in message


cells = st.text(
    alphabet=st.characters(codec="cp1252", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=5),
    separator=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_a_csv_reads_the_same_whatever_its_separator_mark_and_line_ends(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, str, str]],
    separator: str,
    encoding: str,
    ending: str,
) -> None:
    path = tmp_path_factory.mktemp("csv") / "antwoorden.csv"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator=ending)
    writer.writerows(
        [("id", "gemeente", "t_knelpunten"), *[(f"T{i}", a, b + c) for i, (a, b, c) in enumerate(rows)]]
    )
    path.write_bytes(buffer.getvalue().encode(encoding))
    declared = "cp1252" if encoding == "cp1252" else "utf-8"
    frame = read_response_file(path, declared).frame
    assert list(frame.columns) == ["id", "gemeente", "t_knelpunten"]
    assert frame["id"].tolist() == [f"T{i}" for i in range(len(rows))]
