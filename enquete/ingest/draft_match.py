"""Matching a delivered file's columns to the codebook, for `enquete wave draft`.

A survey tool names its columns Q1…Q35 and says what they are in its metadata: an SPSS file's
variable labels (the question's text), value labels (the answers) and missing declarations;
a CSV or Excel export has only its header and its cells. Each column is matched, in this
order, by its name (a question id of the codebook), by what it holds (the response id, the
gemeente, a date, personal data), by its label against the codebook's question texts, and
its answers against the question's scale. Every match carries how it was made and how sure
it is; a column that matches nothing is reported as such and never given a guess. Labels
are compared with difflib (standard library) through `enquete.ingest.labels.similarity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from enquete.codebook import Codebook, Question, Scale
from enquete.ingest.labels import SAME_ANSWER, code_of, missing_code, normalised, similarity
from enquete.ingest.readers import RawTable, read_table_file
from enquete.ingest.validation import as_date, canonical_code, canonical_text
from enquete.names import name_key

SURE = 0.85  # a match at least this sure is proposed as it is; below, it is proposed for review
PROBABLE = 0.6  # below this a column is not matched at all
ID_NAMES = {"id", "respons id", "response id", "responseid", "respondent id", "respons nummer", "record id"}
PERSONAL = re.compile(r"naam|e ?mail|telefoon|functie|contactpersoon|interviewer|adres", re.IGNORECASE)
SYSTEM = re.compile(r"start|gestart|lastpage|pagina|voortgang|progress|duur|duration|ip ?adres|status", re.I)
SUBMITTED = re.compile(r"verzonden|submit|ingevuld|einde|\bend|gesprek", re.IGNORECASE)
EMPTY = ("", "NaT", "nan", "None")  # how an empty date or number reads as text
FITS = 0.6  # the share of a column's answers that must fit a scale for it to be named
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.\w+")
PHONE = re.compile(r"^\+?[\d\s()-]{9,}$")


@dataclass
class Column:
    """One column of the delivered file and what the file says about it."""

    name: str
    label: str = ""
    value_labels: dict[int, str] = field(default_factory=dict)
    missing: set[int] = field(default_factory=set)
    values: list[str] = field(default_factory=list)  # the distinct answers, as text

    @property
    def text(self) -> str:
        """What the column says it is: its label, else a header that reads as a question."""
        return self.label or (self.name if len(self.name.split()) >= 3 else "")

    @property
    def answers(self) -> dict[str, str]:
        """The answers as the file gives them: code -> label (SPSS) or text -> text."""
        if self.value_labels:
            return {str(code): label for code, label in sorted(self.value_labels.items())}
        return {value: value for value in self.values}


@dataclass
class Match:
    """What a column was matched to: a question id, or a role (id, gemeente, date, personal,
    system), with how and how surely; `target` empty means unmatched."""

    column: Column
    target: str = ""
    how: str = ""
    score: float = 0.0
    values: dict[str, int] = field(default_factory=dict)  # proposed `values:` (empty: none needed)
    missing: dict[int, int] = field(default_factory=dict)  # declared missing code -> scale code
    notes: list[str] = field(default_factory=list)  # what needs the researcher's decision

    @property
    def sure(self) -> bool:
        return bool(self.target) and self.score >= SURE and not self.notes


@dataclass
class Delivered:
    """A delivered file as the draft reads it."""

    path: Path
    columns: list[Column]
    encoding: str = "utf-8"
    separator: str = ""


def read_delivered(path: Path) -> Delivered:
    """The file's columns with their labels, missing declarations and distinct answers."""
    encoding = "utf-8"
    if path.suffix.lower() == ".csv":
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"  # what Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)"
    table = read_table_file(path, encoding)
    return Delivered(
        path, [column_of(table, str(name)) for name in table.frame.columns], encoding, table.separator
    )


