"""Ingest: from response files as delivered to validated, pseudonymised, tidy tables.

This is where personal data stops. Each source file is read as delivered, renamed and
recoded as its configuration says, validated against a schema derived from the codebook
(all problems of a file reported at once), merged with the other sources of the wave with
its `mode`, and every gemeente is replaced by its pseudonym. Nothing written by this
module contains a name, e-mail address or phone number.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from enquete.codebook import Codebook, Question, load_codebook
from enquete.coding import NO_CODE, RECONCILIATION, CoderFile, final_codes, read_coder_file
from enquete.config import Config, Source, Wave
from enquete.errors import InputError, Problem, display_path, require_file
from enquete.pseudonyms import pseudonyms_for, read_key
from enquete.readers import RawTable, read_response_file
from enquete.tables import read_csv, write_csv

POPULATION_COLUMNS = ["gemeente_id", "gemeente", "provincie", "contactpersoon", "email", "telefoon"]
EXAMPLE_COLUMNS = ["answer_id", "volgorde", "titel", "naam_publiceren"]


@dataclass(frozen=True)
class Population:
    """The invited gemeenten: id -> name, and id -> pseudonym."""

    names: dict[str, str]
    pseudonyms: dict[str, str]
    provinces: dict[str, str] = field(default_factory=dict)

    def id_for_name(self) -> dict[str, str]:
        return {name.casefold(): gemeente_id for gemeente_id, name in self.names.items()}


def read_population(path: Path | str, key_path: Path | str) -> Population:
    path = require_file(path, "the population list")
    table = read_csv_input(path)
    shown = display_path(path)
    missing = [column for column in POPULATION_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(
            [Problem(shown, "column missing", column=column, expected="present") for column in missing]
        )
    problems = [
        Problem(shown, "value used twice", row=index + 2, column=column, found=value, expected="unique")
        for column in ("gemeente_id", "gemeente")
        for (index, value), twice in zip(table[column].items(), used_twice(table[column]), strict=True)
        if value and twice
    ]
    problems += [
        Problem(shown, "empty cell", row=index + 2, column=column, expected="a value")
        for column in ("gemeente_id", "gemeente")
        for index, value in table[column].items()
        if not value.strip()
    ]
    if problems:
        raise InputError(problems)
    names = {row.gemeente_id.strip(): row.gemeente.strip() for row in table.itertuples()}
    provinces = {row.gemeente_id.strip(): row.provincie.strip() for row in table.itertuples()}
    return Population(
        names=names, pseudonyms=pseudonyms_for(read_key(key_path), sorted(names)), provinces=provinces
    )


def used_twice(values: pd.Series) -> pd.Series:
    """Per cell: does another cell hold the same value, ignoring case? (One pass, not one per row.)"""
    return values.str.casefold().duplicated(keep=False)


def read_csv_input(path: Path) -> pd.DataFrame:
    """A small researcher-made CSV (population, coding, examples) read as text."""
    return read_response_file(path).frame


# --- one source file -------------------------------------------------------------------


def canonical_code(value: object) -> str | None:
    """A cell of a closed question as text: 1, 1.0 and ' 1 ' are all '1'; empty is None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].lstrip("-").isdigit():
        text = text[:-2]
    return text or None


def canonical_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def column_problems(frame: pd.DataFrame, source: Source, codebook: Codebook, shown: str) -> list[Problem]:
    """Columns the file should have and lacks, and columns nobody declared."""
    questions = [question.id for question in codebook.questions]
    required = [source.id_column, source.gemeente_column] + (
        [source.date_column] if source.date_column else []
    )
    known = set(required) | set(source.system_columns) | set(source.personal_columns) | set(questions)
    problems = [
        Problem(
            shown,
            "column missing",
            column=column,
            expected="a column of this name (see the codebook and the source's `columns` mapping)",
        )
        for column in required + questions
        if column not in frame.columns
    ]
    problems += [
        Problem(
            shown,
            "unexpected column",
            column=str(column),
            expected="a codebook question, or a column declared under system_columns or "
            "personal_columns of this source",
        )
        for column in frame.columns
        if column not in known
    ]
    return problems


