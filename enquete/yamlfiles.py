"""Reading YAML files that must match a JSON schema, with errors a researcher can act on."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from enquete.errors import InputError, Problem, display_path, require_file

# libyaml's loader reads the same YAML about ten times faster than the pure-Python one; a
# codebook took 0.15-0.5 s to parse, and the comparison with the nulmeting parses one per wave.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON schema shipped with the package under `enquete/schemas/<name>.schema.json`."""
    text = resources.files("enquete.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def as_json_data(data: Any) -> Any:
    """YAML's ints-as-keys and dates as JSON sees them, so one schema describes both."""
    return json.loads(json.dumps(data, default=str))


def read_validated_yaml(path: Path | str, schema_name: str, what: str) -> dict[str, Any]:
    """Parse a YAML file and check it against its schema, reporting every violation at once."""
    path = require_file(path, what)
    shown = display_path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(
            [Problem(shown, f"{what} is not valid YAML", found=str(error).splitlines()[0])]
        ) from None
    data = as_json_data(data)
    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    problems = [
        Problem(
            shown,
            f"{what} does not match its schema: {error.message}",
            column="/".join(str(part) for part in error.absolute_path) or "(top level)",
        )
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
    if problems:
        raise InputError(problems, remedy=f"correct {shown}; its schema is {schema_name}.schema.json.")
    return data
