"""The text a reader can get out of a published PDF, read quickly.

The gate reads every PDF the build prints. pypdf's text extraction is pure Python and takes
seconds for the two report PDFs; poppler's `pdftotext` (installed from the operating system,
like Chromium) reads the same pages in a fraction of that. pypdf stays as the reader where
poppler is not installed, and always reads the metadata (title, author, subject), which it
does without parsing the pages.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

PAGE_BREAK = "\f"  # pdftotext ends every page with a form feed


def pdf_metadata(path: Path) -> str:
    """The PDF's document information (title, author, …) as one text."""
    from pypdf import PdfReader

    metadata = PdfReader(path).metadata or {}
    return " ".join(str(value) for value in metadata.values())


def pages_by_poppler(path: Path, program: str) -> list[str] | None:
    """Every page's text by `pdftotext`, or None when it cannot read the file."""
    result = subprocess.run(
        [program, "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False
    )
    if result.returncode != 0:
        return None
    pages = result.stdout.decode("utf-8", errors="replace").split(PAGE_BREAK)
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pages_by_pypdf(path: Path) -> list[str]:
    """Every page's text by pypdf: slower, but needs nothing from the operating system."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_text(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text): the metadata, then the text of every page of a PDF."""
    yield "metadata", pdf_metadata(path)
    program = shutil.which("pdftotext")
    pages = pages_by_poppler(path, program) if program else None
    if pages is None:
        pages = pages_by_pypdf(path)
    for number, text in enumerate(pages, start=1):
        yield f"PDF page {number}", text
