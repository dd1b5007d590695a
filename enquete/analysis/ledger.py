"""The ledger: every number the report states, one row per claim, computed from rows.

Each row says what was counted (`count`), out of whom (`base`), by which rule the base was
chosen (`base_rule`), and which pseudonymised respondents were counted. Sentences, charts,
tables and downloads all read this one table, so they cannot disagree, and a reviewer can
trace every number to the respondents behind it.

Bases are honest about partial responses: a gemeente that stopped after theme 2 is not in
the base of theme 4, and "weet niet / geen antwoord" is not a valid answer.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from enquete.codebook import Codebook, Figure
from enquete.config import Wave
from enquete.errors import InputError, Problem
from enquete.tables import read_csv

LEDGER_COLUMNS = [
    "figure_id",
    "theme",
    "kind",
    "label",
    "count",
    "base",
    "base_rule",
    "source",
    "respondents",
    "base_respondents",
    "final",
    "in_report",
]

MODE_LABELS = {"online": "Online ingevuld", "telefonisch": "Telefonisch"}


def ledger_row(
    figure_id: str,
    theme: str,
    kind: str,
    label: str,
    counted: set[str],
    base: set[str] | None,
    base_rule: str,
    source: str,
) -> dict:
    return {
        "figure_id": figure_id,
        "theme": theme,
        "kind": kind,
        "label": label,
        "count": len(counted),
        "base": "" if base is None else len(base),
        "base_rule": base_rule,
        "source": source,
        "respondents": " ".join(sorted(counted)),
        "base_respondents": "" if base is None else " ".join(sorted(base)),
        "final": "ja",
        "in_report": "",
    }


def response_rows(tables: dict[str, pd.DataFrame], codebook: Codebook, modes: list[str]) -> list[dict]:
    """How many were invited, answered (per mode), completed, and reached each theme."""
    population = tables["populatie"]
    respondents = tables["respondenten"]
    invited = set(population["respondent"])
    answered = set(respondents["respondent"])

    def having(column: str, value: str) -> set[str]:
        return set(respondents.loc[respondents[column] == value, "respondent"])

    rows = [
        ledger_row(
            "respons.uitgenodigd", "", "respons", "Uitgenodigd", invited, None, "population", "populatie"
        )
    ]
    rows += [
        ledger_row(
            f"respons.{mode}",
            "",
            "respons",
            MODE_LABELS.get(mode, mode.capitalize()),
            having("mode", mode),
            invited,
            "invited",
            f"mode = {mode}",
        )
        for mode in modes
    ]
    rows += [
        ledger_row(
            "respons.totaal", "", "respons", "Gerespondeerd", answered, invited, "invited", "respondenten"
        ),
        ledger_row(
            "respons.non_respons",
            "",
            "respons",
            "Niet gerespondeerd",
            invited - answered,
            invited,
            "invited",
            "populatie zonder respons",
        ),
        ledger_row(
            "respons.compleet",
            "",
            "respons",
            "Compleet ingevuld",
            having("status", "compleet"),
            answered,
            "respondents",
            "status = compleet",
        ),
        ledger_row(
            "respons.gedeeltelijk",
            "",
            "respons",
            "Gedeeltelijk ingevuld",
            having("status", "gedeeltelijk"),
            answered,
            "respondents",
            "status = gedeeltelijk",
        ),
    ]
    rows += [
        ledger_row(
            f"respons.thema.{theme.id}",
            theme.id,
            "respons",
            f"Thema {theme.title} bereikt",
            theme_respondents(respondents, theme.id),
            answered,
            "respondents",
            "themes_reached",
        )
        for theme in codebook.themes
    ]
    return rows


def theme_respondents(respondents: pd.DataFrame, theme_id: str) -> set[str]:
    reached = respondents["themes_reached"].str.split("; ")
    return {r for r, themes in zip(respondents["respondent"], reached, strict=True) if theme_id in themes}


def figure_rows(tables: dict[str, pd.DataFrame], codebook: Codebook) -> list[dict]:
    """The codebook's figures, each counted within its own base."""
    closed = tables["gesloten_antwoorden"]
    codes = tables["codes"]
    respondents = tables["respondenten"]
    counted: dict[str, set[str]] = {}
    rows = []
    problems: list[Problem] = []

    def count(figure: Figure) -> tuple[set[str], set[str], str, str]:
        if figure.base == "valid_answer":
            answers = closed[(closed["question"] == figure.question) & (closed["valid"] == "ja")]
            base = set(answers["respondent"])
            rule = f"valid_answer({figure.question})"
        elif figure.base == "theme_respondents":
            base = theme_respondents(respondents, figure.theme)
            rule = f"theme_respondents({figure.theme})"
        else:
            base = (
                counted[figure.parent]
                if figure.parent in counted
                else count(codebook.figure(figure.parent))[0]
            )
            rule = f"parent_counted({figure.parent})"
        if figure.is_coded:
            coded = codes[(codes["code"] == figure.id) & codes["question"].isin(figure.coded_from)]
            outside = coded[~coded["respondent"].isin(base)]
            problems.extend(
                Problem(
                    "coding",
                    f"answer is coded {figure.id}, but its respondent is not in the figure's base",
                    column="answer_id",
                    found=answer_id,
                    expected=f"respondents in {rule}",
                )
                for answer_id in outside["answer_id"]
            )
            hits = set(coded["respondent"]) & base
            source = f"codes {figure.id} in {', '.join(figure.coded_from)}"
        else:
            answers = closed[closed["question"] == figure.question]
            hits = set(answers.loc[answers["code"].astype(int).isin(figure.counts), "respondent"]) & base
            source = f"{figure.question} in ({', '.join(map(str, figure.counts))})"
        return hits, base, rule, source

    status = tables["codering_status"]
    open_answers = tables["open_antwoorden"].set_index("answer_id")["respondent"]
    unsettled = status[status["status"] != "definitief"].assign(
        respondent=lambda t: t["answer_id"].map(open_answers)
    )
    finals: dict[str, str] = {}
    for figure in codebook.figures:
        hits, base, rule, source = count(figure)
        counted[figure.id] = hits
        row = ledger_row(figure.id, figure.theme, figure.kind, figure.label, hits, base, rule, source)
        if figure.is_coded:
            pending = unsettled[
                unsettled["question"].isin(figure.coded_from) & unsettled["respondent"].isin(base)
            ]
            row["final"] = "nee" if len(pending) else "ja"
        if figure.parent and finals.get(figure.parent) == "nee":
            row["final"] = "nee"
        finals[figure.id] = row["final"]
        rows.append(row)
    if problems:
        raise InputError(
            problems,
            remedy="correct the codes of these answers in the coding file, "
            "or the figure's base in the codebook.",
        )
    return rows


