"""The good examples of a wave: which open answers are examples, in what order, with
which title and whose consent to publish the gemeente's name."""

from __future__ import annotations

import pandas as pd

from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.readers import read_csv_input

EXAMPLE_COLUMNS = ["answer_id", "volgorde", "titel", "naam_publiceren"]


def read_examples(path: str, answers: pd.DataFrame) -> pd.DataFrame:
    file = require_file(path, "the examples file")
    shown = display_path(file)
    table = read_csv_input(file)
    check_columns(table, EXAMPLE_COLUMNS, shown)
    by_id = answers.set_index("answer_id")
    problems: list[Problem] = []
    rows = []
    for index, row in table.iterrows():
        line = index + 2
        answer_id = row["answer_id"].strip()
        if answer_id not in by_id.index:
            problems.append(
                Problem(
                    shown,
                    "unknown answer id",
                    row=line,
                    column="answer_id",
                    found=answer_id,
                    expected="the id of a non-empty open answer",
                )
            )
            continue
        if by_id.loc[answer_id, "section"] != "voorbeelden":
            problems.append(
                Problem(
                    shown,
                    "answer is not a good example",
                    row=line,
                    column="answer_id",
                    found=f"{answer_id} ({by_id.loc[answer_id, 'question']})",
                    expected="an answer to a question with section 'voorbeelden'",
                )
            )
        if not row["volgorde"].strip().isdigit():
            problems.append(
                Problem(
                    shown,
                    "order is not a number",
                    row=line,
                    column="volgorde",
                    found=row["volgorde"],
                    expected="a whole number",
                )
            )
        if not row["titel"].strip():
            problems.append(Problem(shown, "empty cell", row=line, column="titel", expected="a title"))
        if problems:
            continue
        answer = by_id.loc[answer_id]
        rows.append(
            {
                "theme": answer["theme"],
                "order": int(row["volgorde"]),
                "answer_id": answer_id,
                "respondent": answer["respondent"],
                "title": row["titel"].strip(),
                "name": row["naam_publiceren"].strip(),
                "text": answer["text"],
            }
        )
    problems += [
        Problem(
            shown, "answer listed twice", column="answer_id", found=answer, expected="one row per example"
        )
        for answer in sorted(set(table.loc[table["answer_id"].duplicated(keep=False), "answer_id"]))
    ]
    if problems:
        raise InputError(problems, remedy=f"correct {shown} and run again.")
    frame = pd.DataFrame(rows, columns=["theme", "order", "answer_id", "respondent", "title", "name", "text"])
    return frame.sort_values(["theme", "order", "answer_id"]).reset_index(drop=True)


def check_columns(table: pd.DataFrame, expected: list[str], shown: str) -> None:
    missing = [column for column in expected if column not in table.columns]
    if missing:
        raise InputError(
            [
                Problem(shown, "column missing", column=column, expected=f"columns {', '.join(expected)}")
                for column in missing
            ]
        )
