"""Reprint a wave's PDF only when something it was printed from has changed.

Printing is the slowest part of a build: Chromium starts, runs plotly.js for every chart
and lays out thirty A4 pages, for each wave. Most builds change one wave (a researcher
edits an example or a coder's file) or nothing a PDF shows at all, yet every build used to
print every wave again.

Like a compiler cache, we remember for each PDF exactly what it was made from: every file
the browser asked for while printing (the print page, its stylesheets, scripts and fonts —
recorded by the request handler that serves them, not guessed), with its SHA-256; the
plan's entry (page, title, date); and the Chromium and Playwright that printed it. When a
later build stages a site in which all of these are byte for byte the same, the PDF is
taken from `.enquete-cache/pdf/` instead of printed. Because printing the same files with
the same browser gives the same bytes (the dates are normalised), the result is exactly the
PDF a fresh print would give. Anything else — one byte of the page, another Chromium, a
missing or damaged cache entry — prints anew. `make clean` empties the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from enquete.files import write_atomically

CACHE = Path(".enquete-cache") / "pdf"
MISSING = ""  # a file the browser asked for that the site did not have


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def printer_identity(chromium: Path) -> dict[str, object]:
    """What must be the same for a print to be the same: the browser binary and Playwright."""
    binary = chromium.resolve()
    status = binary.stat()
    return {
        "chromium": str(binary),
        "size": status.st_size,
        "modified_ns": status.st_mtime_ns,
        "playwright": version("playwright"),
    }


def entry_name(item: dict) -> str:
    return item["pdf"].replace("/", "__")


def file_digest(site: Path, relative: str) -> str:
    path = site / relative
    return sha256(path.read_bytes()) if path.is_file() else MISSING


def cached_pdf(cache: Path, site: Path, item: dict, printer: dict) -> bytes | None:
    """The PDF printed earlier from exactly these files, or None when it must be printed."""
    record_file = cache / f"{entry_name(item)}.json"
    pdf_file = cache / entry_name(item)
    if not (record_file.is_file() and pdf_file.is_file()):
        return None
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("item") != item or record.get("printer") != printer:
        return None
    files = record.get("files", {})
    if not files or any(file_digest(site, path) != digest for path, digest in files.items()):
        return None
    data = pdf_file.read_bytes()
    return data if sha256(data) == record.get("pdf") else None


def remember(cache: Path, item: dict, printer: dict, served: dict[str, str], data: bytes) -> None:
    """Keep a fresh print with the files it was made from, for the next build."""
    os.makedirs(cache, exist_ok=True)
    write_atomically(cache / entry_name(item), data)
    record = {"item": item, "printer": printer, "files": dict(sorted(served.items())), "pdf": sha256(data)}
    write_atomically(
        cache / f"{entry_name(item)}.json", (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()
    )
