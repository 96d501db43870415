"""The audit trail: one JSON line per request that returned restricted data or changed the graph."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from strawberry.extensions import SchemaExtension


def append_record(path: Path, record: dict[str, Any]) -> None:
    """Append one record as a JSON line; O_APPEND keeps concurrent lines whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, sort_keys=True, default=str) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def audit_record(
    who: str,
    role: str,
    operation: str,
    ids: Iterable[str],
    changes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What the audit log keeps about one request (and the changes it made, if any)."""
    record: dict[str, Any] = {
        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "who": who,
        "role": role,
        "operation": operation,
        "ids": sorted(ids),
    }
    if changes:
        record["changes"] = changes
    return record


class AuditTrail(SchemaExtension):
    """Writes an audit record when an operation touched restricted data or made changes."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        audit = getattr(context, "audit", None)
        if audit is not None:
            audit(self.execution_context.operation_name or "anonymous")
