"""How much a file may expand to once read: the limits every reader enforces.

A file's size on disk (``GRAPHHUB_MAX_FILE_MB``) says little about what it holds: a
1 MB .docx can inflate to gigabytes, a PDF can have a million pages, a table cell can
hold a whole book. Each limit here is a ``GRAPHHUB_*`` setting; a file over one fails
alone with a message naming the file and the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphhub.config import Settings

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on what one file may expand to (defaults as in ``Settings``)."""

    max_expanded_bytes: int = 200 * MB  # GRAPHHUB_MAX_EXPANDED_MB: unpacked parts of a zip
    max_pdf_pages: int = 2000  # GRAPHHUB_MAX_PDF_PAGES
    max_text_chars: int = 60_000_000  # GRAPHHUB_MAX_TEXT_CHARS: text of one document
    max_field_chars: int = 10_000  # GRAPHHUB_MAX_FIELD_CHARS: one cell or value
    max_columns: int = 200  # GRAPHHUB_MAX_COLUMNS: columns of one table

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        """The limits a deployment configured."""
        return cls(
            max_expanded_bytes=settings.max_expanded_mb * MB,
            max_pdf_pages=settings.max_pdf_pages,
            max_text_chars=settings.max_text_chars,
            max_field_chars=settings.max_field_chars,
            max_columns=settings.max_columns,
        )


def current_limits() -> ReadLimits:
    """The limits of the process environment (``GRAPHHUB_*``), for callers given none."""
    return ReadLimits.from_settings(Settings.from_env())
