"""The next wave's questionnaire as an XLSForm: the form format of ODK, KoboToolbox and Enketo.

Every name in the form is the codebook's: a question's `name` is its id, a theme is a group
named by the theme's id, and an answer's `name` is its code in the codebook's scale ("weet
niet / geen antwoord" included, with its missing code). An export of the filled-in form
therefore carries the codebook's question ids (behind the group, `toegang/t_verblijfsstatus`
or `toegang-t_verblijfsstatus`, which the ingest removes) and the codebook's codes, and the
build reads it without any `columns:` or `values:` mapping. A follow-up question (`asked_if`
in the codebook) is asked only after the answers it follows (`relevant`).

The workbook has the three sheets of the XLSForm standard (https://xlsform.org): survey,
choices and settings. Its bytes depend only on the codebook, the population list and the
wave, so generating it twice gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from enquete.cell_safety import evaluable
from enquete.codebook import Codebook, Question
from enquete.tables import normalise_zip

GEMEENTE = "gemeente"  # the question and its choice list: the ingest's default gemeente column
SURVEY_COLUMNS = ["type", "name", "label", "hint", "relevant", "required", "appearance"]
CHOICE_COLUMNS = ["list_name", "name", "label"]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "style"]


def relevant(question: Question) -> str:
    """The XLSForm condition under which a follow-up question is asked ('' for every question)."""
    if question.asked_if is None:
        return ""
    parent, answers = question.asked_if
    return " or ".join(f"selected(${{{parent}}}, '{code}')" for code in answers)


def survey_rows(codebook: Codebook) -> list[dict[str, str]]:
    """The gemeente first, then one group per theme with its questions in the codebook's order."""
    rows = [
        {
            "type": f"select_one {GEMEENTE}",
            "name": GEMEENTE,
            "label": "Namens welke centrumgemeente vult u de vragenlijst in?",
            "required": "yes",
            "appearance": "minimal",
        }
    ]
    for theme in codebook.themes:
        rows.append({"type": "begin_group", "name": theme.id, "label": f"{theme.chapter}. {theme.title}"})
        for question in codebook.questions_of(theme.id):
            row = {"name": question.id, "label": question.text, "relevant": relevant(question)}
            if question.is_closed:
                row["type"] = f"select_one {question.scale}"
            else:
                row |= {"type": "text", "appearance": "multiline"}
            rows.append(row)
        rows.append({"type": "end_group", "name": theme.id})
    return rows


def choice_rows(codebook: Codebook, gemeenten: list[str]) -> list[dict[str, str]]:
    """The scales of the closed questions, with the codebook's codes, then the gemeenten."""
    used = list(dict.fromkeys(question.scale for question in codebook.questions if question.is_closed))
    rows = [
        {"list_name": scale, "name": str(code), "label": label}
        for scale in used
        for code, label in codebook.scales[scale].values.items()
    ]
    return rows + [{"list_name": GEMEENTE, "name": name, "label": name} for name in gemeenten]


def settings_row(codebook: Codebook, year: str, title: str) -> dict[str, str]:
    return {
        "form_title": f"{title} {year}",
        "form_id": f"enquete_{year}",
        "version": codebook.version,
        "style": "pages",  # Enketo and KoboToolbox: one theme per page
    }


def write_sheet(sheet: Worksheet, columns: list[str], rows: list[dict[str, str]]) -> None:
    sheet.append(columns)
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(columns, start=1):
            value = row.get(name, "")
            if value:
                cell = sheet.cell(row=number, column=column, value=value)
                cell.data_type = "s"  # text, never a formula, whatever the codebook says
                cell.quotePrefix = evaluable(value)


def xlsform_workbook(codebook: Codebook, gemeenten: list[str], year: str, title: str, epoch: int) -> bytes:
    """The XLSForm's bytes, the same for the same codebook, gemeenten and wave."""
    book = Workbook()
    write_sheet(book.active, SURVEY_COLUMNS, survey_rows(codebook))
    book.active.title = "survey"
    write_sheet(book.create_sheet("choices"), CHOICE_COLUMNS, choice_rows(codebook, gemeenten))
    write_sheet(book.create_sheet("settings"), SETTINGS_COLUMNS, [settings_row(codebook, year, title)])
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        for letter, width in zip("ABC", (22, 28, 80), strict=True):
            sheet.column_dimensions[letter].width = width
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    book.properties.created = book.properties.modified = moment
    book.properties.creator = "enquete"
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), moment)
