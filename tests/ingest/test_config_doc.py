"""Every key of the configuration's schema is explained in docs/data-formats.md."""

from __future__ import annotations

import json
from collections.abc import Iterator

from tests.conftest import PROJECT

SCHEMA = json.loads((PROJECT / "enquete/schemas/config.schema.json").read_text(encoding="utf-8"))
DOC = (PROJECT / "docs/data-formats.md").read_text(encoding="utf-8")


def keys(node: object) -> Iterator[str]:
    """Every property name anywhere in the schema ($defs included)."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield name
            yield from keys(value)
        for name, value in node.items():
            if name != "properties":
                yield from keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from keys(value)


def test_the_schema_has_the_keys_a_wave_needs() -> None:
    assert {"id_column", "gemeente_column", "separator", "values", "crosswalk", "min_uses"} <= set(
        keys(SCHEMA)
    )


def test_every_configuration_key_is_documented() -> None:
    section = DOC[DOC.index("## `config/config.yaml` — every key") :]
    missing = sorted({key for key in keys(SCHEMA) if f"`{key}`" not in section})
    assert not missing, f"docs/data-formats.md does not explain: {', '.join(missing)}"
