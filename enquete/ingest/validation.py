"""One response file as delivered, made into the codebook's columns and codes: renamed,
recoded, its dates read and every cell validated against a schema derived from the codebook,
with all problems of the file reported at once."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pandera.pandas as pa

from enquete.codebook import Codebook, Question
from enquete.config import Source
from enquete.errors import InputError, Problem, display_path
from enquete.ingest.form_export import without_group_prefixes
from enquete.ingest.labels import code_of, label_conflicts, missing_code
from enquete.ingest.population import Population
from enquete.ingest.readers import RawTable
from enquete.names import name_key


def canonical_code(value: object) -> str | None:
    """A cell of a closed question as text: 1, 1.0 and ' 1 ' are all '1'; empty is None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    for zero in (".0", ",0"):  # "1,0": a code as Excel writes it with a decimal comma
        if text.endswith(zero) and text[:-2].lstrip("-").isdigit():
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
                lambda name: name_key(name) in gemeenten,
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


def recoded(
    values: pd.Series,
    mapping: dict[str, int],
    labels: dict[float, str] | None = None,
    declared_missing: set[int] | None = None,
    missing: int | None = None,
) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Cells as codebook codes (text). With a mapping, every answer must be one of its keys,
    given as the file's code or as the file's label of that code (a `.sav`). A code the file
    declares missing becomes the scale's missing code, unless the mapping says otherwise."""
    codes: list[str | None] = []
    unmapped: list[tuple[int, str]] = []
    lookup = {str(key).strip().casefold(): str(code) for key, code in mapping.items()}
    labels, declared_missing = labels or {}, declared_missing or set()
    for index, value in values.items():
        code = canonical_code(value)
        number = code_of(code)
        label = labels.get(float(number)) if number is not None else None
        if code is not None and lookup:
            mapped = lookup.get(code.casefold()) or lookup.get(str(label).strip().casefold())
            if mapped is None and number in declared_missing and missing is not None:
                mapped = str(missing)
            if mapped is None:
                unmapped.append((index, code if label is None else f"{code} = {label}"))
            code = mapped
        elif number in declared_missing and missing is not None:
            code = str(missing)
        codes.append(code)
    return pd.Series(codes, index=values.index, dtype=object), unmapped


def declared_missing_codes(table: RawTable, column: str) -> set[int]:
    """The codes of a column that the file declares missing (SPSS), among its labelled codes
    and the codes it holds."""
    candidates = set(table.value_labels.get(column, {})) | {
        number for number in (code_of(v) for v in table.frame[column].dropna().unique()) if number is not None
    }
    return {int(code) for code in candidates if table.is_user_missing(column, code)}


def metadata_problems(
    table: RawTable, column: str, question: Question, codebook: Codebook, shown: str, name: str
) -> list[Problem]:
    """Where the file's own labels and missing declarations contradict the codebook's scale:
    a label that names another answer, a declared missing code that the scale counts as a
    valid answer, a declared missing code where the scale has no missing code."""
    scale = codebook.scale_of(question)
    declared = declared_missing_codes(table, column)
    labels = table.value_labels.get(column, {})
    problems = [
        Problem(
            shown,
            "the file's label for a code names another answer of the codebook's scale",
            column=name,
            found=f"code {conflict.code} = {conflict.label!r}",
            expected=f"code {conflict.code} = {conflict.scale_label!r} (scale '{question.scale}'); "
            f"{conflict.named_label!r} is code {conflict.named_code} — map the codes under `values`",
        )
        for conflict in label_conflicts(labels, scale, declared)
    ]
    problems += [
        Problem(
            shown,
            "the file declares a code missing that the codebook counts as a valid answer",
            column=name,
            found=f"code {code} = {labels.get(float(code), '')!r}, declared missing",
            expected=f"code {code} = {scale.values[code]!r} of scale '{question.scale}' as a valid "
            "answer — map the code under `values`",
        )
        for code in sorted(declared)
        if code in scale.valid_codes
    ]
    if declared and missing_code(scale) is None:
        problems.append(
            Problem(
                shown,
                "the file declares missing codes but the codebook's scale has none",
                column=name,
                found=", ".join(str(code) for code in sorted(declared)),
                expected=f"a `missing` code in scale '{question.scale}' of the codebook",
            )
        )
    return problems


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
    groups = without_group_prefixes(table.frame.columns, codebook)  # a form tool's `theme/question`
    table.frame = table.frame.rename(columns=groups)

    def renamed(column: str) -> str:  # the file's own metadata follows its columns' new names
        column = source.columns.get(column, column)
        return groups.get(column, column)

    table.value_labels = {renamed(k): v for k, v in table.value_labels.items()}
    table.user_missing = {renamed(k): v for k, v in table.user_missing.items()}
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

    renamed = {**source.columns, **groups}
    name = {target: f"{original} ({target})" for original, target in renamed.items()}
    checked = pd.DataFrame(index=frame.index)
    checked[source.id_column] = frame[source.id_column].map(canonical_code).astype(object)
    for question in codebook.questions:
        if question.is_closed:
            mapping = answer_mapping(source, question)
            codes, unmapped = recoded(
                frame[question.id],
                mapping,
                table.value_labels.get(question.id),
                declared_missing_codes(table, question.id),
                missing_code(codebook.scale_of(question)),
            )
            checked[question.id] = codes
            if not mapping:
                problems += metadata_problems(
                    table, question.id, question, codebook, shown, name.get(question.id, question.id)
                )
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
            "gemeente_id": checked[source.gemeente_column].map(lambda name: lookup[name_key(name)]),
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


ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


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
    if ISO_TIMESTAMP.match(text):  # a form tool's timestamp: 2021-10-05T07:15:02.383Z, …+02:00
        try:
            return dt.datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            return None
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
