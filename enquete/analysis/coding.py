"""Coding open answers: worksheets, coders' files, agreement, reconciliation, suggestions.

Most figures of the report ("twee centrumgemeenten melden problemen met de
kostendelersnorm") and every quote come from open answers that researchers read and code.
This module keeps that work inside the reproducible pipeline:

- the *worksheet* lists every open answer with a stable id, its text and the codes the
  codebook's keyword rules suggest; a coder fills in `codes`, `citeerbaar` and `opmerking`;
- each coder's file is read and checked (unknown codes, unknown answers, duplicate rows);
- where two coders coded the same answers, every disagreement is listed (the agreement
  measures per code are in `enquete.analysis.agreement`);
- the *final* codes are those the coders agree on, or those the reconciliation file records
  for a disagreement; an answer without final codes is not coded yet, and the figures that
  depend on it are not final;
- the keyword suggestions are scored against the final codes (precision and recall), so
  the codebook's rules can be improved.

In a coder's file an empty `codes` cell means "not coded yet"; `geen` means "coded: no
knelpunt applies".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from enquete.analysis.answer_coverage import answer_coverage
from enquete.cell_safety import restore_frame
from enquete.codebook import Codebook
from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.readers import read_response_file

NO_CODE = "geen"
RECONCILIATION = "afstemming"  # the coder name under which the reconciliation is recorded
YES = {"ja", "j", "yes", "y", "x", "1"}
NO = {"", "nee", "n", "no", "0"}
WORKSHEET_COLUMNS = [
    "answer_id",
    "thema",
    "vraag",
    "tekst",
    "suggesties",
    "toegestane codes",
    "codes",
    "citeerbaar",
    "opmerking",
]


@dataclass(frozen=True)
class CoderFile:
    """One coder's work: answer id -> codes (None: not coded yet), quotable marks."""

    coder: str
    codes: dict[str, frozenset[str] | None]
    quotable: dict[str, bool]


def suggestions(text: str, question: str, codebook: Codebook) -> list[str]:
    """Codes whose keyword rules match the answer, among the codes allowed on its question."""
    folded = text.casefold()
    return sorted(
        figure.id
        for figure in codebook.figures
        if question in figure.coded_from and any(word.casefold() in folded for word in figure.keywords)
    )


def allowed_codes(codebook: Codebook) -> dict[str, list[str]]:
    """Per open question, the codes a coder may give on its answers, in codebook order."""
    allowed: dict[str, list[str]] = {q.id: [] for q in codebook.questions if not q.is_closed}
    for figure in codebook.figures:
        for question in figure.coded_from:
            allowed.setdefault(question, []).append(figure.id)
    return allowed


def code_choices(codes: list[str], labels: dict[str, str]) -> str:
    """The codes allowed on one answer with their labels, one per line, and `geen` last."""
    return "\n".join([*(f"{code} = {labels[code]}" for code in codes), f"{NO_CODE} = geen van deze codes"])


