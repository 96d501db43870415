"""Errors of the reports: a bad selection, a bad priorities file, a format that cannot be made."""

from __future__ import annotations


class ReportError(Exception):
    """Root error of the reports; the message says what to change."""


class SelectionError(ReportError):
    """A selection that cannot be understood (unknown region, years the wrong way round)."""


class PrioritiesError(ReportError):
    """A priorities file that cannot be used: which file, which row, which field, and why."""

    def __init__(
        self, reason: str, *, path: str | None = None, row: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.row = row
        self.field = field

    def __str__(self) -> str:
        where = [self.path or "", f"row {self.row}" if self.row is not None else ""]
        if self.field:
            where.append(f"field {self.field!r}")
        place = ", ".join(part for part in where if part)
        return f"{place}: {self.reason}" if place else self.reason


class RenderError(ReportError):
    """A report that could not be rendered in the asked format (no PDF engine, bad template)."""


class ReportTimeout(ReportError):
    """A query behind the report ran past the configured timeout; a narrower selection helps."""
