"""The codebook: themes, questions, answer scales and the figures the report states.

The codebook is the single place where a researcher says what counts: which question or
which code a figure counts, which answers mean "recognises", and which base (denominator)
is honest for it. It is checked against a schema and for internal consistency before
anything runs, because a wrong codebook silently produces wrong numbers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from enquete.errors import InputError, Problem, display_path
from enquete.files import parsed_once
from enquete.yamlfiles import read_validated_yaml

# Kinds of figure that count gemeenten recognising a knelpunt. `situatie` is how something
# stands (e.g. "de samenwerking loopt goed"): shown with the knelpunten, never summarised as one.
KNELPUNT_KINDS = ("herkenning",)
# Kinds a theme's `summary_figures` may name: the Samenvatting puts each under the heading of
# its kind (a knelpunt, a solution, a wish for national support; enquete/publish/summary.py).
SUMMARY_KINDS = ("herkenning", "oplossing", "ondersteuning")


@dataclass(frozen=True)
class Theme:
    id: str
    chapter: int
    title: str
    summary: str
    findings: tuple[str, ...]
    findings_note: str = ""
    # The figures the Samenvatting names for this theme (empty: the knelpunt most recognised),
    # each under the heading of its kind (SUMMARY_KINDS).
    summary_figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scale:
    values: dict[int, str]
    missing: frozenset[int]

    @property
    def valid_codes(self) -> frozenset[int]:
        return frozenset(self.values) - self.missing


@dataclass(frozen=True)
class Question:
    id: str
    theme: str
    type: str
    text: str
    scale: str = ""
    section: str = ""
    # Skip logic: the question is asked only when an earlier closed question got one of these
    # answer codes (a follow-up question). Empty: asked of every gemeente that reaches it.
    asked_if: tuple[str, tuple[int, ...]] | None = None

    @property
    def is_closed(self) -> bool:
        return self.type == "closed"


@dataclass(frozen=True)
class Figure:
    id: str
    theme: str
    kind: str
    label: str
    base: str
    sentence_one: str
    sentence_many: str
    question: str = ""
    counts: tuple[int, ...] = ()
    coded_from: tuple[str, ...] = ()
    parent: str = ""
    keywords: tuple[str, ...] = ()

    @property
    def is_coded(self) -> bool:
        return bool(self.coded_from)

    @property
    def is_knelpunt(self) -> bool:
        """Whether the figure counts gemeenten that recognise a problem (not a good situation,
        an action, a solution or a wish)."""
        return self.kind in KNELPUNT_KINDS

    def sentence(self, count: int) -> str:
        return self.sentence_one if count <= 1 else self.sentence_many


@dataclass(frozen=True)
class Codebook:
    version: str
    themes: tuple[Theme, ...]
    scales: dict[str, Scale]
    questions: tuple[Question, ...]
    figures: tuple[Figure, ...]
    source: str = field(default="", compare=False)
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def theme(self, theme_id: str) -> Theme:
        return next(theme for theme in self.themes if theme.id == theme_id)

    def question(self, question_id: str) -> Question:
        return next(question for question in self.questions if question.id == question_id)

    def figure(self, figure_id: str) -> Figure:
        return next(figure for figure in self.figures if figure.id == figure_id)

    def questions_of(self, theme_id: str) -> list[Question]:
        return [question for question in self.questions if question.theme == theme_id]

    def figures_of(self, theme_id: str) -> list[Figure]:
        return [figure for figure in self.figures if figure.theme == theme_id]

    def scale_of(self, question: Question) -> Scale:
        return self.scales[question.scale]

    @property
    def code_ids(self) -> frozenset[str]:
        """The codes a coder may give: the ids of figures counted from coded open answers."""
        return frozenset(figure.id for figure in self.figures if figure.is_coded)


@parsed_once
def load_codebook(path: Path | str) -> Codebook:
    """Read, validate and cross-check a codebook file."""
    data = read_validated_yaml(path, "codebook", "the codebook")
    codebook = Codebook(
        version=data["version"],
        themes=tuple(
            Theme(
                id=theme["id"],
                chapter=theme["chapter"],
                title=theme["title"],
                summary=theme["summary"],
                findings=tuple(theme["findings"]),
                findings_note=theme.get("findings_note", ""),
                summary_figures=tuple(theme.get("summary_figures", [])),
            )
            for theme in data["themes"]
        ),
        scales={
            name: Scale(
                values={int(code): label for code, label in scale["values"].items()},
                missing=frozenset(scale.get("missing", [])),
            )
            for name, scale in data["scales"].items()
        },
        questions=tuple(
            Question(
                id=question["id"],
                theme=question["theme"],
                type=question["type"],
                text=question["text"],
                scale=question.get("scale", ""),
                section=question.get("section", ""),
                asked_if=(
                    (question["asked_if"]["question"], tuple(question["asked_if"]["answers"]))
                    if "asked_if" in question
                    else None
                ),
            )
            for question in data["questions"]
        ),
        figures=tuple(
            Figure(
                id=figure["id"],
                theme=figure["theme"],
                kind=figure["kind"],
                label=figure["label"],
                base=figure["base"],
                sentence_one=figure["sentence"]["one"],
                sentence_many=figure["sentence"]["many"],
                question=figure.get("question", ""),
                counts=tuple(figure.get("counts", [])),
                coded_from=tuple(figure.get("coded_from", [])),
                parent=figure.get("parent", ""),
                keywords=tuple(figure.get("keywords", [])),
            )
            for figure in data["figures"]
        ),
        source=display_path(path),
        organisations=tuple(data.get("names", {}).get("organisaties", [])),
        places=tuple(data.get("names", {}).get("plaatsen", [])),
    )
    problems = consistency_problems(codebook)
    if problems:
        raise InputError(problems, remedy=f"correct {codebook.source}.")
    return codebook


def load_codebooks(paths: dict[str, str]) -> dict[str, Codebook]:
    """Each wave's codebook, by year; a file that several waves share is read once."""
    loaded: dict[Path, Codebook] = {}
    for path in paths.values():
        resolved = Path(path).resolve()
        if resolved not in loaded:
            loaded[resolved] = load_codebook(path)
    return {year: loaded[Path(path).resolve()] for year, path in paths.items()}


