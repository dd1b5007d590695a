"""The coder's worksheet in Excel: question texts, drop-downs of the allowed codes, help sheets,
and a file that is read back exactly as a CSV worksheet with the same entries."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from enquete.analysis.coder_workbook import (
    CODES_ERROR,
    CODES_PROMPT,
    MAX_ERROR,
    MAX_PROMPT,
    QUOTABLE_ERROR,
    QUOTABLE_PROMPT,
    write_worksheet_file,
)
from enquete.analysis.coding import (
    NO_CODE,
    WORKSHEET_COLUMNS,
    allowed_codes,
    merge_worksheet,
    read_coder_file,
    worksheet,
)
from enquete.codebook import load_codebook
from enquete.ingest.readers import read_response_file

ROOT = Path(__file__).resolve().parents[2]

CODEBOOK = load_codebook(ROOT / "codebook" / "codebook.yaml")
EPOCH = 1_538_395_200
OPEN = [question for question in CODEBOOK.questions if not question.is_closed]
# Two answers to every open question of the demo codebook, the first with a keyword.
ANSWERS = pd.DataFrame(
    [
        {
            "answer_id": f"{respondent}.{question.id}",
            "respondent": f"G-{respondent}",
            "theme": question.theme,
            "question": question.id,
            "text": text,
        }
        for question in OPEN
        for respondent, text in (("1001", "De kostendelersnorm knelt."), ("T01", "=1+1 is geen formule"))
    ]
)


def written(tmp_path: Path, frame: pd.DataFrame | None = None, name: str = "codeur.xlsx") -> Path:
    path = tmp_path / name
    write_worksheet_file(worksheet(ANSWERS, CODEBOOK) if frame is None else frame, path, CODEBOOK, EPOCH)
    return path


def column_of(sheet, name: str) -> int:
    return [cell.value for cell in sheet[1]].index(name) + 1


def drop_down_items(book, sheet, cell: str) -> list[str]:
    """The items of the list validation on `cell`, read from the range its formula names."""
    found = [v for v in sheet.data_validations.dataValidation if cell in MultiCellRange(str(v.sqref))]
    assert len(found) == 1, f"{cell} has {len(found)} validations"
    validation = found[0]
    assert validation.type == "list" and not validation.showDropDown  # openpyxl: True hides the arrow
    formula = validation.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    where, cells = formula.rsplit("!", 1)
    source = book[where.strip("'")]
    bounds = CellRange(cells.replace("$", ""))
    return [
        row[0]
        for row in source.iter_rows(
            min_row=bounds.min_row,
            max_row=bounds.max_row,
            min_col=bounds.min_col,
            max_col=bounds.min_col,
            values_only=True,
        )
    ]


def test_every_answer_shows_its_question_text_and_a_drop_down_with_exactly_its_codes(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(written(tmp_path))
    assert book.sheetnames[0] == "Codeerblad"  # the sheet that is read back comes first
    sheet = book["Codeerblad"]
    assert [cell.value for cell in sheet[1]] == WORKSHEET_COLUMNS
    assert sheet.freeze_panes == "B2"
    texts = {question.id: question.text for question in CODEBOOK.questions}
    codes_column = openpyxl.utils.get_column_letter(column_of(sheet, "codes"))
    allowed = allowed_codes(CODEBOOK)
    offered: set[str] = set()
    for row in range(2, sheet.max_row + 1):
        question = sheet.cell(row=row, column=1).value.rsplit(".", 1)[1]
        assert sheet.cell(row=row, column=column_of(sheet, "vraag")).value == texts[question]
        items = drop_down_items(book, sheet, f"{codes_column}{row}")
        assert items == [*allowed[question], NO_CODE]
        offered |= set(items)
        explained = sheet.cell(row=row, column=column_of(sheet, "toegestane codes")).value
        for code in allowed[question]:
            assert f"{code} = {CODEBOOK.figure(code).label}" in explained
    assert offered == set(CODEBOOK.code_ids) | {NO_CODE}
    quotable = openpyxl.utils.get_column_letter(column_of(sheet, "citeerbaar"))
    assert drop_down_items(book, sheet, f"{quotable}2") == ["ja", "nee"]
    assert sheet.cell(row=2, column=column_of(sheet, "tekst")).alignment.wrap_text
    assert sheet.column_dimensions["D"].width >= 50  # the answer text is readable


def test_the_help_sheets_explain_the_work_and_list_every_code(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(written(tmp_path))
    instructions = " ".join(str(row[0]) for row in book["Instructies"].iter_rows(values_only=True) if row[0])
    for words in ("puntkomma", NO_CODE, "citeerbaar", "zelfstandig", "answer_id"):
        assert words in instructions
    listed = {row[0]: row for row in book["Codelijst"].iter_rows(min_row=2, values_only=True)}
    themes = {theme.id: theme.title for theme in CODEBOOK.themes}
    for figure in CODEBOOK.figures:
        if figure.is_coded:
            assert listed[figure.id][1:3] == (figure.label, themes[figure.theme])
    assert NO_CODE in listed
    assert book["Keuzelijsten"].sheet_state == "hidden"


def test_the_messages_fit_what_excel_accepts() -> None:
    assert len(CODES_PROMPT) <= MAX_PROMPT and len(QUOTABLE_PROMPT) <= MAX_PROMPT
    assert len(CODES_ERROR) <= MAX_ERROR and len(QUOTABLE_ERROR) <= MAX_ERROR


def fill_in(path: Path, entries: dict[str, tuple[str, str]]) -> None:
    """What a coder does in Excel: type or pick codes and quotable marks, then save."""
    book = openpyxl.load_workbook(path)
    sheet = book["Codeerblad"]
    codes, quotable = column_of(sheet, "codes"), column_of(sheet, "citeerbaar")
    for row in range(2, sheet.max_row + 1):
        answer_id = sheet.cell(row=row, column=1).value
        if answer_id in entries:
            sheet.cell(row=row, column=codes).value, sheet.cell(row=row, column=quotable).value = entries[
                answer_id
            ]
    book.save(path)


def test_a_filled_in_workbook_reads_back_as_the_same_csv_does(tmp_path: Path) -> None:
    entries = {
        "1001.f_knelpunten": ("financien.kostendelersnorm", "ja"),
        "T01.f_knelpunten": ("financien.voorschotten; financien.kostendelersnorm", ""),
        "1001.t_knelpunten": (NO_CODE, "nee"),
        "1001.t_voorbeelden": (NO_CODE, "ja"),
    }
    workbook = written(tmp_path)
    fill_in(workbook, entries)
    csv = tmp_path / "codeur.csv"
    frame = worksheet(ANSWERS, CODEBOOK)
    for answer_id, (codes, mark) in entries.items():
        frame.loc[frame["answer_id"] == answer_id, ["codes", "citeerbaar"]] = [codes, mark]
    frame.to_csv(csv, index=False)
    from_excel = read_coder_file("codeur", str(workbook), ANSWERS, CODEBOOK)
    from_csv = read_coder_file("codeur", str(csv), ANSWERS, CODEBOOK)
    assert from_excel == from_csv
    assert from_excel.codes["T01.f_knelpunten"] == {"financien.voorschotten", "financien.kostendelersnorm"}
    assert from_excel.codes["1001.t_knelpunten"] == frozenset()  # geen: coded, no knelpunt
    assert from_excel.codes["T01.t_knelpunten"] is None  # empty: not coded yet
    assert from_excel.quotable["1001.t_voorbeelden"] and not from_excel.quotable["1001.t_knelpunten"]


def test_an_answer_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = written(tmp_path)
    cell = openpyxl.load_workbook(path)["Codeerblad"]["D3"]
    assert cell.data_type == "s" and cell.value == "=1+1 is geen formule"
    assert "=1+1 is geen formule" in list(read_response_file(path).frame["tekst"])


def test_the_same_worksheet_is_the_same_bytes(tmp_path: Path) -> None:
    assert written(tmp_path, name="a.xlsx").read_bytes() == written(tmp_path, name="b.xlsx").read_bytes()


def test_an_old_coders_file_keeps_its_work_and_gets_the_drop_downs(tmp_path: Path) -> None:
    old = worksheet(ANSWERS.head(2), CODEBOOK).drop(columns=["toegestane codes"])
    old["vraag"] = ["t_knelpunten", "t_knelpunten"]  # old worksheets showed the question's id
    old.loc[0, ["codes", "citeerbaar", "opmerking"]] = [
        "toegang.administratieve_last.situatie",
        "ja",
        "twijfel",
    ]
    old_file = tmp_path / "oud.csv"
    old.to_csv(old_file, index=False)
    merged = merge_worksheet(read_response_file(old_file).frame, worksheet(ANSWERS, CODEBOOK))
    path = written(tmp_path, merged)
    kept = read_response_file(path).frame.fillna("")
    assert kept.iloc[0][["vraag", "codes", "citeerbaar", "opmerking"]].tolist() == [
        "t_knelpunten",
        "toegang.administratieve_last.situatie",
        "ja",
        "twijfel",
    ]
    assert len(kept) == len(ANSWERS)
    book = openpyxl.load_workbook(path)
    sheet = book["Codeerblad"]
    letter = openpyxl.utils.get_column_letter(column_of(sheet, "codes"))
    assert drop_down_items(book, sheet, f"{letter}2") == [*allowed_codes(CODEBOOK)["t_knelpunten"], NO_CODE]
    coded = read_coder_file("codeur", str(path), ANSWERS, CODEBOOK)
    assert coded.codes[ANSWERS.loc[0, "answer_id"]] == {"toegang.administratieve_last.situatie"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_csv_and_excel_worksheets_have_the_same_columns(tmp_path: Path, suffix: str) -> None:
    path = written(tmp_path, name=f"codeur{suffix}")
    assert list(read_response_file(path).frame.columns) == WORKSHEET_COLUMNS
