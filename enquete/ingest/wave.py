"""Ingest: from response files as delivered to validated, pseudonymised, tidy tables.

This is where personal data stops. Each source file is read as delivered, renamed and
recoded as its configuration says, validated against a schema derived from the codebook
(all problems of a file reported at once), merged with the other sources of the wave with
its `mode`, and every gemeente is replaced by its pseudonym. Nothing written by this
module contains a name, e-mail address or phone number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from enquete.analysis.coding import NO_CODE, RECONCILIATION, CoderFile, final_codes, read_coder_file
from enquete.codebook import Codebook, load_codebook
from enquete.config import Config, Wave
from enquete.errors import InputError, Problem
from enquete.ingest.examples import read_examples
from enquete.ingest.population import Population, read_population
from enquete.ingest.readers import read_response_file
from enquete.ingest.validation import normalise_source
from enquete.layout import PROCESSED
from enquete.tables import read_csv, write_csv


def read_wave_responses(wave: Wave, codebook: Codebook, population: Population) -> pd.DataFrame:
    """All sources of a wave merged; one gemeente may answer only once, by one mode."""
    frames = []
    problems: list[Problem] = []
    remedies: list[str] = []
    for source in wave.sources:
        try:
            table = read_response_file(source.file, source.encoding, source.separator)
            frames.append(normalise_source(table, source, codebook, population))
        except InputError as error:
            problems += error.problems
            remedies += [error.remedy] if error.remedy and error.remedy not in remedies else []
    if problems:
        remedy = " ".join(remedies) or "correct the files named above and run again."
        raise InputError(problems, remedy=remedy, context=f"wave {wave.year}")
    responses = pd.concat(frames, ignore_index=True)
    for column, what in (("response_id", "response id"), ("gemeente_id", "gemeente")):
        for value, group in responses.groupby(column):
            if len(group) > 1:
                places = "; ".join(f"{row.file} row {row.row}" for row in group.itertuples())
                name = population.names.get(value, value) if column == "gemeente_id" else value
                problems.append(
                    Problem(
                        group.iloc[0]["file"],
                        f"{what} answered more than once",
                        row=int(group.iloc[0]["row"]),
                        column=column.replace("_id", ""),
                        found=f"{name} ({places})",
                        expected=f"one response per {what}",
                    )
                )
    if problems:
        raise InputError(
            problems, remedy="keep one response per gemeente (the most complete one) and remove the others."
        )
    responses["respondent"] = responses["gemeente_id"].map(population.pseudonyms)
    return responses


def themes_reached(responses: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per respondent and theme: did they answer at least one of the theme's questions?"""
    reached = pd.DataFrame(index=responses.index)
    for theme in codebook.themes:
        answered = pd.Series(False, index=responses.index)
        for question in codebook.questions_of(theme.id):
            column = responses[question.id]
            answered |= column.notna() if question.is_closed else column.astype(str).str.len() > 0
        reached[theme.id] = answered
    return reached