def consistency_problems(codebook: Codebook) -> list[Problem]:
    """Everything a schema cannot see: references between themes, questions and figures."""
    where = codebook.source
    problems: list[Problem] = []

    def problem(column: str, what: str, found: str, expected: str) -> None:
        problems.append(Problem(where, what, column=column, found=found, expected=expected))

    for kind, ids in (
        ("theme", [theme.id for theme in codebook.themes]),
        ("question", [question.id for question in codebook.questions]),
        ("figure", [figure.id for figure in codebook.figures]),
    ):
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            problem(f"{kind}s", f"{kind} id used twice", duplicate, "unique ids")

    theme_ids = {theme.id for theme in codebook.themes}
    questions = {question.id: question for question in codebook.questions}
    figures = {figure.id: figure for figure in codebook.figures}

    for theme in codebook.themes:
        for figure_id in theme.summary_figures:
            column = f"themes/{theme.id}/summary_figures"
            figure = figures.get(figure_id)
            if figure is None or figure.theme != theme.id:
                problem(
                    column,
                    "summary figure is not a figure of this theme",
                    figure_id,
                    f"a figure of theme '{theme.id}'",
                )
            elif figure.kind not in SUMMARY_KINDS:
                problem(
                    column,
                    "summary figure is not a knelpunt, a solution or a support wish",
                    f"{figure_id} (kind {figure.kind})",
                    f"a figure of kind {', '.join(SUMMARY_KINDS)}: "
                    "the summary lists knelpunten, solutions and national support wanted",
                )

    for question in codebook.questions:
        column = f"questions/{question.id}"
        if question.theme not in theme_ids:
            problem(column, "question names an unknown theme", question.theme, str(sorted(theme_ids)))
        if question.is_closed and question.scale not in codebook.scales:
            problem(
                column,
                "closed question names an unknown scale",
                question.scale,
                f"one of {sorted(codebook.scales)}",
            )

    problems += skip_logic_problems(codebook)

    for figure in codebook.figures:
        column = f"figures/{figure.id}"
        if figure.theme not in theme_ids:
            problem(column, "figure names an unknown theme", figure.theme, str(sorted(theme_ids)))
        if figure.question:
            question = questions.get(figure.question)
            if question is None:
                problem(
                    column,
                    "figure names a question that does not exist",
                    figure.question,
                    "a question id of this codebook",
                )
            elif not question.is_closed:
                problem(
                    column,
                    "figure counts answers of an open question",
                    figure.question,
                    "a closed question (open answers are counted through coded_from)",
                )
            else:
                valid = (
                    codebook.scale_of(question).valid_codes if question.scale in codebook.scales else set()
                )
                wrong = [code for code in figure.counts if code not in valid]
                if wrong:
                    problem(
                        column,
                        "figure counts answer codes its scale lacks or declares missing",
                        str(wrong),
                        f"codes among {sorted(valid)}",
                    )
        for question_id in figure.coded_from:
            question = questions.get(question_id)
            if question is None:
                problem(
                    column,
                    "figure is coded from a question that does not exist",
                    question_id,
                    "a question id of this codebook",
                )
            elif question.is_closed:
                problem(column, "figure is coded from a closed question", question_id, "an open question")
            elif question.theme != figure.theme:
                problem(
                    column,
                    "figure is coded from a question of another theme",
                    question_id,
                    f"a question of theme '{figure.theme}'",
                )
        if figure.base == "valid_answer" and not figure.question:
            problem(
                column,
                "base valid_answer needs a closed question",
                figure.base,
                "theme_respondents or parent_counted for coded figures",
            )
        if (figure.base == "parent_counted") != bool(figure.parent):
            problem(
                column,
                "a parent and base parent_counted go together",
                figure.base,
                "base parent_counted with a parent, or neither",
            )
        if figure.parent and figure.parent not in figures:
            problem(
                column, "figure names an unknown parent figure", figure.parent, "a figure id of this codebook"
            )
    return problems