def build_ledger(tables: dict[str, pd.DataFrame], codebook: Codebook, wave: Wave) -> pd.DataFrame:
    modes = list(dict.fromkeys(source.mode for source in wave.sources))
    rows = response_rows(tables, codebook, modes) + figure_rows(tables, codebook)
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def mark_in_report(ledger: pd.DataFrame, published: set[str]) -> pd.DataFrame:
    """The column `in_report` of a wave with a published reference (the 2017 reconstruction):
    `ja` when the report states the figure's count, `nee` when the count is the
    reconstruction's own — the report says "een aantal gemeenten", or nothing. The pages mark
    those counts ("reconstructie: het rapport noemt geen aantal") and the Verantwoording says
    how many there are. A wave without a reference leaves the column empty.
    """
    marked = ledger.copy()
    marked["in_report"] = ["ja" if figure_id in published else "nee" for figure_id in marked["figure_id"]]
    return marked


def quotes(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The open answers a coder marked quotable, in questionnaire order."""
    answers = tables["open_antwoorden"]
    return answers.loc[
        answers["quotable"] == "ja", ["answer_id", "theme", "question", "section", "text"]
    ].reset_index(drop=True)


def read_ledger(path: Path | str) -> pd.DataFrame:
    frame = read_csv(path)  # the labels as they were before the CSV writer defused them
    frame["count"] = frame["count"].astype(int)
    return frame
