"""The gate's memory: files it passed, by their content, so an edit re-scans only what changed.

Scanning every published file takes seconds (two PDFs, thirty pages, the search index, every
download), and after a researcher's edit most of them are byte for byte the files the gate
passed last time. A verdict holds only for the same file name and bytes (a name can leak too)
and for the same gate: the names it looks for, the consented examples and the code of the
checks. Any of these changed — another population, a withdrawn consent, a new check — gives
another fingerprint, and everything is scanned again. Only passes are remembered: a file with
a problem is scanned on every build, so its message is always the current one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from enquete.files import write_atomically

CACHE = Path(".enquete-cache") / "gate"
CHECK_CODE = ("privacy", "cell_safety.py")  # what decides a verdict, beside the gate's inputs


def digest(*parts: bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(hashlib.sha256(part).digest())
    return hashed.hexdigest()


def code_of_the_checks() -> bytes:
    """The source of every module a verdict depends on, in a fixed order."""
    package = Path(__file__).resolve().parent.parent
    files: list[Path] = []
    for name in CHECK_CODE:
        path = package / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    named = (path.relative_to(package).as_posix().encode() + b"=" + path.read_bytes() for path in files)
    return b"\0".join(named)


def fingerprint(what_the_gate_knows: Iterable[object]) -> str:
    """One value for the gate's names, consents and code: verdicts hold only under it."""
    known = json.dumps(list(what_the_gate_knows), sort_keys=True, default=repr, ensure_ascii=False)
    return digest(known.encode(), code_of_the_checks())


class Verdicts:
    """The passes of earlier scans under one fingerprint, kept in `.enquete-cache/gate/`."""

    def __init__(self, fingerprint: str, folder: Path = CACHE) -> None:
        self.file = folder / f"{fingerprint}.json"
        self.passes: set[str] = set()
        with contextlib.suppress(OSError, ValueError, TypeError):  # none, or damaged: scan everything
            self.passes = set(json.loads(self.file.read_text(encoding="utf-8")))

    @staticmethod
    def key(name: str, content: bytes) -> str:
        return digest(name.encode(), content)

    def passed(self, key: str) -> bool:
        return key in self.passes

    def remember(self, keys: Iterable[str]) -> None:
        """Keep the passes of this scan (and only these: stale ones are dropped)."""
        self.passes = set(keys)
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.file, (json.dumps(sorted(self.passes), indent=0) + "\n").encode())
