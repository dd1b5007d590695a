"""Figure references in researcher text: `{{ cijfer("toegang.verblijfsstatus") }}` → '13 van 23'.

References are Jinja expressions, read by Jinja's own parser (in its sandboxed environment)
and never executed: the parsed tree is read, and only calls of the functions of the agreed
format (cijfer, aantal, woorden, Woorden, basis, procent, vorige, and the wave forms
nulmeting, vorige_jaar, nulmeting_jaar, in_vorige, in_nulmeting) with one figure id in quotes
are references: no attribute access, no filters, no statements. An unknown figure, a misspelt
function, `vorige()` in the first wave or a reference nested deeper than any needs is
refused naming the file and line, all problems at once, and the rest of the text is still
read, each faulty reference standing as a reference that is not valid.

Each reference renders as one private-use character that stands for it; the text checks
(typed counts, quantifiers, sentences) then know exactly where every referenced number is,
and the page shows the value (or, in a concept build, the value marked *voorlopig*).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from enquete.text.number_words import capitalised, in_words
from enquete.text.quantifiers import round_half_up

FIRST_MARKER = 0xF0000  # supplementary private use area A: one character per reference
LAST_MARKER = 0xFFFFD


@dataclass(frozen=True)
class Value:
    """A figure as a reference shows it: count and base (None for a count without base)."""

    count: int
    base: int | None
    final: bool = True
    year: str = ""  # the wave the value is from (set when a reference renders it)


@dataclass(frozen=True)
class Reference:
    """One reference in a text: its function, figure, line, the value used and the output."""

    function: str
    figure_id: str
    line: int
    value: Value
    text: str
    valid: bool = True  # False for a reference with a problem: shown as typed, not checked

    @property
    def source(self) -> str:
        return f'{{{{ {self.function}("{self.figure_id}") }}}}'


@dataclass(frozen=True)
class Verdict:
    """A figure's row of a comparison: its status, the change in count and the verdict."""

    status: str  # vergelijkbaar, herformuleerd, gewijzigd, nieuw, vervallen
    verdict: str  # duidelijk toegenomen, waarschijnlijk afgenomen, geen duidelijke verandering, …
    change: int | None  # count in the later wave minus count in the earlier one


@dataclass
class EarlierWave:
    """An earlier wave as a text may refer to it: comparable values and the comparison's verdicts."""

    year: str
    values: dict[str, Value | str] = field(default_factory=dict)  # value, or why not comparable
    verdicts: dict[str, Verdict] = field(default_factory=dict)


# Reference functions that show an earlier wave's figure: function → which earlier wave.
EARLIER_FORMS = {
    "vorige": "vorige",
    "vorige_jaar": "vorige",
    "in_vorige": "vorige",
    "nulmeting": "nulmeting",
    "nulmeting_jaar": "nulmeting",
    "in_nulmeting": "nulmeting",
}


class Figures:
    """The figures a wave's text may refer to: its ledger, and its previous wave's comparison
    (and the nulmeting's, for `nulmeting(…)`)."""

    def __init__(
        self,
        current: dict[str, Value],
        previous: dict[str, Value | str],
        previous_year: str,
        *,
        year: str = "",
        nulmeting: EarlierWave | None = None,
        previous_verdicts: dict[str, Verdict] | None = None,
        kinds: dict[str, str] | None = None,
        configured_years: tuple[str, ...] = (),
    ) -> None:
        self.current = current
        self.previous = previous  # figure → value, or why it cannot be compared
        self.previous_year = previous_year
        self.year = year
        self.earlier = {"vorige": EarlierWave(previous_year, previous, previous_verdicts or {})}
        self.earlier["nulmeting"] = nulmeting or self.earlier["vorige"]
        self.kinds = kinds or {}  # figure → its kind in the ledger (herkenning, situatie, …)
        self.configured_years = configured_years

    def problem(self, function: str, figure_id: str) -> str:
        """Why a reference cannot be rendered, or '' when it can."""
        if figure_id not in self.current:
            return f"unknown figure {figure_id!r} (not in the ledger analysis/<year>/figures.csv)"
        if function in ("basis", "procent") and self.current[figure_id].base is None:
            return f"{function}() of {figure_id}: this figure has no base"
        if function in EARLIER_FORMS:
            wave = self.earlier[EARLIER_FORMS[function]]
            if not wave.year:
                return f"{function}({figure_id!r}): this is the first wave, there is no previous figure"
            earlier = wave.values.get(figure_id)
            if not isinstance(earlier, Value):
                reason = earlier or "not in the comparison"
                return f"{function}({figure_id!r}): not comparable with {wave.year} ({reason})"
        return ""

    def value(self, function: str, figure_id: str) -> Value:
        """The value a reference shows, with the year of the wave it is from."""
        if function in EARLIER_FORMS:
            wave = self.earlier[EARLIER_FORMS[function]]
            earlier = wave.values[figure_id]
            assert isinstance(earlier, Value)
            return replace(earlier, year=wave.year)
        return replace(self.current[figure_id], year=self.year)


