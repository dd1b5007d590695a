"""The site first, its PDFs after: what `enquete build --watch` does with an edit.

Why: Chromium's print of a wave's paged report and annex takes most of an edit's time, and a
researcher who saved a text wants to see the page, not wait for the PDF. So in watch mode
the site step publishes the site with only those PDFs that are already printed for exactly
these pages (from the PDF cache, `enquete.publish.pdf_cache`); the others are left out, never
a PDF of the previous pages, so a published PDF never disagrees with the site. Their names
are kept in `.enquete-cache/pdfs-pending.json`, and right after the build the PDFs follow
(`print_pending_pdfs`): printed from a copy of the live site, read by the same publication
gate, then moved into the site one file at a time (`os.replace`, atomic).

The gate judges the pages before their PDFs exist as if the PDFs were there (a download
link to a PDF that follows is not a broken link). A follow-up that is refused or killed
leaves the record in place; the next build, watched or not, prints them first, so a plain
build after an interrupted watcher never leaves a PDF out.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from enquete.errors import InputError, Problem
from enquete.files import write_atomically
from enquete.publish.pdf import make_pdfs, read_plan
from enquete.publish.pdf_cache import CACHE

PENDING = Path(".enquete-cache") / "pdfs-pending.json"

Gate = Callable[..., list[Problem]]


def place_printed_pdfs(site: Path, plan_file: Path, cache: Path = CACHE) -> list[str]:
    """Put into `site` every planned PDF already printed from exactly these files; return the
    names of the others, which follow the site."""
    placed = make_pdfs(site, plan_file, cache, only_cached=True)
    return [item["pdf"] for item in read_plan(plan_file) if site / item["pdf"] not in placed]


def remember_pending(site: Path, plan_file: Path, names: list[str]) -> None:
    """Note which PDFs the live site still waits for (or that it waits for none)."""
    if not names:
        PENDING.unlink(missing_ok=True)
        return
    record = {"site": str(site), "plan": str(plan_file), "pdfs": sorted(names)}
    write_atomically(PENDING, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode())


def pending_pdfs() -> list[str]:
    """The PDFs the live site waits for: printed by the next `print_pending_pdfs`."""
    try:
        return list(json.loads(PENDING.read_text(encoding="utf-8"))["pdfs"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def print_pending_pdfs(gate: Gate | None) -> list[str]:
    """Print the PDFs the live site waits for, gate them, and move them into the site.

    Printed in a copy of the site made of hard links (the pages are not copied, and the
    live site is not touched while Chromium reads); the gate reads that copy, PDFs
    included; only then does each PDF move into the live site. A refusal leaves the site as
    it is, without those PDFs, and the record in place.
    """
    try:
        record = json.loads(PENDING.read_text(encoding="utf-8"))
        site, plan_file = Path(record["site"]), Path(record["plan"])
    except (OSError, ValueError, KeyError, TypeError):
        PENDING.unlink(missing_ok=True)
        return []
    if not site.is_dir():
        PENDING.unlink(missing_ok=True)
        return []
    staging = site.with_name(f".{site.name}.pdf")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging, copy_function=os.link)
    try:
        printed = make_pdfs(staging, plan_file)
        problems = gate(staging) if gate else []
        if problems:
            raise InputError(
                problems,
                remedy="the site stays as it is, without these PDFs. "
                "Remove the string from the data (or anonymise the quote) and run again.",
            )
        names = sorted(str(path.relative_to(staging)) for path in printed)
        for name in names:
            os.replace(staging / name, site / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    PENDING.unlink(missing_ok=True)
    return [name for name in names if name in record["pdfs"]]