def worksheet(answers: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Every open answer with its question's text, allowed codes, suggestions and empty columns.

    The coder reads the question as the respondent did (its text, not its id) and sees which
    codes may be given; only `answer_id`, `codes` and `citeerbaar` are read back.
    """
    allowed = allowed_codes(codebook)
    labels = {figure.id: figure.label for figure in codebook.figures}
    questions = {question.id: question.text for question in codebook.questions}
    themes = {theme.id: theme.title for theme in codebook.themes}
    rows = [
        {
            "answer_id": row.answer_id,
            "thema": themes.get(row.theme, row.theme),
            "vraag": questions.get(row.question, row.question),
            "tekst": row.text,
            "suggesties": "; ".join(suggestions(row.text, row.question, codebook)),
            "toegestane codes": code_choices(allowed.get(row.question, []), labels),
            "codes": "",
            "citeerbaar": "",
            "opmerking": "",
        }
        for row in answers.itertuples()
    ]
    return pd.DataFrame(rows, columns=WORKSHEET_COLUMNS)


def merge_worksheet(existing: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """A coder's sheet updated with new answers: their rows stay exactly as they are."""
    existing = existing.fillna("").astype(str)
    known = set(existing["answer_id"])
    added = fresh[~fresh["answer_id"].isin(known)]
    columns = list(existing.columns) + [c for c in WORKSHEET_COLUMNS if c not in existing.columns]
    return pd.concat(
        [existing.reindex(columns=columns, fill_value=""), added.reindex(columns=columns, fill_value="")],
        ignore_index=True,
    )


def read_worksheet_file(path: Path | str) -> pd.DataFrame:
    """A coder's worksheet with the text of every cell as it was written.

    The CSV writer put a quote in front of texts a spreadsheet would evaluate
    (`enquete.cell_safety`); exactly that quote is removed. An XLSX cell holds the text itself
    (its quote prefix is a style).
    """
    frame = read_response_file(path).frame
    return restore_frame(frame) if Path(path).suffix.lower() == ".csv" else frame


def read_coder_file(coder: str, path: str, answers: pd.DataFrame, codebook: Codebook) -> CoderFile:
    """A coder's worksheet (XLSX or CSV), checked against the answers and the codebook."""
    file = require_file(path, f"the coding file of {coder}")
    shown = display_path(file)
    table = read_worksheet_file(file).fillna("")
    table = table.astype(str)
    missing = [c for c in ("answer_id", "codes", "citeerbaar") if c not in table.columns]
    if missing:
        raise InputError(
            [Problem(shown, "column missing", column=c, expected="the worksheet's columns") for c in missing]
        )
    questions = dict(zip(answers["answer_id"], answers["question"], strict=True))
    problems: list[Problem] = []
    codes: dict[str, frozenset[str] | None] = {}
    quotable: dict[str, bool] = {}
    first_row: dict[str, int] = {}
    for index, row in table.iterrows():
        line = int(index) + 2
        answer_id = row["answer_id"].strip()
        if not answer_id:
            continue
        if answer_id in first_row:
            problems.append(
                Problem(
                    shown,
                    "answer coded twice",
                    row=line,
                    column="answer_id",
                    found=answer_id,
                    expected=f"one row per answer (first at row {first_row[answer_id]})",
                )
            )
            continue
        first_row[answer_id] = line
        if answer_id not in questions:
            problems.append(
                Problem(
                    shown,
                    "unknown answer id",
                    row=line,
                    column="answer_id",
                    found=answer_id,
                    expected="the id of a non-empty open answer: <response id>.<question id>",
                )
            )
            continue
        mark = row["citeerbaar"].strip().casefold()
        if mark not in YES | NO:
            problems.append(
                Problem(
                    shown,
                    "unclear quotable mark",
                    row=line,
                    column="citeerbaar",
                    found=row["citeerbaar"],
                    expected="'ja' or empty",
                )
            )
        quotable[answer_id] = mark in YES
        given = [c.strip() for c in row["codes"].replace(",", ";").split(";") if c.strip()]
        if not given:
            codes[answer_id] = None
            continue
        real = [c for c in given if c.casefold() != NO_CODE]
        for code in real:
            if code not in codebook.code_ids:
                problems.append(
                    Problem(
                        shown,
                        "unknown code",
                        row=line,
                        column="codes",
                        found=code,
                        expected=f"a figure id of the codebook that has coded_from, or '{NO_CODE}'",
                    )
                )
            elif questions[answer_id] not in codebook.figure(code).coded_from:
                problems.append(
                    Problem(
                        shown,
                        "code does not belong to this question",
                        row=line,
                        column="codes",
                        found=f"{code} on {questions[answer_id]}",
                        expected=f"a code for one of {', '.join(codebook.figure(code).coded_from)}",
                    )
                )
        codes[answer_id] = frozenset(real)
    if problems:
        raise InputError(problems, remedy=f"correct {shown} and run again.")
    return CoderFile(coder, codes, quotable)


def coded(file: CoderFile) -> dict[str, frozenset[str]]:
    return {answer: codes for answer, codes in file.codes.items() if codes is not None}


def final_codes(
    files: list[CoderFile], reconciliation: CoderFile | None, answers: pd.DataFrame
) -> pd.DataFrame:
    """Per answer: the final codes, whether it may be quoted, and its status.

    status: definitief (coders agree, or the reconciliation decided), onenigheid (coders
    disagree and nothing was decided), ongecodeerd (nobody coded it yet).
    """
    decided = coded(reconciliation) if reconciliation else {}
    sheets = [(f, coded(f)) for f in files]
    rows = []
    for answer_id in answers["answer_id"]:
        given = [sheet[answer_id] for _, sheet in sheets if answer_id in sheet]
        if answer_id in decided:
            status, final = "definitief", decided[answer_id]
        elif not given:
            status, final = "ongecodeerd", frozenset()
        elif all(codes == given[0] for codes in given):
            status, final = "definitief", given[0]
        else:
            status, final = "onenigheid", frozenset()
        marks = [f.quotable.get(answer_id, False) for f in files]
        if reconciliation and answer_id in reconciliation.quotable and answer_id in decided:
            quotable = reconciliation.quotable[answer_id]
        else:
            quotable = any(marks)
        rows.append(
            {
                "answer_id": answer_id,
                "status": status,
                "codes": sorted(final),
                "quotable": quotable and status == "definitief",
                "coders": " ".join(f.coder for f, sheet in sheets if answer_id in sheet),
            }
        )
    return pd.DataFrame(rows, columns=["answer_id", "status", "codes", "quotable", "coders"])


def disagreements(files: list[CoderFile], final: pd.DataFrame) -> pd.DataFrame:
    """Every answer on which the coders' codes differ, with what each gave and the outcome."""
    final_by_id = final.set_index("answer_id")
    rows = []
    sheets = [coded(f) for f in files]
    for answer_id in sorted(set.intersection(*(set(s) for s in sheets)) if len(sheets) > 1 else []):
        given = [sheet[answer_id] for sheet in sheets]
        if all(codes == given[0] for codes in given):
            continue
        row = {"answer_id": answer_id}
        for file, codes in zip(files, given, strict=True):
            row[file.coder] = "; ".join(sorted(codes)) or NO_CODE
        outcome = final_by_id.loc[answer_id]
        row["final"] = "; ".join(outcome["codes"]) or NO_CODE if outcome["status"] == "definitief" else ""
        row["status"] = outcome["status"]
        rows.append(row)
    return pd.DataFrame(rows, columns=["answer_id", *(f.coder for f in files), "final", "status"])


def suggestion_quality(answers: pd.DataFrame, final: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per knelpunt: how the keyword suggestions compare with the final codes."""
    settled = final[final["status"] == "definitief"].set_index("answer_id")
    rows = []
    for figure in codebook.figures:
        if not figure.is_coded:
            continue
        relevant = answers[
            answers["question"].isin(figure.coded_from) & answers["answer_id"].isin(settled.index)
        ]
        suggested = {
            r.answer_id
            for r in relevant.itertuples()
            if figure.id in suggestions(r.text, r.question, codebook)
        }
        actual = {a for a in relevant["answer_id"] if figure.id in settled.loc[a, "codes"]}
        both = len(suggested & actual)
        rows.append(
            {
                "code": figure.id,
                "answers": len(relevant),
                "suggested": len(suggested),
                "coded": len(actual),
                "suggested_and_coded": both,
                "precision": round(both / len(suggested), 4) if suggested else math.nan,
                "recall": round(both / len(actual), 4) if actual else math.nan,
            }
        )
    return pd.DataFrame(
        rows, columns=["code", "answers", "suggested", "coded", "suggested_and_coded", "precision", "recall"]
    )


def coder_files_from(table: pd.DataFrame) -> tuple[list[CoderFile], CoderFile | None]:
    """The coders' work as ingest wrote it (processed/<wave>/codeurs.csv), back as CoderFiles."""
    files = []
    reconciliation = None
    for coder, rows in table.groupby("coder", sort=True):
        codes = {
            row.answer_id: None
            if row.codes == ""
            else frozenset(c for c in row.codes.split("; ") if c and c != NO_CODE)
            for row in rows.itertuples()
        }
        file = CoderFile(
            str(coder), codes, dict(zip(rows["answer_id"], rows["quotable"].eq("ja"), strict=True))
        )
        if coder == RECONCILIATION:
            reconciliation = file
        else:
            files.append(file)
    return files, reconciliation


def decided_codes(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The final codes as ingest decided them (processed/<year>/codering_status.csv, codes.csv
    and the quotable mark of open_antwoorden.csv), in the form `final_codes` gives.

    Ingest is the one place where codes are decided; every later stage reads its decision, so
    a change to the rules of deciding cannot make two stages disagree."""
    status = tables["codering_status"]
    codes = tables["codes"].groupby("answer_id", sort=False)["code"].agg(lambda c: sorted(c)).to_dict()
    answers = tables["open_antwoorden"]
    quotable = dict(zip(answers["answer_id"], answers["quotable"].eq("ja"), strict=True))
    return pd.DataFrame(
        {
            "answer_id": status["answer_id"],
            "status": status["status"],
            "codes": [codes.get(answer_id, []) for answer_id in status["answer_id"]],
            "quotable": [quotable.get(answer_id, False) for answer_id in status["answer_id"]],
            "coders": status["coders"].fillna(""),
        },
        columns=["answer_id", "status", "codes", "quotable", "coders"],
    )


def coding_report(
    tables: dict[str, pd.DataFrame], codebook: Codebook, min_uses: int = 5
) -> dict[str, pd.DataFrame]:
    """Everything about the coding of a wave, as tables for analysis/<wave>/."""
    answers = tables["open_antwoorden"]
    files, reconciliation = coder_files_from(tables["codeurs"])  # each coder's own codes
    final = decided_codes(tables)
    status = tables["codering_status"]
    coded_questions = {question for figure in codebook.figures for question in figure.coded_from}
    from enquete.analysis.agreement import agreement
    from enquete.analysis.coding_review import REVIEW_FILE, review_list

    return {
        "overeenstemming": agreement(files, answers, codebook, min_uses),
        "onenigheden": disagreements(files, final),
        "suggesties": suggestion_quality(answers, final, codebook),
        "nog_te_coderen": status[
            (status["status"] != "definitief") & status["question"].isin(coded_questions)
        ].reset_index(drop=True),
        "codeerblad": worksheet(answers, codebook),
        "antwoorden_per_vraag": answer_coverage(tables, codebook),
        REVIEW_FILE: review_list(answers, files, reconciliation, final, codebook),
    }
