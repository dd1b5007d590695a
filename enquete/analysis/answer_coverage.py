"""How far the open answers of each question are coded into figures.

A theme page that says "geen cijfers of citaten" about national support, while gemeenten did
answer the question, hides what they asked for. This table tells the page (and the build)
per open question how many gemeenten answered it, how many answers carry a figure's code,
how many were finally coded as fitting no figure, and how many are not finally coded yet —
and whether the codebook counts any figure from the question at all.
"""

from __future__ import annotations

import pandas as pd

from enquete.codebook import Codebook

COVERAGE_COLUMNS = [
    "theme",
    "question",
    "section",
    "answers",
    "with_figure",
    "no_figure",
    "pending",
    "counted",
]
FIGURE_SECTIONS = ("knelpunten", "oplossingen", "ondersteuning")


def answer_coverage(tables: dict[str, pd.DataFrame], codebook: Codebook) -> pd.DataFrame:
    """One row per open question of a page section that figures can be counted from."""
    answers = tables["open_antwoorden"]
    answers = answers[answers["text"].str.strip() != ""]
    status = tables["codering_status"].set_index("answer_id")["status"]
    with_code = set(tables["codes"]["answer_id"])
    counted_from = {question for figure in codebook.figures for question in figure.coded_from}
    rows = []
    for question in codebook.questions:
        if question.is_closed or question.section not in FIGURE_SECTIONS:
            continue
        ids = list(answers.loc[answers["question"] == question.id, "answer_id"])
        pending = [a for a in ids if status.get(a, "ongecodeerd") != "definitief"]
        coded = [a for a in ids if a in with_code and a not in pending]
        rows.append(
            {
                "theme": question.theme,
                "question": question.id,
                "section": question.section,
                "answers": len(ids),
                "with_figure": len(coded),
                "no_figure": len(ids) - len(coded) - len(pending),
                "pending": len(pending),
                "counted": "ja" if question.id in counted_from else "nee",
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
