import re
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from enquete.config import load_config
from enquete.errors import InputError
from enquete.ingest.validation import canonical_code
from enquete.ingest.wave import ingest_wave, processed_tables
from enquete.privacy.pseudonyms import pseudonym


def ingest(directory: str = "processed") -> dict[str, pd.DataFrame]:
    ingest_wave(load_config("config.yaml"), "2017", directory)
    return processed_tables(directory)


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, old
    Path(path).write_text(text.replace(old, new), encoding="utf-8")


def key() -> bytes:
    return Path("sleutel.txt").read_text(encoding="utf-8").strip().encode()


def test_sources_merge_with_mode_status_and_last_theme(mini: Path) -> None:
    respondents = ingest()["respondenten"].set_index("respondent")
    aastad, beedorp, deemond = (pseudonym(key(), gid) for gid in ("CG01", "CG02", "CG04"))
    assert len(respondents) == 4
    assert respondents.loc[deemond, "mode"] == "telefonisch"
    assert respondents.loc[aastad, "mode"] == "online"
    assert respondents.loc[beedorp, ["status", "last_theme"]].tolist() == ["gedeeltelijk", "toegang"]
    assert respondents.loc[aastad, ["status", "last_theme"]].tolist() == ["compleet", "huisvesting"]
    assert respondents.loc[aastad, "submitted"] == "2017-10-02"
    assert list(respondents.index) == sorted(respondents.index)


def test_population_lists_every_invited_gemeente_with_response(mini: Path) -> None:
    population = ingest()["populatie"]
    assert len(population) == 5
    assert population["responded"].tolist().count("nee") == 1


def test_no_personal_data_or_names_in_processed_tables(mini: Path) -> None:
    ingest()
    text = "\n".join(p.read_text(encoding="utf-8") for p in Path("processed").glob("*.csv"))
    for personal in ("Anna Aalders", "b.bakker@beedorp.example.nl", "06-33333333", "Dirk Dekker", "CG01"):
        assert personal not in text
    assert "Beedorp" not in text and "Deemond" not in text


def test_user_missing_code_is_kept_but_not_valid(mini: Path) -> None:
    closed = ingest()["gesloten_antwoorden"]
    ceeveen = pseudonym(key(), "CG03")
    row = closed[(closed["respondent"] == ceeveen) & (closed["question"] == "t_status")].iloc[0]
    assert (row["code"], row["label"], row["valid"]) == ("9", "Weet niet / geen antwoord", "nee")


def test_codes_and_quotable_marks_are_attached_to_answers(mini: Path) -> None:
    tables = ingest()
    codes = tables["codes"]
    assert sorted(codes.loc[codes["code"] == "toegang.geld", "answer_id"]) == [
        "11.t_knelpunten",
        "12.t_knelpunten",
    ]
    answers = tables["open_antwoorden"].set_index("answer_id")
    assert answers.loc["T01.t_knelpunten", "quotable"] == "ja"
    assert answers.loc["12.t_knelpunten", "quotable"] == "nee"
    examples = tables["voorbeelden"]
    assert examples[["title", "name"]].values.tolist() == [["Voorbeeld Aastad", "Aastad"]]


def test_sav_source_reads_value_labels_and_user_missing(mini: Path) -> None:
    frame = pd.DataFrame(
        {
            "id": [21.0, 22.0],
            "gemeente": [1.0, 5.0],
            "submitdate": ["2017-10-01", "2017-10-02"],
            "t_status": [1.0, 9.0],
            "t_knelpunten": ["Geld", ""],
            "t_voorbeelden": ["", ""],
            "h_woning": [2.0, 9.0],
            "h_knelpunten": ["", ""],
        }
    )
    pyreadstat.write_sav(
        frame,
        "online.sav",
        variable_value_labels={
            "gemeente": {1.0: "Aastad", 5.0: "Eewolde"},
            "t_status": {1.0: "Ja", 2.0: "Nee", 9.0: "Weet niet"},
        },
        missing_ranges={"t_status": [9], "h_woning": [9]},
    )
    edit(
        "config.yaml",
        "{file: online.csv, mode: online, date_column: submitdate, personal_columns: [naam]}",
        "{file: online.sav, mode: online, date_column: submitdate}",
    )
    Path("codering.csv").write_text(
        "answer_id,codes,citeerbaar,opmerking\n21.t_knelpunten,toegang.geld,,\n", encoding="utf-8"
    )
    Path("voorbeelden.csv").write_text("answer_id,volgorde,titel,naam_publiceren\n", encoding="utf-8")
    tables = ingest()
    closed = tables["gesloten_antwoorden"]
    eewolde = pseudonym(key(), "CG05")
    assert closed[closed["respondent"] == eewolde]["valid"].tolist() == ["nee", "nee"]
    assert len(tables["respondenten"]) == 3


def test_value_recoding_comes_from_configuration(mini: Path) -> None:
    edit("online.csv", "11,Aastad,2017-10-02,Anna Aalders,1,", "11,Aastad,2017-10-02,Anna Aalders,ja,")
    edit(
        "config.yaml",
        "personal_columns: [naam]}",
        'personal_columns: [naam], values: {herkenning: {Ja: 1, "1": 1, "2": 2, "9": 9}}}',
    )
    closed = ingest()["gesloten_antwoorden"]
    assert closed[closed["question"] == "t_status"]["code"].tolist().count("1") == 2