def respondent_table(responses: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    reached = themes_reached(responses, codebook)
    theme_ids = [theme.id for theme in codebook.themes]
    table = pd.DataFrame(
        {
            "respondent": responses["respondent"],
            "mode": responses["mode"],
            "status": ["compleet" if row.all() else "gedeeltelijk" for _, row in reached.iterrows()],
            "last_theme": [
                next((t for t in reversed(theme_ids) if row[t]), "") for _, row in reached.iterrows()
            ],
            "themes_reached": ["; ".join(t for t in theme_ids if row[t]) for _, row in reached.iterrows()],
            "submitted": responses["submitted"],
        }
    )
    return table.sort_values("respondent").reset_index(drop=True)


def closed_answers(responses: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    rows = []
    for question in codebook.questions:
        if not question.is_closed:
            continue
        scale = codebook.scale_of(question)
        for respondent, code in zip(responses["respondent"], responses[question.id], strict=True):
            if pd.isna(code):
                continue
            rows.append(
                {
                    "respondent": respondent,
                    "theme": question.theme,
                    "question": question.id,
                    "code": int(code),
                    "label": scale.values[int(code)],
                    "valid": "ja" if int(code) not in scale.missing else "nee",
                }
            )
    return sort_by_question(
        pd.DataFrame(rows, columns=["respondent", "theme", "question", "code", "label", "valid"]), codebook
    )


def open_answers(responses: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    rows = []
    for question in codebook.questions:
        if question.is_closed:
            continue
        for response_id, respondent, text in zip(
            responses["response_id"], responses["respondent"], responses[question.id], strict=True
        ):
            if text:
                rows.append(
                    {
                        "answer_id": f"{response_id}.{question.id}",
                        "respondent": respondent,
                        "theme": question.theme,
                        "question": question.id,
                        "section": question.section,
                        "text": text,
                    }
                )
    return sort_by_question(
        pd.DataFrame(rows, columns=["answer_id", "respondent", "theme", "question", "section", "text"]),
        codebook,
    )


def sort_by_question(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Rows in questionnaire order, then by respondent: stable and readable in a diff."""
    order = {question.id: index for index, question in enumerate(codebook.questions)}
    return (
        frame.assign(_order=frame["question"].map(order))
        .sort_values(["_order", "respondent"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


@dataclass
class DeliveredWave:
    """Everything delivered for one wave, read and validated: what `ingest_wave` writes from
    and what `enquete check` checks, so both refuse the same files with the same message."""

    codebook: Codebook
    population: Population
    responses: pd.DataFrame
    answers: pd.DataFrame
    coders: list[CoderFile]
    reconciliation: CoderFile | None
    final: pd.DataFrame
    examples: pd.DataFrame


def read_delivered_wave(config: Config, year: str) -> DeliveredWave:
    """Read and validate every delivered file of one wave, without writing anything."""
    wave = config.waves[year]
    codebook = load_codebook(wave.codebook)
    population = read_population(config.population, config.pseudonym_key)
    responses = read_wave_responses(wave, codebook, population)
    answers = open_answers(responses, codebook)
    coders, reconciliation = read_coders(wave, answers, codebook)
    final = final_codes(coders, reconciliation, answers)
    examples = read_examples(wave.examples, answers)
    return DeliveredWave(codebook, population, responses, answers, coders, reconciliation, final, examples)


def ingest_wave(config: Config, year: str, out_dir: Path | str) -> None:
    """Read, validate and pseudonymise one wave; write its tidy tables to `out_dir`."""
    delivered = read_delivered_wave(config, year)
    codebook, population, responses = delivered.codebook, delivered.population, delivered.responses
    answers, coders, reconciliation = delivered.answers, delivered.coders, delivered.reconciliation
    final, examples = delivered.final, delivered.examples

    quotable = set(final.loc[final["quotable"], "answer_id"])
    answers["quotable"] = answers["answer_id"].map(lambda a: "ja" if a in quotable else "nee")
    codes = final.explode("codes").dropna(subset=["codes"]).rename(columns={"codes": "code"})
    codes = answers[["answer_id", "respondent", "theme", "question"]].merge(
        codes[["answer_id", "code"]], on="answer_id"
    )
    codes = sort_by_question(codes, codebook).sort_values(["code", "respondent", "answer_id"], kind="stable")

    responded = set(responses["respondent"])
    population_table = pd.DataFrame(
        sorted(
            (pseudonym, population.provinces.get(gemeente_id, ""), "ja" if pseudonym in responded else "nee")
            for gemeente_id, pseudonym in population.pseudonyms.items()
        ),
        columns=["respondent", "provincie", "responded"],
    )

    out = Path(out_dir)
    write_csv(population_table, out / "populatie.csv")
    write_csv(respondent_table(responses, codebook), out / "respondenten.csv")
    write_csv(closed_answers(responses, codebook), out / "gesloten_antwoorden.csv")
    write_csv(
        answers[["answer_id", "respondent", "theme", "question", "section", "quotable", "text"]],
        out / "open_antwoorden.csv",
    )
    write_csv(codes.reset_index(drop=True), out / "codes.csv")
    status = answers[["answer_id", "theme", "question"]].merge(final[["answer_id", "status", "coders"]])
    write_csv(status, out / "codering_status.csv")
    write_csv(coder_table(coders, reconciliation, answers), out / "codeurs.csv")
    write_csv(examples, out / "voorbeelden.csv")


def read_coders(
    wave: Wave, answers: pd.DataFrame, codebook: Codebook
) -> tuple[list[CoderFile], CoderFile | None]:
    """Every coder's file and the reconciliation, with all their problems reported together."""
    files: list[CoderFile] = []
    reconciliation = None
    problems: list[Problem] = []
    remedies: list[str] = []
    jobs = list(wave.coders.items()) + (
        [(RECONCILIATION, wave.reconciliation)] if wave.reconciliation else []
    )
    for coder, path in jobs:
        try:
            file = read_coder_file(coder, path, answers, codebook)
        except InputError as error:
            problems += error.problems
            remedies += [error.remedy] if error.remedy else []
            continue
        if coder == RECONCILIATION and wave.reconciliation:
            reconciliation = file
        else:
            files.append(file)
    if problems:
        raise InputError(problems, remedy=" ".join(dict.fromkeys(remedies)), context=f"wave {wave.year}")
    return files, reconciliation


def coder_table(
    files: list[CoderFile], reconciliation: CoderFile | None, answers: pd.DataFrame
) -> pd.DataFrame:
    """Each coder's codes per answer, long and sorted: '' not coded yet, 'geen' no knelpunt."""
    rows = []
    for file in files + ([reconciliation] if reconciliation else []):
        for answer_id in answers["answer_id"]:
            if answer_id not in file.codes:
                continue
            codes = file.codes[answer_id]
            rows.append(
                {
                    "coder": file.coder,
                    "answer_id": answer_id,
                    "codes": "" if codes is None else "; ".join(sorted(codes)) or NO_CODE,
                    "quotable": "ja" if file.quotable.get(answer_id) else "nee",
                }
            )
    return pd.DataFrame(rows, columns=["coder", "answer_id", "codes", "quotable"])


def processed_tables(directory: Path | str) -> dict[str, pd.DataFrame]:
    """The tables `ingest_wave` wrote, by name."""
    return {name: read_csv(Path(directory) / f"{name}.csv") for name in PROCESSED}