def response_schema(codebook: Codebook, source: Source, gemeenten: dict[str, str]) -> pa.DataFrameSchema:
    """The declared shape of one response file after renaming and recoding."""
    columns = {
        source.id_column: pa.Column(
            str, nullable=False, unique=True, checks=pa.Check.str_length(min_value=1)
        ),
        source.gemeente_column: pa.Column(
            str,
            nullable=False,
            checks=pa.Check(
                lambda name: name.casefold() in gemeenten,
                element_wise=True,
                error="a gemeente of the population list",
            ),
        ),
    }
    for question in codebook.questions:
        if question.is_closed:
            codes = sorted(str(code) for code in codebook.scale_of(question).values)
            columns[question.id] = pa.Column(
                str,
                nullable=True,
                checks=pa.Check.isin(
                    codes, error=f"one of the codes {', '.join(codes)} of scale '{question.scale}'"
                ),
            )
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def schema_problems(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, table: RawTable, shown: str, name: dict[str, str]
) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        problems = []
        for case in cases.itertuples():
            row = None if pd.isna(case.index) else table.row_number(int(case.index))
            check = str(case.check)
            if check.startswith("field_uniqueness"):
                what, expected = "value used twice", "a unique response id"
            elif check == "not_nullable":
                what, expected = "empty cell", "a value"
            else:
                what, expected = "value not allowed", check
            problems.append(
                Problem(
                    shown,
                    what,
                    row=row,
                    column=name.get(str(case.column), str(case.column)),
                    found=None if pd.isna(case.failure_case) else str(case.failure_case),
                    expected=expected,
                )
            )
        return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))
    return []


def mapping_problems(frame: pd.DataFrame, source: Source, shown: str) -> list[Problem]:
    """Columns the source's `columns` mapping names but the file lacks."""
    return [
        Problem(
            shown,
            "column named in the mapping is missing",
            column=original,
            expected=f"a column '{original}' (mapped to {target} in config/config.yaml)",
        )
        for original, target in source.columns.items()
        if original not in frame.columns
    ]


def answer_mapping(source: Source, question: Question) -> dict[str, int]:
    """The source's recoding for a question: given per question id, or per answer scale."""
    return source.values.get(question.id) or source.values.get(question.scale) or {}


