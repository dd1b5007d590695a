"""Coding that contradicts its evidence: answers whose keyword suggestion no coder gave.

Two coders can agree and still both be wrong: in the 2019 demo both coded two answers that
ask the Rijk to steer the building of social housing as `geen`, and the theme page said no
centrumgemeente wanted that. The codebook's keyword rules had the evidence; nothing compared
it with the final codes. This module does: every answer on which a keyword rule suggests a
code that none of the coders gave is listed for review (`analysis/<wave>/te_controleren.csv`
and `.xlsx`), with what each coder gave.

A listed answer stays *open* until the researchers decide it in the reconciliation file
(`coding: reconciliation:`), exactly as they settle a disagreement: a row with the codes they
choose (the suggested code, or `geen` when the keyword matched by chance) and the reason in
`opmerking`. It is then *afgestemd* and stays in the sheet, so a reviewer sees what was
decided. The build summary says how many remain open.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from enquete.analysis.coding import NO_CODE, CoderFile, coded, suggestions
from enquete.codebook import Codebook
from enquete.tables import write_xlsx

REVIEW_FILE = "te_controleren"
OPEN, SETTLED = "open", "afgestemd"
REVIEW_COLUMNS = [
    "answer_id",
    "thema",
    "vraag",
    "tekst",
    "voorgestelde code",
    "betekenis",
    "codes van de codeurs",
    "definitieve codes",
    "status",
]
EXPLANATION = [
    "Bij deze antwoorden stelt een trefwoord uit het codeboek een code voor die geen van de "
    "codeurs heeft gegeven.",
    "Lees het antwoord opnieuw. Beslis in het afstemmingsbestand (coding: reconciliation in de "
    "configuratie), net als bij een onenigheid: een regel met de answer_id, de codes die u kiest "
    "(de voorgestelde code, of 'geen' als het trefwoord toevallig past) en de reden in 'opmerking'.",
    "Status 'open': nog niet besloten. Status 'afgestemd': besloten in het afstemmingsbestand.",
]


def review_list(
    answers: pd.DataFrame,
    files: list[CoderFile],
    reconciliation: CoderFile | None,
    final: pd.DataFrame,
    codebook: Codebook,
) -> pd.DataFrame:
    """One row per answer and suggested code that none of the coders gave.

    Answers nobody coded yet are left out: they are still to be coded, not to be reviewed.
    """
    sheets = [(file.coder, coded(file)) for file in files]
    decided = coded(reconciliation) if reconciliation else {}
    final_by_id = final.set_index("answer_id")["codes"].to_dict() if len(final) else {}
    labels = {figure.id: figure.label for figure in codebook.figures}
    themes = {theme.id: theme.title for theme in codebook.themes}
    questions = {question.id: question.text for question in codebook.questions}
    rows = []
    for answer in answers.itertuples():
        given = [(coder, sheet[answer.answer_id]) for coder, sheet in sheets if answer.answer_id in sheet]
        if not given:
            continue
        by_anyone = frozenset().union(*(codes for _, codes in given))
        for code in suggestions(answer.text, answer.question, codebook):
            if code in by_anyone:
                continue
            rows.append(
                {
                    "answer_id": answer.answer_id,
                    "thema": themes.get(answer.theme, answer.theme),
                    "vraag": questions.get(answer.question, answer.question),
                    "tekst": answer.text,
                    "voorgestelde code": code,
                    "betekenis": labels[code],
                    "codes van de codeurs": "; ".join(
                        f"{coder}: {'; '.join(sorted(codes)) or NO_CODE}" for coder, codes in given
                    ),
                    "definitieve codes": "; ".join(final_by_id.get(answer.answer_id, [])) or NO_CODE,
                    "status": SETTLED if answer.answer_id in decided else OPEN,
                }
            )
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)


def open_reviews(table: pd.DataFrame) -> int:
    """How many answers of a review list are still to be decided."""
    if table.empty:
        return 0
    return int(table.loc[table["status"] == OPEN, "answer_id"].nunique())


def write_review_workbook(table: pd.DataFrame, path: Path | str, epoch: int) -> None:
    """The review list as a workbook a researcher opens in Excel, with a sheet that explains it.

    Every text cell goes through the project's spreadsheet safety (`enquete.tables`): an answer
    that starts with `=` stays text.
    """
    explanation = pd.DataFrame({"Uitleg": EXPLANATION})
    write_xlsx({"Te controleren": table, "Uitleg": explanation}, path, epoch)
