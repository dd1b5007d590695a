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

import os
import shutil
from pathlib import Path


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
