"""The coder's worksheet as an Excel workbook a coder can use without the README.

The first sheet, *Codeerblad*, is the one the pipeline reads back (`docs/data-formats.md`):
one header row, one row per open answer, nothing merged. Everything else is there for the
coder and is never read:

- the question's text beside each answer, and the codes allowed on it with their labels;
- a drop-down in `codes` with exactly the codes allowed on that answer's question and
  `geen` (an Excel list validation per question, whose items stand on the hidden sheet
  *Keuzelijsten*, so a list is not limited to Excel's 255 characters of an inline list).
  A list validation holds one value per cell, and an answer can carry several codes: the
  validation therefore *warns* rather than refuses, so `code; code` can still be typed,
  while a typing error is caught the moment it is made. The build checks every code again;
- a drop-down `ja`/`nee` in `citeerbaar`;
- a sheet *Instructies* in Dutch and a sheet *Codelijst* with every code, its label, theme
  and questions;
- a frozen header and answer id, readable column widths, wrapped text and a filter.

Cells are written as text, so an answer that starts with `=` never becomes a formula: a text
a spreadsheet would evaluate gets Excel's quote prefix (`enquete.cell_safety`); in the CSV
worksheet it gets a quote in front, which `enquete.analysis.coding.read_worksheet_file`
removes again. The workbook is stamped with a fixed moment, so the same worksheet is the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from copy import copy
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from enquete.analysis.coding import NO_CODE, allowed_codes
from enquete.cell_safety import evaluable, line_feeds
from enquete.codebook import Codebook
from enquete.tables import normalise_zip, write_atomically, write_csv

SHEET = "Codeerblad"
INSTRUCTIONS = "Instructies"
CODE_LIST = "Codelijst"
CHOICES = "Keuzelijsten"
# Column widths in characters; wrapped columns keep long text readable in a narrow column.
WIDTHS = {
    "answer_id": 20,
    "thema": 16,
    "vraag": 36,
    "tekst": 60,
    "suggesties": 26,
    "toegestane codes": 48,
    "codes": 34,
    "citeerbaar": 11,
    "opmerking": 32,
}
WRAPPED = {"thema", "vraag", "tekst", "suggesties", "toegestane codes", "codes", "opmerking"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# Excel refuses a file whose validation messages are longer than these (characters).
MAX_TITLE, MAX_PROMPT, MAX_ERROR = 32, 255, 225
CODES_PROMPT = (
    "Kies een code uit de lijst (uitleg in de kolom toegestane codes). Meer codes? Typ ze "
    "gescheiden door ; en kies Ja als Excel vraagt of u wilt doorgaan. Past geen code: geen. "
    "Leeg = nog niet gecodeerd."
)
CODES_ERROR = (
    "Dit is niet één code uit de lijst van deze vraag. Meerdere codes gescheiden door ; zijn "
    "goed: kies Ja. Een tikfout? Kies Nee en verbeter de code."
)
QUOTABLE_PROMPT = "ja: het antwoord mag (geanonimiseerd) als citaat op de site. Anders leeg laten."
QUOTABLE_ERROR = "Vul ja in als het antwoord geciteerd mag worden; laat de cel anders leeg."
INSTRUCTION_LINES = [
    ("Codeerblad: zo codeert u de open antwoorden", True),
    ("", False),
    (
        "Op het blad Codeerblad staat elk open antwoord op een eigen rij, met het thema, de vraag "
        "zoals de gemeente die kreeg, en de tekst van het antwoord.",
        False,
    ),
    ("1. Lees het antwoord in de kolom tekst bij de vraag in de kolom vraag.", False),
    (
        "2. Kies in de kolom codes de code die past. Klik op de cel: het pijltje opent een lijst "
        "met alleen de codes die bij deze vraag horen. Wat elke code betekent staat in de kolom "
        "toegestane codes en op het blad Codelijst.",
        False,
    ),
    (
        "3. Passen er meer codes? Typ ze in dezelfde cel, gescheiden door een puntkomma, "
        "bijvoorbeeld: financien.voorschotten; financien.kostendelersnorm. Excel vraagt dan of u "
        "wilt doorgaan: kies Ja.",
        False,
    ),
    (
        f"4. Past geen enkele code? Vul {NO_CODE} in. Laat de cel alleen leeg zolang u het "
        "antwoord nog niet hebt gecodeerd: een leeg antwoord telt als nog niet gecodeerd.",
        False,
    ),
    (
        "5. De kolom suggesties noemt codes waarvan een trefwoord in het antwoord staat. Dat is "
        "alleen een hulpmiddel: beslis zelf wat de gemeente bedoelt.",
        False,
    ),
    (
        "6. Kolom citeerbaar: kies ja als het antwoord als citaat in het rapport mag. Namen van "
        "gemeenten, personen, e-mailadressen en telefoonnummers worden vóór publicatie "
        "weggelaten. Anders laat u de cel leeg.",
        False,
    ),
    (
        "7. Kolom opmerking: ruimte voor uw toelichting, bijvoorbeeld waarom u twijfelt. Die "
        "wordt niet gepubliceerd.",
        False,
    ),
    ("", False),
    ("Let op", True),
    (
        "- Codeer zelfstandig: bespreek de antwoorden pas met de andere codeur als u beiden klaar "
        "bent. Daarna worden de verschillen samen vastgelegd.",
        False,
    ),
    (
        "- Verander niets in de kolom answer_id, verwijder of verplaats geen kolommen en zet niets "
        "boven de kopregel. Rijen sorteren of filteren mag.",
        False,
    ),
    ("- Sla het bestand op als Excel-werkmap (.xlsx) met dezelfde naam.", False),
    (
        "- Komen er later nieuwe antwoorden bij, dan worden die onderaan toegevoegd; wat u al "
        "hebt ingevuld blijft precies zoals het is.",
        False,
    ),
    (
        "- Klopt er iets niet (een onbekende code, een code die niet bij de vraag hoort), dan "
        "noemt de rapportage het bestand, de rij en de code.",
        False,
    ),
]


def write_worksheet_file(frame: pd.DataFrame, path: Path, codebook: Codebook, epoch: int) -> None:
    """A coder's worksheet as XLSX (for Excel) or CSV, by the file's suffix; written atomically."""
    if path.suffix.lower() == ".xlsx":
        write_atomically(path, worksheet_workbook(frame, codebook, epoch))
    else:
        write_csv(frame, path)


def worksheet_workbook(frame: pd.DataFrame, codebook: Codebook, epoch: int) -> bytes:
    """The workbook's bytes: Codeerblad first (read back), then the coder's help."""
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    write_answers(sheet, frame)
    write_instructions(book.create_sheet(INSTRUCTIONS))
    write_code_list(book.create_sheet(CODE_LIST), codebook)
    lists = book.create_sheet(CHOICES)
    ranges = write_choice_lists(lists, allowed_codes(codebook))
    lists.sheet_state = "hidden"
    add_drop_downs(sheet, frame, ranges)
    book.properties.created = book.properties.modified = moment
    book.properties.creator = "enquete"
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), moment)


def put_text(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """A cell as the coder typed or will read it: text stays text, never a formula."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return
    if isinstance(value, str):
        value = line_feeds(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = evaluable(value)


def write_header(sheet: Worksheet, names: list[str], widths: dict[str, int]) -> None:
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(name, 20)


def write_answers(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """The sheet that is read back: header, one row per answer, wrapped text, frozen header."""
    names = [str(name) for name in frame.columns]
    write_header(sheet, names, WIDTHS)
    alignments = {True: Alignment(vertical="top", wrap_text=True), False: Alignment(vertical="top")}
    styles: dict[tuple[bool, bool], StyleArray] = {}  # one style per kind of column (and quote
    for row, values in enumerate(frame.itertuples(index=False), start=2):  # prefix), copied to
        for column, (name, value) in enumerate(zip(names, values, strict=True), start=1):  # each
            put_text(sheet, row, column, value)  # cell: a style per cell costs a lookup in the
            cell = sheet.cell(row=row, column=column)  # workbook's styles
            kind = (name in WRAPPED, bool(cell.quotePrefix))
            if kind not in styles:
                cell.alignment = alignments[kind[0]]
                styles[kind] = copy(cell._style)
            cell._style = copy(styles[kind])
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(frame) + 1}"


def write_instructions(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(INSTRUCTION_LINES, start=1):
        put_text(sheet, row, 1, text)
        cell = sheet.cell(row=row, column=1)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.font = Font(bold=bold, size=14 if row == 1 else 11)


def write_code_list(sheet: Worksheet, codebook: Codebook) -> None:
    """Every code a coder may give: its label, theme and the questions it belongs to."""
    themes = {theme.id: theme.title for theme in codebook.themes}
    questions = {question.id: question.text for question in codebook.questions}
    write_header(
        sheet,
        ["code", "omschrijving", "thema", "bij de vraag"],
        {"code": 42, "omschrijving": 60, "thema": 22, "bij de vraag": 60},
    )
    rows = [
        (figure.id, figure.label, themes[figure.theme], "\n".join(questions[q] for q in figure.coded_from))
        for figure in codebook.figures
        if figure.is_coded
    ]
    rows.append((NO_CODE, "geen van de codes past bij het antwoord", "elk thema", "elke vraag"))
    for row, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            put_text(sheet, row, column, value)
            sheet.cell(row=row, column=column).alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"


def write_choice_lists(sheet: Worksheet, allowed: dict[str, list[str]]) -> dict[str, str]:
    """One column per open question: its codes and `geen`; returns each list's cell range."""
    ranges = {}
    for column, (question, codes) in enumerate(sorted(allowed.items()), start=1):
        items = [*codes, NO_CODE]
        put_text(sheet, 1, column, question)
        for row, code in enumerate(items, start=2):
            put_text(sheet, row, column, code)
        letter = get_column_letter(column)
        ranges[question] = f"{quote_sheetname(CHOICES)}!${letter}$2:${letter}${len(items) + 1}"
    return ranges


def question_of(answer_id: str) -> str:
    """An answer id is `<response id>.<question id>`; question ids hold no dot."""
    return str(answer_id).rsplit(".", 1)[-1]


def cell_ranges(column: str, rows: list[int]) -> list[str]:
    """Rows as Excel ranges of one column, consecutive rows joined: `G2:G40`, `G45`."""
    parts, start = [], None
    for index, row in enumerate(rows):
        if start is None:
            start = row
        if index + 1 == len(rows) or rows[index + 1] != row + 1:
            parts.append(f"{column}{start}" if start == row else f"{column}{start}:{column}{row}")
            start = None
    return parts


def add_drop_downs(sheet: Worksheet, frame: pd.DataFrame, ranges: dict[str, str]) -> None:
    """A list validation per question on `codes`, and ja/nee on `citeerbaar`."""
    columns = {str(name): get_column_letter(index) for index, name in enumerate(frame.columns, start=1)}
    rows_of: dict[str, list[int]] = {}
    for row, answer_id in enumerate(frame["answer_id"], start=2):
        question = question_of(answer_id)
        if question in ranges:
            rows_of.setdefault(question, []).append(row)
    if "codes" in columns:
        for question, rows in sorted(rows_of.items()):
            validation = DataValidation(type="list", formula1=ranges[question], allow_blank=True)
            explain(validation, "Codes bij deze vraag", CODES_PROMPT, "Code niet in de lijst", CODES_ERROR)
            validation.errorStyle = "warning"
            for cells in cell_ranges(columns["codes"], rows):
                validation.add(cells)
            sheet.add_data_validation(validation)
    if "citeerbaar" in columns and len(frame):
        validation = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
        explain(validation, "Citeerbaar?", QUOTABLE_PROMPT, "Alleen ja of leeg", QUOTABLE_ERROR)
        validation.add(f"{columns['citeerbaar']}2:{columns['citeerbaar']}{len(frame) + 1}")
        sheet.add_data_validation(validation)


def explain(validation: DataValidation, prompt_title: str, prompt: str, error_title: str, error: str) -> None:
    """The messages Excel shows on a validated cell, within the lengths Excel accepts."""
    if (
        max(len(prompt_title), len(error_title)) > MAX_TITLE
        or len(prompt) > MAX_PROMPT
        or len(error) > MAX_ERROR
    ):
        raise ValueError("a data-validation message is longer than Excel accepts")
    validation.promptTitle, validation.prompt = prompt_title, prompt
    validation.errorTitle, validation.error = error_title, error
    validation.showInputMessage = validation.showErrorMessage = True
