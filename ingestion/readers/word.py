"""Word (.docx) documents with python-docx: paragraphs and table rows in document order.

The archive is checked first (``ingestion.readers.archive``): unpacked size within
``GRAPHHUB_MAX_EXPANDED_MB``, no document type declarations. Any error python-docx
or lxml raises on a damaged file becomes a ReadError naming the file.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx

from ingestion.errors import ReadError
from ingestion.readers.archive import check_archive
from ingestion.readers.limits import ReadLimits


def docx_document(
    data: bytes, path: Path, limits: ReadLimits | None = None
) -> tuple[str | None, str]:
    """The title (core property or first heading) and the plain text of a .docx file."""
    limits = limits or ReadLimits()
    check_archive(data, path, limits, ".docx")
    try:
        return _read(data, path)
    except ReadError:
        raise
    # python-docx and lxml raise many kinds of error on damaged parts (KeyError for a
    # missing part, XMLSyntaxError, ValueError, AttributeError on odd trees, ...).
    except Exception as exc:
        raise ReadError(
            "not a readable .docx (damaged, or another format renamed)",
            path=str(path),
            reason=f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
        ) from exc


def _read(data: bytes, path: Path) -> tuple[str | None, str]:
    document = docx.Document(io.BytesIO(data))
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
