"""The three generated sections of a theme page, each with its own figures, chart and table.

A theme page answers three questions: which knelpunten gemeenten recognise, which solutions
they have, and which national support they want. One chart that mixed all three read as if
a wish were a knelpunt; so every section gets its own chart (with caption, text alternative,
table and download), and a section whose open answers count in no figure says only what is
true about that.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from enquete.publish.charts import theme_chart


@dataclass(frozen=True)
class Section:
    """One generated section of a theme page."""

    id: str  # the questionnaire's section of the open answers: knelpunten, oplossingen, ondersteuning
    kinds: tuple[str, ...]  # the figure kinds shown in it
    suffix: str  # of the chart id and its download: grafiek-<theme><suffix>
    subject: str  # what the chart shows, in Dutch


SECTIONS = (
    Section("knelpunten", ("herkenning", "situatie", "actie", "nuance"), "", "knelpunten"),
    Section("oplossingen", ("oplossing",), "-oplossingen", "oplossingen"),
    Section("ondersteuning", ("ondersteuning",), "-ondersteuning", "gewenste landelijke ondersteuning"),
)

MENTION_NOTE = (
    "Zelf genoemd: de centrumgemeente noemde dit uit zichzelf in een open antwoord. De basis is "
    "dan het aantal centrumgemeenten dat het thema bereikte, niet het aantal dat het ermee oneens "
    "was: wie iets niet noemde, kan het er wel mee eens zijn."
)


def chart_key(theme_id: str, section: Section) -> str:
    """The chart's name: `grafiek-<key>` on the page, `grafiek-<key>-<year>` as download."""
    return f"{theme_id}{section.suffix}"


NOT_COUNTED_NOTE = "Over deze vraag geeft dit rapport geen aantallen."


def coverage_note(rows: list[dict], has_figures: bool) -> str:
    """What a section says about open answers that count in no figure: only what is true.

    A question from which the codebook counts no figure (no code beyond `geen`) was answered
    and read, but is not counted: the page says that this report gives no numbers for it —
    never that the answers were "not coded", which is a step of the work, not a fact about the
    gemeenten. The template shows the note only where the section would otherwise be empty
    (no text of its own, no quotes, no examples). A section with figures whose answers are
    partly coded says its figures are provisional (a concept build only: a final build refuses
    them). (Open answers beside closed-question figures that no figure counts are
    illustrations: quotes, not a gap.)
    """
    answered = sum(int(row["answers"]) for row in rows)
    if not answered:
        return ""
    uncounted = all(row["counted"] == "nee" for row in rows)
    pending = sum(int(row["pending"]) for row in rows)
    if not has_figures and uncounted:
        return NOT_COUNTED_NOTE
    if pending and has_figures:
        return (
            "Nog niet alle antwoorden op deze vraag zijn definitief gecodeerd; "
            "de cijfers hieronder zijn voorlopig."
        )
    return ""


def uncounted(year: str, theme_id: str, rows: list[dict], has_figures: bool) -> bool:
    """Whether answered questions of a section count in no figure; tells the researcher so.

    The console names the questions and what the page says, so that a researcher who expected
    figures there adds codes for the question to the codebook.
    """
    answered = sum(int(row["answers"]) for row in rows)
    silent = bool(answered) and coverage_note(rows, has_figures) == NOT_COUNTED_NOTE
    if silent:
        questions = ", ".join(row["question"] for row in rows)
        print(
            f"wave {year}, theme {theme_id}: the codebook has no code beyond 'geen' for {questions} "
            f"({answered} answers): the page gives no figures there (and says so only if the section "
            "is otherwise empty); add codes to the codebook to count these answers.",
            file=sys.stderr,
        )
    return silent


def empty_note(section: Section, rows: list[dict]) -> str:
    """The sentence for a section without figures, quotes or answers."""
    if sum(int(row["answers"]) for row in rows):
        return ""
    if section.id == "ondersteuning":
        return "Geen centrumgemeente noemde bij dit thema een wens voor landelijke ondersteuning."
    return ""


def section_contexts(report, theme, coverage: pd.DataFrame) -> dict[str, dict]:
    """Per section id: its claims, chart, chart table rows, quotes and notes.

    `report` is the wave's `WaveReport`; figures are numbered per theme in page order
    (Figuur 2.1, 2.2 …), counting only sections that have a chart.
    """
    result = {}
    number = 0
    for section in SECTIONS:
        claims = report.claims(theme.id, section.kinds)
        rows = report.charted(theme.id, section.kinds)
        covered = coverage[(coverage["theme"] == theme.id) & (coverage["section"] == section.id)]
        covered_rows = covered.to_dict("records")
        quotes = report.quotes_of(theme.id, section.id)
        chart = ""
        if rows:
            number += 1
            title = f"{theme.title}, {section.subject}"
            chart = Markup(theme_chart(chart_key(theme.id, section), rows, title))
        result[section.id] = {
            "section": section,
            "claims": claims,
            # a mention nobody made is no sentence ("Geen centrumgemeente noemt …" nine times);
            # such figures stay in the chart and the table, and are listed once
            "stated": [claim for claim in claims if claim.count or not claim.mention],
            "unmentioned": [claim for claim in claims if claim.mention and not claim.count],
            "chart": chart,
            "figure_number": f"{theme.chapter}.{number}" if rows else "",
            "chart_id": chart_key(theme.id, section),
            "chart_download": f"grafiek-{chart_key(theme.id, section)}-{report.wave.year}",
            "mentions": any(claim.mention for claim in claims),
            "quotes": quotes,
            "coverage_note": coverage_note(covered_rows, bool(claims)),
            "uncounted": uncounted(report.wave.year, theme.id, covered_rows, bool(claims)),
            "empty_note": "" if claims or quotes else empty_note(section, covered_rows),
        }
    return result


def chart_tables(report, theme) -> list[tuple[str, str, list[dict]]]:
    """(download stem, title, chart rows) of every chart of a theme page."""
    tables = []
    number = 0
    for section in SECTIONS:
        rows = report.charted(theme.id, section.kinds)
        if rows:
            number += 1
            title = f"Figuur {theme.chapter}.{number}. {theme.title}: {section.subject}"
            tables.append((f"grafiek-{chart_key(theme.id, section)}", title, rows))
    return tables
