"""PDF text layer with pypdf; scanned, encrypted and broken files get a clear error."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ingestion.errors import ReadError

# pypdf logs every recoverable oddity of a damaged file; the ReadError says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_document(data: bytes, path: Path) -> tuple[str | None, str]:
    """The metadata title and the text of every page, pages separated by a blank line."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("PDF is encrypted; remove the password and try again", path=str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except ReadError:
        raise
    # pypdf raises a wide range of errors on damaged files, not only its own.
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ReadError(
            "not a readable PDF (damaged or not a PDF)", path=str(path), reason=str(exc) or None
        ) from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise ReadError("PDF has no text layer (scanned?); OCR it first", path=str(path))
    return (str(title) if title else None), text
