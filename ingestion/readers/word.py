"""Word (.docx) documents with python-docx: paragraphs and table rows in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from ingestion.errors import ReadError


def docx_document(data: bytes, path: Path) -> tuple[str | None, str]:
    """The title (core property or first heading) and the plain text of a .docx file."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(
            "not a readable .docx (damaged, or another format renamed)",
            path=str(path),
            reason=str(exc) or None,
        ) from exc
    lines: list[str] = []
    heading: str | None = None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = paragraph.style.name if paragraph.style is not None else ""
        if heading is None and text and (style or "").startswith(("Title", "Heading")):
            heading = text
        lines.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            lines.append("; ".join(cell for cell in cells if cell))
    title = document.core_properties.title or heading
    text = "\n".join(lines).strip()
    if not text:
        raise ReadError("the .docx file holds no text", path=str(path))
    return title, text