def column_of(table: RawTable, name: str) -> Column:
    labels = {
        code: str(label)
        for code, label in ((code_of(k), v) for k, v in table.value_labels.get(name, {}).items())
        if code is not None
    }
    cells = table.frame[name]
    values = sorted(
        {
            text
            for text in (canonical_code(v) if labels else canonical_text(v) for v in cells)
            if text and text not in EMPTY
        }
    )
    missing = {
        code
        for code in set(labels) | {code_of(v) for v in values} - {None}
        if table.is_user_missing(name, code)
    }
    return Column(name, table.variable_labels.get(name, ""), labels, missing, values)


def role_of(column: Column, gemeenten: set[str], frame_values: list[str]) -> tuple[str, str, float]:
    """(role, how, score) for a column that holds no answer: response id, gemeente, date,
    personal data or a survey-tool column; ("", "", 0) otherwise."""
    words = f"{column.name} {column.label}"
    names = [column.value_labels.get(code_of(v) or -1, v) for v in frame_values]
    if normalised(column.name) in ID_NAMES or normalised(column.label) in ID_NAMES:
        return "id", "its name or label says it is the response id", 0.95
    if names and sum(name_key(n) in gemeenten for n in names) / len(names) >= 0.8:
        share = sum(name_key(n) in gemeenten for n in names) / len(names)
        return "gemeente", f"{share:.0%} of its values are gemeenten of the population list", share
    if frame_values and all(as_date(v) for v in frame_values):
        return "date", "every value is a date", 0.9
    if frame_values and any(EMAIL.search(v) or PHONE.match(v) for v in frame_values):
        return "personal", "it holds e-mail addresses or phone numbers", 0.95
    if PERSONAL.search(words):
        return "personal", "its name or label names personal data", 0.85
    if SYSTEM.search(words):
        return "system", "its name or label is a survey tool's (start, progress, page)", 0.7
    return "", "", 0.0


def scale_mapping(
    column: Column, question: Question, scale: Scale
) -> tuple[dict[str, int], dict[int, int], list[str]]:
    """The proposed `values:` for a closed question (empty when the file's codes are the
    codebook's), the declared missing codes read as the scale's, and what needs a decision."""
    mapping: dict[str, int] = {}
    missing: dict[int, int] = {}
    notes: list[str] = []
    identity = True
    for key, label in column.answers.items():
        code = code_of(key)
        if code is not None and code in column.missing:
            target = code if code in scale.missing else missing_code(scale)
            if target is None:
                notes.append(
                    f"code {code} {label!r} is declared missing; scale '{question.scale}' has no missing code"
                )
            else:
                missing[code] = target
            continue
        if code is not None and not column.value_labels and code in scale.values:
            continue  # a plain code of the scale, as in the codebook
        score, best = max(
            ((similarity(label, text), other) for other, text in scale.values.items()), default=(0, 0)
        )
        if score < SAME_ANSWER:
            notes.append(f"answer {key} {label!r} matches no answer of scale '{question.scale}'")
            continue
        mapping[label] = best
        identity &= code == best
    if identity and column.value_labels:
        mapping = {}
    return mapping, missing, notes


