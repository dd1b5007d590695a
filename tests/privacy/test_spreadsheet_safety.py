"""Spreadsheet safety: no CSV or XLSX the project writes runs anything when it is opened.

Hypothesis writes cell texts the way an attacker would — `=`, `+`, `-`, `@`, a tab or a
carriage return first, behind spaces, invisible characters or quotes, in full-width, small
and dash forms — and every writer (internal tables, downloads, the coder's worksheet) must
defuse each one, keep numbers numbers, and give the original text back when read. The gate
refuses a published file in which one slipped through, naming file, sheet and cell.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.analysis.coder_workbook import write_worksheet_file
from enquete.analysis.coding import merge_worksheet, read_coder_file, read_worksheet_file, worksheet
from enquete.cell_safety import evaluable, needs_prefix, neutralise, restore
from enquete.ingest.characters import cell_problem
from enquete.privacy.gate import Consents, Gate, population_matcher
from enquete.privacy.spreadsheet_safety import csv_problems, spreadsheet_problems, workbook_problems
from enquete.tables import download_csv_bytes, read_csv, write_csv, xlsx_bytes
from tests.analysis.test_coder_workbook import ANSWERS, CODEBOOK, EPOCH
from tests.privacy.test_adversarial_privacy import site_checksums, site_step
from tests.workflow.test_failures import command, mini_project

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "−", "–", "—"]
LEADING = ["", " ", "  ", "\u00a0", "\u3000", "\n", "\u200b", "\ufeff", "\u00ad", "'", "''", " '", "＇"]
TAILS = [
    'HYPERLINK("https://evil.example/x";"Klik")',
    "1+1",
    "SUM(A1:A9)",
    "cmd|' /C calc'!A0",
    " punt van aandacht",
    "",
    "1",
    "2,5",
]

dangerous = st.builds(
    lambda lead, trigger, tail: lead + trigger + tail,
    st.sampled_from(LEADING),
    st.sampled_from(TRIGGERS),
    st.sampled_from(TAILS) | st.text(max_size=20),
)
any_text = dangerous | st.text(max_size=30)
# what can enter the build: ingest refuses control characters (enquete.ingest.characters)
storable = any_text.filter(lambda text: cell_problem(text) is None)


def in_csv(text: str) -> str:
    """A text as a CSV cell holds it: one kind of line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def numbers_kept(text: str) -> bool:
    try:
        float(text.strip().replace(",", "."))
    except ValueError:
        return False
    return text.strip().isascii()


# ------------------------------------------------------------- the rule itself


@SETTINGS
@given(any_text)
def test_a_written_cell_never_evaluates_and_reads_back_as_it_was(text: str) -> None:
    written = neutralise(text)
    assert not evaluable(written)
    assert restore(written) == text
    assert written == text or written == "'" + text


@SETTINGS
@given(dangerous)
def test_every_formula_variant_is_caught_unless_it_is_a_plain_number(text: str) -> None:
    if numbers_kept(text.lstrip("'＇ \u00a0\u3000\n\u200b\ufeff\u00ad")):
        return
    assert needs_prefix(text)
    if not text.lstrip(" \u00a0\u3000\n\u200b\ufeff\u00ad").startswith(("'", "＇")):
        assert evaluable(text)


@pytest.mark.parametrize("number", ["-1", "-12", "+3", "-2,5", "-0.5", "-1e3", "-5%", " -1"])
def test_a_plain_number_is_no_formula(number: str) -> None:
    assert neutralise(number) == number


