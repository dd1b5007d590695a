"""Reading YAML files that must match a JSON schema, with errors a researcher can act on.

The configuration, codebooks and crosswalks are typed by hand, so the loader is stricter
than YAML itself, and every message names the file, the line and the key:

- a key given twice is refused (YAML would silently keep the last one);
- aliases (`*name`, also in `<<: *name`) are refused: they are never needed here, and a
  few lines of nested aliases (an "alias bomb") expand to more data than memory holds;
- dates stay text until the schema checks them, so `published: 2020-02-30` is reported
  as an impossible date, not as a crash inside the YAML library;
- a syntax error (a tab used for indentation, a missing quote) names line and column.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.encodings import decoding_problem

TIMESTAMP = "tag:yaml.org,2002:timestamp"
KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A problem with one value of a YAML file, before its line is looked up."""

    key: KeyPath
    what: str
    found: Any
    expected: str


class Refused(yaml.MarkedYAMLError):
    """YAML that is well-formed but not accepted here (a duplicate key, an alias)."""

    def __init__(self, mark: yaml.Mark, problem: str, found: str, expected: str, key: str = "") -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.found = found
        self.expected = expected
        self.key = key


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases, duplicate keys or implicit dates."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise Refused(
                event.start_mark,
                "YAML aliases are not allowed",
                found=f"*{event.anchor}",
                expected="every value written out in full",
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = json_key(self.construct_object(key_node, deep=True))
            if key in seen:
                raise Refused(
                    key_node.start_mark,
                    "key given twice in the same mapping",
                    found=key,
                    expected="each key once (YAML would silently keep only the last)",
                    key=key,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def json_key(key: Any) -> str:
    """A mapping key as JSON (and so the schema) sees it: 1 and "1" are the same key."""
    try:
        return next(iter(json.loads(json.dumps({key: 0}, default=str))))
    except TypeError:  # a list or mapping as key: the schema will refuse it
        return repr(key)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON schema shipped with the package under `enquete/schemas/<name>.schema.json`."""
    text = resources.files("enquete.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def as_json_data(data: Any) -> Any:
    """YAML's ints-as-keys as JSON sees them, so one schema describes both."""
    return json.loads(json.dumps(data, default=str))


def line_numbers(node: yaml.Node | None, path: KeyPath = ()) -> dict[KeyPath, int]:
    """The line (from 1) where each key or list item of a document starts."""
    lines: dict[KeyPath, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            here = (*path, str(key_node.value))
            lines[here] = key_node.start_mark.line + 1
            lines.update(line_numbers(value_node, here))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, str(index))
            lines[here] = item.start_mark.line + 1
            lines.update(line_numbers(item, here))
    return lines


def parse_yaml(data: bytes, shown: str, what: str) -> tuple[Any, dict[KeyPath, int]]:
    """The document and the line of every key; any problem is an `InputError` with its place."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError([decoding_problem(data, error, shown, what)]) from None
    try:
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as error:  # a control character, found before parsing starts
        raise InputError([unreadable_character(error, text, shown, what)]) from None
    try:
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise InputError([syntax_problem(error, text, shown, what)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(shown, f"{what} is not valid YAML", found=str(error))]) from None
    except RecursionError:
        raise InputError(
            [Problem(shown, f"{what} is nested too deeply", expected="a few levels of keys and lists")]
        ) from None
    finally:
        loader.dispose()
    return document, line_numbers(node)


def unreadable_character(error: yaml.reader.ReaderError, text: str, shown: str, what: str) -> Problem:
    """A character YAML does not accept (a control character), at its line and column."""
    line = text.count("\n", 0, error.position) + 1
    column = error.position - text.rfind("\n", 0, error.position)
    return Problem(
        shown,
        f"{what} is not valid YAML: {error.reason}",
        place=f"line {line}, column {column}",
        found=f"character U+{error.character:04X}",
        expected="printable text",
    )


def syntax_problem(error: yaml.MarkedYAMLError, text: str, shown: str, what: str) -> Problem:
    """A YAML error at its line and column, with the line as found."""
    mark = error.problem_mark or error.context_mark or yaml.Mark(shown, 0, 0, 0, None, None)
    problem = error.problem or error.context or "not valid YAML"
    if isinstance(error, Refused):
        return Problem(
            shown,
            f"{problem} in {what}",
            line=mark.line + 1,
            key=error.key or None,
            found=error.found,
            expected=error.expected,
        )
    lines = text.splitlines()
    start = error.context_mark
    if error.context and start and (start.line, start.column) != (mark.line, mark.column):
        problem += f" ({error.context}, which starts at line {start.line + 1}, column {start.column + 1})"
    at_end = mark.line >= len(lines) or not lines[mark.line].strip()  # e.g. an unclosed quote
    shown_line = start.line if at_end and start else mark.line
    found = lines[shown_line] if shown_line < len(lines) else ""
    expected = (
        "spaces for indentation (YAML does not allow tabs)"
        if "\\t" in problem or "\t" in found[: mark.column + 1]
        else "valid YAML: check the indentation, the colon after each key and closing quotes"
    )
    return Problem(
        shown,
        f"{what} is not valid YAML: {problem}",
        place=f"line {mark.line + 1}, column {mark.column + 1}",
        found=found,
        expected=expected,
    )


def schema_findings(data: Any, schema_name: str) -> list[Finding]:
    """Every violation of the schema, with the value found where it is a single value."""
    validator = jsonschema.Draft202012Validator(
        load_schema(schema_name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [
        finding_of(error)
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]


def finding_of(error: jsonschema.ValidationError) -> Finding:
    key = tuple(str(part) for part in error.absolute_path)
    found = error.instance if isinstance(error.instance, str | int | float | bool) else None
    if error.validator == "format" and error.validator_value == "date":
        return Finding(key, "date that does not exist", found, "a real date written as YYYY-MM-DD")
    return Finding(key, f"does not match its schema: {error.message}", found, "")


def non_finite_numbers(data: Any, key: KeyPath = ()) -> list[Finding]:
    """`.nan` and `.inf` are numbers to YAML, but compare with nothing: a limit set to `.nan`
    would silently never apply, so they are refused wherever they appear."""
    if isinstance(data, float) and not math.isfinite(data):
        return [Finding(key, "number that is not finite", data, "an ordinary number")]
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    return [finding for k, value in items for finding in non_finite_numbers(value, (*key, str(k)))]


def read_validated_yaml(
    path: Path | str,
    schema_name: str,
    what: str,
    checks: Iterable[Callable[[Any], list[Finding]]] = (),
) -> dict[str, Any]:
    """Parse a YAML file and check it against its schema (and `checks`), reporting every problem."""
    path = require_file(path, what)
    shown = display_path(path)
    document, lines = parse_yaml(path.read_bytes(), shown, what)
    data = as_json_data(document)
    findings = non_finite_numbers(data) or schema_findings(data, schema_name)
    if not findings:
        findings = [finding for check in checks for finding in check(data)]
    if findings:
        raise InputError(
            [problem_at(finding, shown, what, lines) for finding in findings],
            remedy=f"correct {shown}; its schema is {schema_name}.schema.json.",
        )
    return data


def problem_at(finding: Finding, shown: str, what: str, lines: dict[KeyPath, int]) -> Problem:
    """A finding as a problem at the line of its key (or of the nearest enclosing key)."""
    key = finding.key
    while key and key not in lines:
        key = key[:-1]
    return Problem(
        shown,
        f"{what} {finding.what}" if finding.what.startswith("does not") else finding.what,
        line=lines.get(key),
        key="/".join(finding.key) or "(top level)",
        found=None if finding.found is None else str(finding.found),
        expected=finding.expected or None,
    )