def match_columns(delivered: Delivered, codebook: Codebook, gemeenten: set[str]) -> list[Match]:
    """Every column matched (or not) to the codebook; each question used at most once."""
    questions = {question.id: question for question in codebook.questions}
    matches = [Match(column) for column in delivered.columns]
    taken: set[str] = set()
    for match in matches:  # by id: the file uses the codebook's own names
        if match.column.name in questions:
            match.target, match.how, match.score = match.column.name, "its name is the question id", 1.0
            taken.add(match.target)
    roles_taken: set[str] = set()
    for match in matches:
        if match.target:
            continue
        role, how, score = role_of(match.column, gemeenten, match.column.values)
        if role and (role in ("personal", "system", "date") or role not in roles_taken):
            match.target, match.how, match.score = role, how, score
            roles_taken.add(role)
    match_by_text([m for m in matches if not m.target or m.target == "system"], codebook, taken)
    dates = [m for m in matches if m.target == "date"]
    for match in dates:
        if len(dates) > 1 and not SUBMITTED.search(f"{match.column.name} {match.column.label}"):
            match.target, match.how = "system", "a date that does not say it is the submission"
    submitted = [m for m in matches if m.target == "date"]
    for match in submitted[1:]:
        match.notes.append("more than one column may be the submission date: choose one as date_column")
    match_by_scale([m for m in matches if not m.target], codebook, taken)
    for match in matches:
        if match.target in questions and questions[match.target].is_closed:
            question = questions[match.target]
            match.values, match.missing, notes = scale_mapping(
                match.column, question, codebook.scale_of(question)
            )
            match.notes += notes
        elif match.target in questions and match.column.value_labels:
            match.notes.append(f"the column has answer labels but {match.target} is an open question")
    return matches


def match_by_text(matches: list[Match], codebook: Codebook, taken: set[str]) -> None:
    """Columns matched by their label against the question texts. A text the codebook uses
    for several questions (\"Welke oplossingen …?\" in every theme) is matched by position:
    the n-th such column of the file is the n-th such question of the codebook."""
    free = [q for q in codebook.questions if q.id not in taken]
    groups: dict[str, list[Question]] = {}
    for question in free:
        groups.setdefault(normalised(question.text), []).append(question)
    used: dict[str, int] = {}
    for match in matches:
        text = match.column.text
        if not text:
            continue
        scored = sorted(
            ((similarity(text, group[0].text), key) for key, group in groups.items()), reverse=True
        )
        if not scored or scored[0][0] < PROBABLE:
            continue
        score, key = scored[0]
        group = groups[key]
        position = used.get(key, 0)
        if position >= len(group):
            match.notes.append(f"its label matches {', '.join(q.id for q in group)}, all matched already")
            continue
        used[key] = position + 1
        question = group[position]
        if match.column.value_labels and not question.is_closed:
            score *= 0.7  # answer labels on an open question: a closed question's column
        how = f"its label matches the question text ({score:.2f})"
        if len(group) > 1:  # the order of the questionnaire decides: sure only after review
            score = min(score, 0.8)
            how += f"; the text is that of {len(group)} questions, matched by position ({position + 1})"
        if len(scored) > 1 and scored[1][0] > score - 0.05 and scored[1][0] >= PROBABLE:
            match.notes.append(f"its label is almost as close to {groups[scored[1][1]][0].id}'s text")
        match.target, match.how, match.score = question.id, how, score
        taken.add(question.id)


def fit(column: Column, scale: Scale) -> float:
    """The share of a column's answers that are (close to) an answer of the scale."""
    answers = [label for key, label in column.answers.items() if code_of(key) not in column.missing]
    if not answers:
        return 0.0
    close = [max((similarity(a, text) for text in scale.values.values()), default=0) for a in answers]
    return sum(score >= SAME_ANSWER for score in close) / len(answers)


def match_by_scale(matches: list[Match], codebook: Codebook, taken: set[str]) -> None:
    """Columns without a usable label, by their answers: the scales they fit are named, and a
    column is matched only when one question still free has such a scale (never sure)."""
    for match in matches:
        fits = {name: fit(match.column, scale) for name, scale in codebook.scales.items()}
        scales = [name for name, share in fits.items() if share >= FITS and share == max(fits.values())]
        if not scales:
            continue
        free = [q for q in codebook.questions if q.is_closed and q.scale in scales and q.id not in taken]
        if len(free) == 1:
            match.target, match.score = free[0].id, 0.7
            match.how = f"its answers fit scale '{free[0].scale}', of one question not matched otherwise"
            taken.add(free[0].id)
        elif free:
            named = ", ".join(repr(name) for name in scales)
            match.notes.append(f"its answers fit scale {named}: one of {', '.join(q.id for q in free)}")