def figure_text(value: Value) -> str:
    return f"{value.count} van {value.base}" if value.base is not None else str(value.count)


FORMS: dict[str, Callable[[Value], str]] = {
    "cijfer": figure_text,
    "aantal": lambda v: str(v.count),
    "woorden": lambda v: in_words(v.count),
    "Woorden": lambda v: capitalised(in_words(v.count)),
    "basis": lambda v: str(v.base),
    "procent": lambda v: f"{round_half_up(100 * v.count / v.base) if v.base else 0} procent",
    "vorige": figure_text,
    "nulmeting": figure_text,
    "vorige_jaar": lambda v: v.year,
    "nulmeting_jaar": lambda v: v.year,
    "in_vorige": lambda v: f"in {v.year}: {figure_text(v)}",
    "in_nulmeting": lambda v: f"in {v.year}: {figure_text(v)}",
}

EXAMPLE = '{{ cijfer("toegang.verblijfsstatus") }}'


class ReferenceEnvironment(SandboxedEnvironment):
    """A sandbox that renders nothing but the reference functions, with undefined names refused."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


ENVIRONMENT = ReferenceEnvironment()


@dataclass(frozen=True)
class ReferenceProblem:
    line: int  # 1-based, within the fragment
    what: str
    found: str = ""


@dataclass
class Rendered:
    """A fragment with every reference replaced by its marker character."""

    text: str
    references: list[Reference]
    extra_lines: list[int]  # line breaks inside each reference's {{ … }}, which the output drops

    def marker_index(self, char: str) -> int | None:
        code = ord(char)
        return code - FIRST_MARKER if FIRST_MARKER <= code <= LAST_MARKER else None

    def filled(self, text: str) -> str:
        """Markers replaced by the values they stand for."""
        return "".join(self.value_of(char) for char in text)

    def template_form(self, text: str) -> str:
        """Markers replaced by the reference as written: what a sentence says, whatever the data."""
        return "".join(self.source_of(char) for char in text)

    def value_of(self, char: str) -> str:
        index = self.marker_index(char)
        return char if index is None else self.references[index].text

    def source_of(self, char: str) -> str:
        index = self.marker_index(char)
        return char if index is None else self.references[index].source

    def line_at(self, position: int, first_line: int) -> int:
        """The line in the file of a position in the rendered text."""
        before = self.text[:position]
        extra = sum(
            self.extra_lines[index]
            for index in (self.marker_index(char) for char in before)
            if index is not None
        )
        return first_line + before.count("\n") + extra


def without_markers(source: str) -> str:
    """A writer never types the supplementary private-use characters (planes 15 and 16, which
    stand for references and lines); drop any that a paste brought in."""
    return "".join(c for c in source if ord(c) < FIRST_MARKER and c != "\u2063")


MAX_DEPTH = 12  # brackets inside one reference: a reference needs one pair
MAX_REFERENCES = LAST_MARKER - FIRST_MARKER + 1
EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def check_references(source: str, figures: Figures) -> list[ReferenceProblem]:
    """Every problem with the references of a fragment: syntax, functions, figures, nesting."""
    problems = too_deep(source)
    if problems:  # the other references are still checked
        source = EXPRESSION.sub(lambda match: shallow(match.group(0)), source)
    try:
        tree = ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        return [
            *problems,
            ReferenceProblem(error.lineno, f"reference syntax error: {error.message}", EXAMPLE),
        ]
    except RecursionError:
        return [*problems, ReferenceProblem(1, "a reference is nested too deeply to read", EXAMPLE)]
    count = 0
    for output in tree.body:
        if not isinstance(output, nodes.Output):
            problems.append(
                ReferenceProblem(output.lineno, "only references are allowed, not a Jinja statement", EXAMPLE)
            )
            continue
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                continue
            count += 1
            what = reference_problem(node, figures)
            if what:
                problems.append(ReferenceProblem(node.lineno, what))
    if count > MAX_REFERENCES:
        problems.append(ReferenceProblem(1, f"more than {MAX_REFERENCES} references in one part"))
    return problems


def depth(expression: str) -> int:
    """How deeply brackets nest in an expression, its own {{ }} not counted."""
    level = deepest = 0
    for char in expression:
        level += 1 if char in "([{" else -1 if char in ")]}" else 0
        deepest = max(deepest, level)
    return deepest - 2


def shallow(expression: str) -> str:
    """An expression nested too deeply, as only its line breaks (for checking the rest)."""
    return "\n" * expression.count("\n") if depth(expression) > MAX_DEPTH else expression


def too_deep(source: str) -> list[ReferenceProblem]:
    """References with more nested brackets than any reference needs: refused before Jinja's
    parser, which would recurse once per bracket."""
    problems = []
    for match in EXPRESSION.finditer(source):
        deepest = depth(match.group(0))
        if deepest > MAX_DEPTH:
            line = source.count("\n", 0, match.start()) + 1
            problems.append(
                ReferenceProblem(
                    line,
                    f"a reference nested {deepest} brackets deep (at most {MAX_DEPTH})",
                    EXAMPLE,
                )
            )
    return problems


def reference_problem(node: nodes.Node, figures: Figures) -> str:
    """Why an expression is not a valid reference, or ''."""
    if not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)):
        return f"only references like {EXAMPLE} are allowed, not a {type(node).__name__} expression"
    function = node.node.name
    if function not in FORMS:
        return f"unknown function {function}(); expected one of {', '.join(FORMS)}"
    args = node.args
    if node.kwargs or node.dyn_args or node.dyn_kwargs or len(args) != 1:
        return f"{function}() takes exactly one figure id in quotes, e.g. {EXAMPLE}"
    if not (isinstance(args[0], nodes.Const) and isinstance(args[0].value, str)):
        return f"{function}() takes a figure id in quotes, e.g. {EXAMPLE}"
    return figures.problem(function, args[0].value)


def render_references(source: str, figures: Figures, first_line: int = 1) -> Rendered:
    """Render a fragment: each reference becomes its marker, in document order.

    The parsed tree is read, not executed: text stays text, and each expression becomes a
    marker. A reference with a problem (which `check_references` reports) becomes a marker
    that is not `valid`, so that the other checks still read the rest of the text; a part
    that cannot be parsed at all is read with each `{{ … }}` as such a marker."""
    if too_deep(source):
        return render_unparsed(source, first_line)
    try:
        tree = ENVIRONMENT.parse(source)
        breaks = expression_line_breaks(source)
    except (TemplateSyntaxError, RecursionError):
        return render_unparsed(source, first_line)
    text: list[str] = []
    references: list[Reference] = []
    for output in tree.body:
        for node in output.nodes if isinstance(output, nodes.Output) else []:
            if isinstance(node, nodes.TemplateData):
                text.append(node.data)
                continue
            if len(references) == MAX_REFERENCES:
                continue
            references.append(reference_of(node, figures, first_line - 1 + node.lineno))
            text.append(chr(FIRST_MARKER + len(references) - 1))
    return Rendered("".join(text), references, breaks[: len(references)])


def reference_of(node: nodes.Node, figures: Figures, line: int) -> Reference:
    """The reference an expression is; one that is not valid shows as typed."""
    if not reference_problem(node, figures):
        function, figure_id = node.node.name, node.args[0].value
        value = figures.value(function, figure_id)
        return Reference(function, figure_id, line, value, FORMS[function](value))
    function = node.node.name if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) else "?"
    argument = node.args[0] if isinstance(node, nodes.Call) and node.args else None
    figure_id = (
        argument.value if isinstance(argument, nodes.Const) and isinstance(argument.value, str) else "?"
    )
    shown = f'{{{{ {function}("{figure_id}") }}}}'
    return Reference(function, figure_id, line, Value(0, None), shown, valid=False)


def render_unparsed(source: str, first_line: int) -> Rendered:
    """A fragment Jinja cannot read, with each `{{ … }}` as a marker that is not valid and each
    `{% … %}` or `{# … #}` as its line breaks only."""
    text: list[str] = []
    references: list[Reference] = []
    breaks: list[int] = []
    position = 0
    for match in EXPRESSION.finditer(source):
        text.append(source[position : match.start()])
        position = match.end()
        expression = match.group(0)
        if not expression.startswith("{{") or len(references) == MAX_REFERENCES:
            text.append("\n" * expression.count("\n"))
            continue
        line = first_line + source.count("\n", 0, match.start())
        references.append(Reference("?", "?", line, Value(0, None), "{{ … }}", valid=False))
        breaks.append(expression.count("\n"))
        text.append(chr(FIRST_MARKER + len(references) - 1))
    text.append(source[position:])
    return Rendered("".join(text), references, breaks)


def expression_line_breaks(source: str) -> list[int]:
    """For each {{ … }} in order, how many line breaks it spans (from Jinja's own lexer)."""
    spans = []
    begin = 0
    for lineno, kind, _ in ENVIRONMENT.lex(source):
        if kind == "variable_begin":
            begin = lineno
        elif kind == "variable_end":
            spans.append(lineno - begin)
    return spans
