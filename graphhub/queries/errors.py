"""Errors of the query layer: what the caller did wrong, or what the database could not do."""

from __future__ import annotations


class QueryError(Exception):
    """Root of the query layer's errors; the message is safe to show to a user."""


class NotFound(QueryError):
    """No visible node has that id or code (unknown and restricted look the same)."""


class BadInput(QueryError):
    """An argument is out of range or malformed."""


class QueryTimeout(QueryError):
    """The query ran past the configured transaction timeout and was stopped."""
