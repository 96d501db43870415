"""Rebuild the .docx and .pdf documents of the demo corpus from their plain-text sources.

Run from the project root: ``python demo/build_formats.py``. The first line of a
source becomes the title; paragraphs are separated by blank lines. The PDF is
written byte by byte (Helvetica, WinAnsi text layer) so no PDF library is needed.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx

DEMO = Path(__file__).resolve().parent
SOURCES = DEMO / "sources"
REPORTS = DEMO / "reports"

# Points: A4 page, margins, font sizes and line heights.
PAGE_W, PAGE_H, MARGIN = 595, 842, 56
BODY_SIZE, TITLE_SIZE, LEADING = 10.5, 14, 14
WRAP = 95


def paragraphs(path: Path) -> tuple[str, list[str]]:
    """The title and the paragraphs (joined lines) of a source text."""
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    title, body = blocks[0], blocks[1:]
    return title, [" ".join(b.split()) for b in body]


def write_docx(source: Path, target: Path) -> None:
    """A Word document with a heading and one paragraph per source paragraph."""
    title, body = paragraphs(source)
    document = docx.Document()
    document.add_heading(title, level=1)
    for text in body:
        document.add_paragraph(text)
    document.save(str(target))


def _pdf_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace").decode("latin-1")


def _page_streams(title: str, body: list[str]) -> list[str]:
    lines: list[tuple[float, str]] = [(TITLE_SIZE, title), (BODY_SIZE, "")]
    for text in body:
        lines.extend((BODY_SIZE, line) for line in textwrap.wrap(text, WRAP))
        lines.append((BODY_SIZE, ""))
    per_page = (PAGE_H - 2 * MARGIN) // LEADING
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    streams = []
    for page in pages:
        ops = ["BT", f"{MARGIN} {PAGE_H - MARGIN} Td", f"{LEADING} TL"]
        for size, line in page:
            ops.append(f"/F1 {size} Tf ({_pdf_text(line)}) Tj T*")
        ops.append("ET")
        streams.append("\n".join(ops))
    return streams


def write_pdf(source: Path, target: Path) -> None:
    """A minimal PDF 1.4 with a real text layer, one content stream per page."""
    title, body = paragraphs(source)
    streams = _page_streams(title, body)
    first_page = 4
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(streams)))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, stream in enumerate(streams):
        content = first_page + 2 * i + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        )
        data = stream.encode("latin-1")
        objects.append(f"<< /Length {len(data)} >>\nstream\n{stream}\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body_text in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body_text}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    target.write_bytes(bytes(out))


def main() -> None:
    write_docx(SOURCES / "donor_update_2015.txt", REPORTS / "donor_update_2015.docx")
    write_pdf(SOURCES / "office_note_ashgabat_2016.txt", REPORTS / "office_note_ashgabat_2016.pdf")


if __name__ == "__main__":
    main()
