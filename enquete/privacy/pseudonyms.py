"""Stable pseudonyms for gemeenten.

A pseudonym is `G-` plus six hex digits of HMAC-SHA256(key, gemeente_id). The same gemeente
gets the same pseudonym in every wave (so waves compare as a panel), and without the key,
which stays in `raw/`, nobody can tell which gemeente a pseudonym stands for.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from enquete.errors import InputError, Problem, display_path, require_file


def read_key(path: Path | str) -> bytes:
    path = require_file(path, "the pseudonym key")
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 16:
        raise InputError(
            [
                Problem(
                    display_path(path),
                    "the pseudonym key is too short",
                    found=f"{len(key)} characters",
                    expected="at least 16 characters",
                )
            ]
        )
    return key.encode("utf-8")


def pseudonym(key: bytes, gemeente_id: str) -> str:
    digest = hmac.new(key, gemeente_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"G-{digest[:6]}"


def pseudonyms_for(key: bytes, gemeente_ids: list[str]) -> dict[str, str]:
    """Pseudonyms for a population; refuses the (astronomically rare) case of a collision."""
    mapping = {gemeente_id: pseudonym(key, gemeente_id) for gemeente_id in gemeente_ids}
    if len(set(mapping.values())) != len(mapping):
        raise InputError(
            [Problem("pseudonym key", "two gemeenten get the same pseudonym", expected="a different key")],
            remedy="choose another pseudonym key.",
        )
    return mapping
