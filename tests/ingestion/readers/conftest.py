"""Builders of real document files for the reader tests, offered as fixtures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(lines: list[str], title: str | None = None) -> bytes:
    """A minimal one-page PDF whose text layer holds ``lines`` (Helvetica, one line each).

    Written by hand with a correct cross-reference table, since pypdf cannot create text.
    An empty ``lines`` list gives a page with no text layer, like a scan without OCR.
    """
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if title is not None:
        objects.append(b"<< /Title (" + _escape(title).encode("latin-1") + b") >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    info = f" /Info {len(objects)} 0 R" if title is not None else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_docx(path: Path, title: str | None, heading: str, paragraphs: list[str]) -> Path:
    """A .docx made by python-docx with an optional core title, a heading and paragraphs."""
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "XAC/K22"
    table.rows[0].cells[1].text = "USD 1,200,000"
    document.save(str(path))
    return path


PdfMaker = Callable[..., Path]
DocxMaker = Callable[..., Path]


@pytest.fixture
def make_pdf(tmp_path: Path) -> PdfMaker:
    """Write a hand-built PDF into tmp_path and return its path."""

    def make(name: str, lines: list[str], title: str | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(pdf_bytes(lines, title))
        return path

    return make


@pytest.fixture
def make_docx(tmp_path: Path) -> DocxMaker:
    """Write a python-docx document into tmp_path and return its path."""

    def make(name: str, title: str | None, heading: str, paragraphs: list[str]) -> Path:
        return write_docx(tmp_path / name, title, heading, paragraphs)

    return make
