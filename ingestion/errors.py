"""Errors raised while reading, extracting, resolving or writing source data.

Every error says where (file, row, field, value) and what the user can do about it:
``reports/x.pdf: PDF has no text layer (scanned?); OCR it first`` or
``contributions.csv row 12, column 'amount': cannot read '12,3,4' as a number``.
"""

from __future__ import annotations

from typing import Any


class IngestionError(Exception):
    """Root error of ingestion: which file, row and field went wrong, and why.

    ``message`` is the reason a user can act on; ``reason`` is an optional lower-level
    detail (a parser's own message) shown in parentheses after it.
    """

    # What a field is called in messages; tabular records speak of columns.
    field_noun = "field"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        field: str | None = None,
        value: Any = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.row = row
        self.field = field
        self.value = value
        self.reason = reason

    @property
    def location(self) -> str:
        """``file row 12, column 'amount'``: the place, or an empty string."""
        spots = [f"row {self.row}" if self.row is not None else "", self._field_text()]
        spot = ", ".join(part for part in spots if part)
        return " ".join(part for part in (self.path or "", spot) if part)

    def _field_text(self) -> str:
        return f"{self.field_noun} {self.field!r}" if self.field else ""

    def __str__(self) -> str:
        text = self.message
        # The value is usually quoted in the message already; only add it when it is not.
        if self.value is not None and repr(str(self.value)) not in text:
            text = f"{text}: got {str(self.value)!r}"
        if self.reason:
            text = f"{text} ({self.reason})"
        where = self.location
        return f"{where}: {text}" if where else text


class ReadError(IngestionError):
    """A file could not be read: missing, empty, too large, binary, badly encoded, corrupt."""


class RecordError(IngestionError):
    """One row or field of a source holds a value that cannot be used."""

    field_noun = "column"


class WriteError(IngestionError):
    """Records could not be written to the graph."""
