"""Writing a file so that a killed run never leaves half of it behind.

Its own module, without pandas, so that the PDF step and the build's summary can use it
without importing pandas (a no-op build imports neither).
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path | str, data: bytes) -> None:
    """Write to a temporary sibling and rename, so a killed run leaves the old file intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
