"""Writing a file or a folder so that a killed run never leaves half of it behind.

Every writer puts its bytes in a temporary sibling (the same folder, so the same file
system) and renames it over the target with `os.replace`, which is atomic: a reader, or the
next run after a kill, sees the old file or the new one, never a part. A kill can leave the
temporary sibling itself; its name is fixed (`.<name>.tmp`), so the next run of the same
command finds and removes it (`remove_leftover`), and a rerun simply writes it again.

Its own module, without pandas, so that the PDF step and the build's summary can use it
without importing pandas (a no-op build imports neither).
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def temporary_for(path: Path | str) -> Path:
    """The temporary sibling a write of `path` goes through: `.<name>.tmp` beside it."""
    path = Path(path)
    return path.with_name(f".{path.name}.tmp")


def write_atomically(path: Path | str, data: bytes) -> None:
    """Write to a temporary sibling and rename, so a killed run leaves the old file intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_for(path)
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


def remove_leftover(path: Path | str) -> bool:
    """Remove what a killed write of `path` left behind (its temporary sibling, a file or a
    folder); True when there was something to remove."""
    temporary = temporary_for(path)
    if temporary.is_dir() and not temporary.is_symlink():
        shutil.rmtree(temporary)
        return True
    if temporary.exists() or temporary.is_symlink():
        temporary.unlink()
        return True
    return False
