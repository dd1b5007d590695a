"""The next wave's questionnaire on paper, for telephone interviews: HTML, and a PDF of it.

The interviewer reads each question aloud, ticks the answer, and afterwards types one line in
the wave's telephone file: in each question's column the code printed beside the chosen
answer. Columns and codes are the codebook's, so that file is read without any mapping.
The PDF is printed by the Chromium the report's PDF uses (`enquete.publish.pdf`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from enquete.codebook import Codebook, Question
from enquete.publish.browser import LAUNCH_ARGS, find_chromium

TEMPLATE = "vragenlijst.html.j2"


@dataclass(frozen=True)
class Interview:
    """The telephone file's own columns: the response id, the gemeente, the date, and the
    personal columns the ingest drops (the interviewer, the contact person)."""

    id_column: str = "id"
    gemeente_column: str = "gemeente"
    date_column: str = "datum_gesprek"
    personal_columns: tuple[str, ...] = ("contactpersoon", "interviewer")

    def fields(self, year: str) -> list[dict[str, str]]:
        shown = {
            self.id_column: "Respons-id (bijvoorbeeld T01, uniek in deze meting)",
            self.gemeente_column: "Gemeente (de naam zoals in de lijst van centrumgemeenten)",
            self.date_column: f"Datum van het gesprek (als {year}-10-05)",
        }
        shown |= {
            column: f"{column.capitalize()} (persoonsgegeven, komt niet in het rapport)"
            for column in self.personal_columns
        }
        return [{"kolom": column, "label": label} for column, label in shown.items() if column]

    def header(self, codebook: Codebook) -> str:
        columns = [self.id_column, self.gemeente_column, self.date_column, *self.personal_columns]
        return ",".join([column for column in columns if column] + [q.id for q in codebook.questions])


def condition(question: Question, codebook: Codebook, numbers: dict[str, int]) -> str:
    """The interviewer's instruction for a follow-up question, in Dutch."""
    if question.asked_if is None:
        return ""
    parent_id, answers = question.asked_if
    parent = codebook.question(parent_id)
    labels = codebook.scale_of(parent).values
    chosen = " of ".join(f"‘{labels[code]}’ (code {code})" for code in answers)
    return (
        f"Alleen stellen als het antwoord op vraag {numbers[parent_id]} {chosen} is; "
        f"anders overslaan en kolom {question.id} leeg laten."
    )


def page_data(codebook: Codebook, year: str, title: str, interview: Interview, telephone_file: str) -> dict:
    numbers = {question.id: number for number, question in enumerate(codebook.questions, start=1)}
    missing_labels = [
        scale.values[code] for scale in codebook.scales.values() for code in sorted(scale.missing)
    ]
    themes = []
    for theme in codebook.themes:
        questions = []
        for question in codebook.questions_of(theme.id):
            answers = (
                [{"code": code, "label": label} for code, label in codebook.scale_of(question).values.items()]
                if question.is_closed
                else []
            )
            questions.append(
                {
                    "id": question.id,
                    "nummer": numbers[question.id],
                    "tekst": question.text,
                    "alleen": condition(question, codebook, numbers),
                    "antwoorden": answers,
                }
            )
        themes.append({"kop": f"{theme.chapter}. {theme.title}", "vragen": questions})
    return {
        "titel": f"Vragenlijst {title} {year}",
        "ondertitel": "Telefonische afname",
        "bestand": telephone_file,
        "weet_niet": missing_labels[0] if missing_labels else "weet niet",
        "codeboek": codebook.source,
        "versie": codebook.version,
        "gesprek": interview.fields(year),
        "themas": themes,
        "kopregel": interview.header(codebook),
    }


def questionnaire_html(
    codebook: Codebook, year: str, title: str, interview: Interview, telephone_file: str
) -> str:
    """The printable questionnaire; every text is escaped (autoescape), whatever the codebook says."""
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template(TEMPLATE).render(
        **page_data(codebook, year, title, interview, telephone_file)
    )


def print_pdf(folder: Path, page: str, title: str, epoch: int) -> bytes | None:
    """The page printed on A4 by Chromium, dated `epoch`; None when there is no Chromium."""
    from enquete.publish.pdf import normalise, print_page

    chromium = find_chromium()
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        try:
            data = print_page(browser, folder, page, title, {})
        finally:
            browser.close()
    return normalise(data, epoch)


def epoch_of(year: str) -> int:
    """A wave that is not configured yet has no publication date: its instrument is dated
    1 January of its year, so that generating it twice gives the same files."""
    return int(dt.datetime(int(year), 1, 1, 12, tzinfo=dt.UTC).timestamp())
