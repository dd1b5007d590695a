"""The Chromium that makes the report's PDF and runs the browser tests.

Playwright's own browser download does not work on the project's machines (they reach only
the package registries), so we drive the Chromium that the operating system installs
(`apt-get install chromium`). The launch flags keep it from calling home: without them
Chromium tries background connections (updates, sync, field trials) that a machine without
internet refuses, and the report build must never depend on the network.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENVIRONMENT_VARIABLE = "ENQUETE_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> Path | None:
    """The browser to use: $ENQUETE_CHROMIUM if set ('off' for none), else the first on PATH."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen is not None:
        if chosen.strip().lower() in ("", "0", "off", "no", "none"):
            return None
        path = Path(chosen)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def missing_message() -> str:
    return (
        "Chromium was not found (set ENQUETE_CHROMIUM to its path, or install it: apt-get install chromium)"
    )