def test_columns_and_values_come_from_the_mapping(mini: Path) -> None:
    edit("online.csv", "id,gemeente,submitdate,naam,t_status", "Nr,Gemeente,submitdate,naam,V1")
    for old, new in (
        ("Anna Aalders,1,", "Anna Aalders,Ja,"),
        ("Bert Bakker,2,", "Bert Bakker,Nee,"),
        ("Carla Cornelis,9,", "Carla Cornelis,Weet niet,"),
    ):
        edit("online.csv", old, new)
    mapping = (
        "id_column: Nr, gemeente_column: Gemeente, columns: {V1: t_status}, "
        'values: {t_status: {"Ja": 1, "Nee": 2, "Weet niet": 9}}, personal_columns: [naam]}'
    )
    edit("config.yaml", "personal_columns: [naam]}", mapping)
    closed = ingest()["gesloten_antwoorden"]
    assert sorted(closed[closed["question"] == "t_status"]["code"]) == ["1", "1", "2", "9"]

    edit("online.csv", "Bert Bakker,Nee,", "Bert Bakker,Misschien,")
    with pytest.raises(InputError) as raised:
        ingest()
    message = raised.value.message()
    for part in (
        "for wave 2017",
        "online.csv, row 3, column 'V1 (t_status)'",
        "answer not in the mapping",
        "found 'Misschien'",
        "'Ja', 'Nee', 'Weet niet'",
    ):
        assert part in message


def test_a_column_the_mapping_names_must_exist(mini: Path) -> None:
    edit("config.yaml", "personal_columns: [naam]}", "personal_columns: [naam], columns: {V9: h_woning}}")
    with pytest.raises(InputError) as raised:
        ingest()
    message = raised.value.message()
    assert "online.csv, column 'V9': column named in the mapping is missing" in message
    assert "for wave 2017" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "13,Ceeveen,2017-10-05,Carla Cornelis,9,",
            "13,Ceeveen,2017-10-05,Carla Cornelis,4,",
            ["online.csv", "row 4", "column 't_status'", "found '4'", "one of the codes 1, 2, 9"],
        ),
        (
            "12,Beedorp,",
            "12,Beekdorp,",
            ["online.csv", "row 3", "column 'gemeente'", "'Beekdorp'", "a gemeente of the population list"],
        ),
        ("2017-10-05", "5 oktober", ["row 4", "column 'submitdate'", "date cannot be read"]),
        ("12,Beedorp,", "11,Beedorp,", ["row 3", "column 'id'", "value used twice"]),
        (
            "id,gemeente,submitdate,naam,t_status",
            "id,gemeente,submitdate,naam,extra,t_status",
            ["unexpected column", "column 'extra'"],
        ),
    ],
)
def test_bad_response_files_name_file_row_column_and_value(mini: Path, old, new, expected) -> None:
    edit("online.csv", old, new)
    if "extra" in new:
        edit("online.csv", "Anna Aalders,1,", "Anna Aalders,x,1,")
        edit("online.csv", "Bert Bakker,2,", "Bert Bakker,x,2,")
        edit("online.csv", "Carla Cornelis,9,", "Carla Cornelis,x,9,")
    with pytest.raises(InputError) as raised:
        ingest()
    message = raised.value.message()
    for part in expected:
        assert part in message
    assert not Path("processed").exists()


def test_all_problems_of_a_file_are_reported_together(mini: Path) -> None:
    edit("online.csv", "Carla Cornelis,9,", "Carla Cornelis,7,")
    edit("online.csv", "12,Beedorp,", "12,Nergens,")
    with pytest.raises(InputError) as raised:
        ingest()
    assert len(raised.value.problems) == 2


def test_a_missing_question_column_is_named(mini: Path) -> None:
    edit("telefonisch.csv", ",h_knelpunten\n", "\n")
    edit("telefonisch.csv", ",Krapte speelt niet.\n", "\n")
    with pytest.raises(InputError, match=re.escape("telefonisch.csv, column 'h_knelpunten': column missing")):
        ingest()


def test_same_gemeente_online_and_by_phone_is_refused(mini: Path) -> None:
    edit("telefonisch.csv", "T01,Deemond,", "T01,Aastad,")
    with pytest.raises(InputError) as raised:
        ingest()
    message = raised.value.message()
    assert "gemeente answered more than once" in message
    assert "online.csv row 2" in message and "telefonisch.csv row 2" in message


def test_wrong_encoding_is_refused_unless_declared(mini: Path) -> None:
    text = Path("telefonisch.csv").read_text(encoding="utf-8").replace("Een detail.", "Een cliënt.")
    Path("telefonisch.csv").write_bytes(text.encode("cp1252"))
    where = "telefonisch.csv, row 2, column 't_knelpunten': is not valid utf-8 text (byte 0xEB)"
    with pytest.raises(InputError, match=re.escape(where)):
        ingest()
    edit("config.yaml", "mode: telefonisch,", "mode: telefonisch, encoding: cp1252,")
    answers = ingest()["open_antwoorden"].set_index("answer_id")
    assert answers.loc["T01.t_knelpunten", "text"] == "Een cliënt."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("99.t_knelpunten,toegang.geld,,", "unknown answer id"),
        ("13.h_knelpunten,huisvesting.krapte,,", "unknown answer id"),
        ("11.t_voorbeelden,toegang.onbekend,,", "unknown code"),
        ("11.t_voorbeelden,toegang.geld,,", "code does not belong to this question"),
        ("11.t_knelpunten,toegang.geld,,", "answer coded twice"),
    ],
)
def test_coding_file_errors_name_row_and_value(mini: Path, line: str, expected: str) -> None:
    with Path("codering.csv").open("a", encoding="utf-8") as file:
        file.write(line + "\n")
    with pytest.raises(InputError) as raised:
        ingest()
    assert expected in raised.value.message()
    assert "codering.csv, row 7" in raised.value.message()


def test_canonical_codes() -> None:
    assert [canonical_code(v) for v in (1.0, "1", " 2 ", "3.0", float("nan"), "", None)] == [
        "1",
        "1",
        "2",
        "3",
        None,
        None,
        None,
    ]
