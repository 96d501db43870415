"""PDF text layer with pypdf; scanned, encrypted and broken files get a clear error."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ingestion.errors import ReadError
from ingestion.readers.limits import ReadLimits

# pypdf logs every recoverable oddity of a damaged file; the ReadError says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_document(
    data: bytes, path: Path, limits: ReadLimits | None = None
) -> tuple[str | None, str]:
    """The metadata title and the text of every page, pages separated by a blank line.

    More pages than ``GRAPHHUB_MAX_PDF_PAGES`` or more text than ``GRAPHHUB_MAX_TEXT_CHARS``
    fail the file (the text is counted page by page, so reading stops at the limit).
    """
    limits = limits or ReadLimits()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("PDF is encrypted; remove the password and try again", path=str(path))
        count = len(reader.pages)
        if count > limits.max_pdf_pages:
            raise ReadError(
                f"PDF has {count:,} pages, over the limit of {limits.max_pdf_pages:,} "
                "(GRAPHHUB_MAX_PDF_PAGES)",
                path=str(path),
            )
        pages: list[str] = []
        chars = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            chars += len(pages[-1])
            if chars > limits.max_text_chars:
                raise ReadError(
                    f"PDF holds more than {limits.max_text_chars:,} characters of text "
                    f"(the limit, GRAPHHUB_MAX_TEXT_CHARS, was passed on page {len(pages)})",
                    path=str(path),
                )
        title = reader.metadata.title if reader.metadata else None
    except ReadError:
        raise
    # pypdf raises a wide range of errors on damaged files, not only its own
    # (PyPdfError, ValueError, KeyError, ...), and the libraries beneath it theirs.
    except Exception as exc:
        reason = str(exc) if isinstance(exc, PyPdfError) else f"{type(exc).__name__}: {exc}"
        raise ReadError(
            "not a readable PDF (damaged or not a PDF)", path=str(path), reason=reason
        ) from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise ReadError("PDF has no text layer (scanned?); OCR it first", path=str(path))
    return (str(title) if title else None), text
