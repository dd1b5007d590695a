"""The gate's PDF reader: poppler and pypdf find the same text, page by page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from enquete.privacy import pdf_text as reader


def one_text_page(text: str) -> bytes:
    """A minimal PDF of one page with `text` in Helvetica, its cross-reference table exact."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(one_text_page("Eva Evers woont in Eewolde"))
    return path


def test_pypdf_reads_the_page_text(pdf: Path) -> None:
    assert "Eva Evers woont in Eewolde" in reader.pages_by_pypdf(pdf)[0]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_poppler_reads_the_same_pages_as_pypdf(pdf: Path) -> None:
    poppler = reader.pages_by_poppler(pdf, shutil.which("pdftotext") or "")
    assert poppler is not None
    assert len(poppler) == len(reader.pages_by_pypdf(pdf)) == 1
    assert "Eva Evers woont in Eewolde" in poppler[0]


def test_without_poppler_the_gate_still_reads_every_page(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.shutil, "which", lambda name: None)
    parts = dict(reader.pdf_text(pdf))
    assert "Eewolde" in parts["PDF page 1"]


def test_a_file_poppler_cannot_read_falls_back_to_pypdf(pdf: Path, tmp_path: Path) -> None:
    broken = tmp_path / "niet-te-lezen.pdf"
    broken.write_bytes(b"geen pdf")
    assert reader.pages_by_poppler(broken, shutil.which("pdftotext") or "false") is None