@pytest.mark.parametrize(
    "text", ["Gewone tekst", "'s-Hertogenbosch", "1-2 gemeenten", "e-mail", "a=b", "’t Zand"]
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text and restore(text) == text


def test_only_the_added_quote_is_removed() -> None:
    assert neutralise("'=1+1") == "''=1+1" and restore("''=1+1") == "'=1+1"
    assert restore("'Gewoon") == "'Gewoon"  # a quote the writer did not add stays


# ------------------------------------------------------------- the writers

frames = st.lists(st.tuples(storable, st.integers(-50, 50), storable), min_size=1, max_size=6).map(
    lambda rows: pd.DataFrame(
        {
            "tekst": [row[0] for row in rows],
            "aantal": pd.array([row[1] for row in rows], dtype="Int64"),
            "label": [row[2] for row in rows],
        }
    )
)


def texts_of(frame: pd.DataFrame) -> list[str]:
    return [str(value) for value in frame["tekst"]] + [str(value) for value in frame["label"]]


@SETTINGS
@given(frames)
def test_internal_tables_are_safe_and_read_back_exactly(frame: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as folder:  # hypothesis runs the body many times
        target = Path(folder) / "tabel.csv"
        write_csv(frame, target)
        assert csv_problems(target.read_bytes()) == []
        back = read_csv(target)
    assert back["tekst"].tolist() == [in_csv(text) for text in frame["tekst"]]
    assert back["label"].tolist() == [in_csv(text) for text in frame["label"]]
    assert back["aantal"].tolist() == [str(n) for n in frame["aantal"]]


@SETTINGS
@given(frames)
def test_download_csv_is_safe_and_numbers_stay_numbers(frame: pd.DataFrame) -> None:
    data = download_csv_bytes(frame)
    assert csv_problems(data) == []
    parsed = pd.read_csv(io.BytesIO(data), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert parsed["aantal"].tolist() == [str(n) for n in frame["aantal"]]  # -3, never '-3
    assert [restore(value) for value in parsed["tekst"]] == [in_csv(text) for text in frame["tekst"]]


@SETTINGS
@given(frames)
def test_download_workbook_holds_text_as_strings_never_formulas(frame: pd.DataFrame) -> None:
    data = xlsx_bytes({"Tabel": frame, "Toelichting": frame[["label"]]}, EPOCH)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Tabel"]
    for row, original in enumerate(frame.itertuples(index=False), start=2):
        for column, expected in ((1, original.tekst), (3, original.label)):
            cell = sheet.cell(row=row, column=column)
            if expected == "":
                continue
            assert cell.data_type == "s" and cell.value == in_csv(expected)
            assert bool(cell.quotePrefix) == evaluable(in_csv(expected))
        number = sheet.cell(row=row, column=2)
        assert number.data_type == "n" and number.value == original.aantal
    assert not any(b"<f>" in data for data in zip_parts(data).values())


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# ------------------------------------------------------------- the coder's worksheet

DANGEROUS_ANSWERS = [
    '=HYPERLINK("https://evil.example";"Klik")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=al een quote",
    "''+twee quotes",
    "-1",
    " \t=na een tab",
    "－ full-width min",
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_worksheet_defuses_answers_and_reads_them_back_unchanged(tmp_path: Path, suffix: str) -> None:
    answers = ANSWERS.head(len(DANGEROUS_ANSWERS)).copy()
    answers["text"] = DANGEROUS_ANSWERS
    path = tmp_path / f"codeur{suffix}"
    fresh = worksheet(answers, CODEBOOK)
    write_worksheet_file(fresh, path, CODEBOOK, EPOCH)
    assert spreadsheet_problems(path) == []
    assert read_worksheet_file(path)["tekst"].tolist() == DANGEROUS_ANSWERS
    # running `enquete worksheet` again keeps the texts as they are, without a second quote
    merged = merge_worksheet(read_worksheet_file(path), worksheet(ANSWERS, CODEBOOK))
    write_worksheet_file(merged, path, CODEBOOK, EPOCH)
    again = read_worksheet_file(path)
    assert again["tekst"].tolist()[: len(DANGEROUS_ANSWERS)] == DANGEROUS_ANSWERS
    assert read_coder_file("codeur", str(path), ANSWERS, CODEBOOK).codes  # still read as a coder's file


def test_the_csv_worksheet_carries_the_quote_in_the_file(tmp_path: Path) -> None:
    answers = ANSWERS.head(1).copy()
    answers["text"] = ['=HYPERLINK("https://evil.example";"Klik")']
    path = tmp_path / "codeur.csv"
    write_worksheet_file(worksheet(answers, CODEBOOK), path, CODEBOOK, EPOCH)
    assert """'=HYPERLINK(""https://evil.example"";""Klik"")""" in path.read_text(encoding="utf-8")


# ------------------------------------------------------------- the gate


def formula_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Tabel"
    book.active.append(["Omschrijving", "Aantal"])
    book.active.append(['=HYPERLINK("https://evil.example";"Klik")', 3])
    book.create_sheet("Toelichting").append(["-kolom zonder quote"])
    book.save(path)
    return path


def test_the_gate_refuses_a_formula_and_an_undefused_text_naming_sheet_and_cell(tmp_path: Path) -> None:
    problems = workbook_problems(formula_workbook(tmp_path / "cijfers.xlsx"))
    assert ("sheet 'Tabel', cell A2", "formula in a published workbook") in [p[:2] for p in problems]
    assert ("sheet 'Toelichting', cell A1", "text a spreadsheet evaluates, without quote prefix") in [
        p[:2] for p in problems
    ]


def test_the_gate_refuses_a_workbook_that_links_out(tmp_path: Path) -> None:
    path = tmp_path / "extern.xlsx"
    data = xlsx_bytes({"Tabel": pd.DataFrame({"a": ["x"]})}, EPOCH)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    assert [p[1:] for p in workbook_problems(path)] == [
        ("a workbook part that links out or runs code", "xl/externalLinks/externalLink1.xml")
    ]


def test_the_gate_refuses_an_undefused_csv_cell_by_row_and_column(tmp_path: Path) -> None:
    data = "\ufeffFiguur;Omschrijving;Aantal\nx.y; =1+1;-3\nx.z;'=1+1;4\n".encode()
    assert csv_problems(data) == [("row 2, column 'Omschrijving'", "cell a spreadsheet evaluates", " =1+1")]


def test_the_gate_names_file_sheet_and_cell_and_passes_the_project_own_downloads(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    population = pd.DataFrame({"gemeente": ["Aastad"], "contactpersoon": [""], "email": [""]})
    gate = Gate(population_matcher(population), Consents())
    frame = pd.DataFrame({"Omschrijving": ['=HYPERLINK("https://evil.example";"Klik")'], "Aantal": [-1]})
    (site / "downloads/goed.xlsx").write_bytes(xlsx_bytes({"Tabel": frame}, EPOCH))
    (site / "downloads/goed.csv").write_bytes(download_csv_bytes(frame))
    assert gate(site) == []
    formula_workbook(site / "downloads/fout.xlsx")
    described = [problem.describe() for problem in gate(site)]
    assert any(
        text.startswith("downloads/fout.xlsx, sheet 'Tabel', cell A2: formula in a published workbook")
        for text in described
    ), described


# ------------------------------------------------------------- a build with planted formulas

LABEL = '=HYPERLINK("https://evil.example/x";"Klik hier")'
ANSWER = "@SUM(1+1)*cmd|' /C calc'!A0 is wat wij zagen"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with a codebook label and an open answer that are formulas."""
    project = mini_project(tmp_path_factory.mktemp("formulas") / "project")
    codebook = project / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace("label: Knelpunt A", f"label: '{LABEL}'"), encoding="utf-8")
    phone = project / "telefonisch.csv"
    phone.write_text(
        phone.read_text(encoding="utf-8").replace("Krapte speelt niet.", f'"{ANSWER}"'), encoding="utf-8"
    )
    result = subprocess.run(
        command(project),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ENQUETE_CHROMIUM": "off"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.mark.slow
def test_no_written_spreadsheet_of_a_build_holds_a_live_formula(planted: Path) -> None:
    written = [
        path
        for folder in ("processed", "analysis", "report", "site")
        for path in sorted((planted / folder).rglob("*"))
        if path.suffix in (".csv", ".xlsx")
    ]
    assert any(path.parent.name == "downloads" for path in written)
    problems = {str(path.relative_to(planted)): spreadsheet_problems(path) for path in written}
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.slow
def test_the_planted_label_is_published_as_text(planted: Path) -> None:
    downloads = planted / "site/downloads"
    csv_text = (downloads / "cijfers-2017.csv").read_text(encoding="utf-8-sig")
    assert ";\"'" + LABEL.replace('"', '""') + '";' in csv_text  # quoted by the CSV writer: it holds ;
    sheet = openpyxl.load_workbook(downloads / "cijfers-2017.xlsx")["Tabel"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == LABEL]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    ledger = read_csv(planted / "analysis/2017/figures.csv").set_index("figure_id")
    assert ledger.loc["toegang.status", "label"] == LABEL  # the pipeline reads the text back


@pytest.mark.slow
def test_the_planted_answer_is_text_in_the_worksheet(planted: Path) -> None:
    sheet = openpyxl.load_workbook(planted / "analysis/2017/codeerblad.xlsx")["Codeerblad"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == ANSWER]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert "'" + ANSWER in (planted / "analysis/2017/codeerblad.csv").read_text(encoding="utf-8")
    assert ANSWER in read_worksheet_file(planted / "analysis/2017/codeerblad.csv")["tekst"].tolist()


@pytest.mark.slow
def test_the_site_step_refuses_a_formula_download_and_keeps_the_site(planted: Path, tmp_path: Path) -> None:
    project = Path(shutil.copytree(planted, tmp_path / "project", symlinks=True))
    before = site_checksums(project)
    downloads = project / "report/docs/downloads"
    formula_workbook(downloads / "extra.xlsx")
    (downloads / "extra.csv").write_bytes("\ufeffKolom;Aantal\n@SUM(1+1);3\n".encode())
    result = site_step(project)
    assert result.returncode == 1, result.stdout + result.stderr
    message = " ".join(result.stderr.split())
    assert "downloads/extra.xlsx, sheet 'Tabel', cell A2: formula in a published workbook" in message
    assert (
        "downloads/extra.csv, row 2, column 'Kolom': cell a spreadsheet evaluates; found '@SUM(1+1)'"
        in message
    )
    assert site_checksums(project) == before