def recoded(values: pd.Series, mapping: dict[str, int]) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Cells as codebook codes (text); with a mapping, every answer must be one of its keys."""
    codes: list[str | None] = []
    unmapped: list[tuple[int, str]] = []
    lookup = {str(key).strip().casefold(): str(code) for key, code in mapping.items()}
    for index, value in values.items():
        code = canonical_code(value)
        if code is not None and lookup:
            if code.casefold() not in lookup:
                unmapped.append((index, code))
            code = lookup.get(code.casefold())
        codes.append(code)
    return pd.Series(codes, index=values.index, dtype=object), unmapped


def gemeente_names(table: RawTable, column: str) -> pd.Series:
    """The gemeente column as names: a labelled SPSS code is replaced by its label."""
    labels = table.value_labels.get(column)
    values = table.frame[column]
    if labels:
        return values.map(lambda code: labels.get(code, canonical_code(code)))
    return values.map(canonical_text)


def normalise_source(
    table: RawTable, source: Source, codebook: Codebook, population: Population
) -> pd.DataFrame:
    """One response file as a wide frame: response_id, gemeente_id, mode, submitted, answers."""
    shown = display_path(source.file)
    problems = mapping_problems(table.frame, source, shown)
    table.frame = table.frame.rename(columns=source.columns)
    problems += column_problems(table.frame, source, codebook, shown)
    if problems:
        raise InputError(
            problems,
            remedy="make the file's columns match the codebook, or map them "
            "under `columns` for this source in config/config.yaml.",
        )
    frame = table.frame.drop(columns=[c for c in source.personal_columns if c in table.frame.columns])
    if frame.empty:
        raise InputError([Problem(shown, "the file has no responses", expected="at least one row")])

    name = {target: f"{original} ({target})" for original, target in source.columns.items()}
    checked = pd.DataFrame(index=frame.index)
    checked[source.id_column] = frame[source.id_column].map(canonical_code).astype(object)
    for question in codebook.questions:
        if question.is_closed:
            codes, unmapped = recoded(frame[question.id], answer_mapping(source, question))
            checked[question.id] = codes
            problems += [
                Problem(
                    shown,
                    "answer not in the mapping",
                    row=table.row_number(index),
                    column=name.get(question.id, question.id),
                    found=value,
                    expected=f"one of {', '.join(map(repr, answer_mapping(source, question)))} "
                    f"(the `values` for {question.id}/{question.scale} in config/config.yaml)",
                )
                for index, value in unmapped
            ]
    checked[source.gemeente_column] = (
        gemeente_names(table, source.gemeente_column)
        .map(lambda name: None if name is None else str(name).strip())
        .astype(object)
    )
    lookup = population.id_for_name()
    problems += schema_problems(checked, response_schema(codebook, source, lookup), table, shown, name)

    submitted = pd.Series("", index=frame.index)
    if source.date_column:
        submitted, date_problems = parse_dates(frame[source.date_column], table, source.date_column, shown)
        problems += date_problems
    if problems:
        raise InputError(
            problems, remedy=f"correct {shown} (or its mapping in config/config.yaml) and run again."
        )

    result = pd.DataFrame(
        {
            "response_id": checked[source.id_column],
            "gemeente_id": checked[source.gemeente_column].map(lambda name: lookup[name.casefold()]),
            "mode": source.mode,
            "submitted": submitted,
            "file": shown,
            "row": [table.row_number(i) for i in frame.index],
        }
    )
    for question in codebook.questions:
        if question.is_closed:
            result[question.id] = pd.array(
                [None if pd.isna(c) else int(c) for c in checked[question.id]], dtype="Int64"
            )
        else:
            result[question.id] = frame[question.id].map(canonical_text)
    return result.reset_index(drop=True)


DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d-%m-%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
)


def as_date(value: object) -> str | None:
    """A cell as an ISO date: date and datetime cells as they are, text in a known format."""
    if isinstance(value, dt.datetime | dt.date):  # pandas Timestamps are datetimes too
        return None if pd.isna(value) else value.strftime("%Y-%m-%d")
    text = canonical_text(value)
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def parse_dates(
    values: pd.Series, table: RawTable, column: str, shown: str
) -> tuple[pd.Series, list[Problem]]:
    """Submission dates as ISO text; empty stays empty, anything unparseable is a problem."""
    problems: list[Problem] = []
    parsed = []
    for index, value in values.items():
        if value is None or value is pd.NaT or canonical_text(value) in ("", "NaT", "nan"):
            parsed.append("")
            continue
        date = as_date(value)
        parsed.append(date or "")
        if date is None:
            problems.append(
                Problem(
                    shown,
                    "date cannot be read",
                    row=table.row_number(index),
                    column=column,
                    found=canonical_text(value),
                    expected="a date such as 2017-10-03",
                )
            )
    return pd.Series(parsed, index=values.index), problems


# --- the wave -----------------------------------------------------------------------------


def read_wave_responses(wave: Wave, codebook: Codebook, population: Population) -> pd.DataFrame:
    """All sources of a wave merged; one gemeente may answer only once, by one mode."""
    frames = []
    problems: list[Problem] = []
    remedies: list[str] = []
    for source in wave.sources:
        try:
            table = read_response_file(source.file, source.encoding)
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


def ingest_wave(config: Config, year: str, out_dir: Path | str) -> None:
    """Read, validate and pseudonymise one wave; write its tidy tables to `out_dir`."""
    wave = config.waves[year]
    codebook = load_codebook(wave.codebook)
    population = read_population(config.population, config.pseudonym_key)
    responses = read_wave_responses(wave, codebook, population)
    answers = open_answers(responses, codebook)
    coders, reconciliation = read_coders(wave, answers, codebook)
    final = final_codes(coders, reconciliation, answers)
    examples = read_examples(wave.examples, answers)

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
    names = [
        "populatie",
        "respondenten",
        "gesloten_antwoorden",
        "open_antwoorden",
        "codes",
        "voorbeelden",
        "codering_status",
        "codeurs",
    ]
    return {name: read_csv(Path(directory) / f"{name}.csv") for name in names}
