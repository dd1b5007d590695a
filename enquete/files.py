"""Writing a file so that a killed run never leaves half of it behind.

Its own module, without pandas, so that the PDF step and the build's summary can use it
without importing pandas (a no-op build imports neither).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def write_atomically(path: Path | str, data: bytes) -> None:
    """Write to a temporary sibling and rename, so a killed run leaves the old file intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def parsed_once(load: Callable[[Path | str], T]) -> Callable[[Path | str], T]:
    """`load(path)`, remembered for the life of the process while the file's bytes stay the same.

    A build runs its steps in one process, and each step used to parse and schema-validate
    the configuration and the codebooks again: some twenty times per build. The result is
    kept by the file's absolute path, the working directory (the checks resolve paths against
    it) and its content, so an edited file — the watcher and the preview live on between
    edits — is read afresh. A file that fails to load is not remembered: its error shows on
    every call. The loaders return frozen values, which callers share.
    """
    remembered: dict[str, tuple[tuple[str, bytes], T]] = {}  # by absolute path: one version each

    @functools.wraps(load)
    def loader(path: Path | str) -> T:
        try:
            content = Path(path).read_bytes()
        except OSError:
            return load(path)  # the loader says what is missing, in its own words
        where, version = str(Path(path).resolve()), (os.getcwd(), hashlib.sha256(content).digest())
        if where not in remembered or remembered[where][0] != version:
            remembered[where] = (version, load(path))
        return remembered[where][1]

    return loader