def skip_logic_problems(codebook: Codebook) -> list[Problem]:
    """A follow-up question depends on an earlier closed question, on codes its scale has."""
    problems = []
    order = {question.id: number for number, question in enumerate(codebook.questions)}
    for question in codebook.questions:
        if question.asked_if is None:
            continue
        parent_id, answers = question.asked_if
        parent = next((other for other in codebook.questions if other.id == parent_id), None)
        column = f"questions/{question.id}/asked_if"
        if parent is None or not parent.is_closed or order[parent_id] >= order[question.id]:
            found, expected = parent_id, "a closed question that comes before this one"
        elif parent.scale in codebook.scales and set(answers) - set(codebook.scale_of(parent).values):
            found = str(sorted(set(answers) - set(codebook.scale_of(parent).values)))
            expected = f"codes of the scale {parent.scale}: {sorted(codebook.scale_of(parent).values)}"
        else:
            continue
        problems.append(
            Problem(
                codebook.source,
                "question is asked after a question it cannot follow",
                column=column,
                found=found,
                expected=expected,
            )
        )
    return problems


def codebook_snapshot(codebook: Codebook) -> bytes:
    """The codebook as sorted JSON, so two runs can be compared figure by figure."""
    data = {
        "version": codebook.version,
        "questions": {  # `asked_if` only where a question has skip logic, as the codebook says it
            q.id: {key: value for key, value in asdict(q).items() if key != "asked_if" or value}
            for q in codebook.questions
        },
        "scales": {
            name: {"values": {str(k): v for k, v in s.values.items()}, "missing": sorted(s.missing)}
            for name, s in codebook.scales.items()
        },
        "figures": {f.id: asdict(f) for f in codebook.figures},
    }
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
