"""The audit trail: one JSON line per request that returned restricted data, changed the
graph, or probed for restricted ids (kind "read", "change" or "probe").

Callers are named by a fingerprint: an HMAC-SHA256 of their key with the audit secret
(GRAPHHUB_AUDIT_SECRET, else a random secret kept in ``<state dir>/audit-secret``,
created with mode 0600), so a fingerprint is stable across restarts and cannot be
checked against a guessed key without the secret.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension

from graphhub.api.errors import error_code
from graphhub.api.probe import PROBE_CODES, named_ids
from graphhub.config import Settings

SECRET_FILE = "audit-secret"

log = logging.getLogger("graphhub.api")


@cache
def _state_secret(state_dir: Path) -> bytes:
    """The secret kept in ``state_dir``, created on first use (mode 0600)."""
    path = state_dir / SECRET_FILE
    state_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    value = secrets.token_hex(32).encode()
    try:
        os.write(fd, value)
    finally:
        os.close(fd)
    return value


def audit_secret(settings: Settings) -> bytes:
    """The secret that key fingerprints are made with."""
    if settings.audit_secret is not None:
        return str(settings.audit_secret).encode()
    return _state_secret(settings.state_dir)


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
    kind: str | None = None,
) -> dict[str, Any]:
    """What the audit log keeps about one request (and the changes it made, if any)."""
    record: dict[str, Any] = {
        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "kind": kind or ("change" if changes else "read"),
        "who": who,
        "role": role,
        "operation": operation,
        "ids": sorted(ids),
    }
    if changes:
        record["changes"] = changes
    return record


def _codes(errors: list[GraphQLError] | None) -> list[str]:
    return sorted({error_code(error)[0] for error in errors or []})


class AuditTrail(SchemaExtension):
    """Writes an audit record when an operation touched restricted data, made changes, or
    ended NOT_FOUND or FORBIDDEN on ids that name restricted data."""

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        execution = self.execution_context
        context = execution.context
        operation = execution.operation_name or "anonymous"
        audit = getattr(context, "audit", None)
        if audit is not None:
            audit(operation)
        probe = getattr(context, "audit_probe", None)
        result = execution.result
        codes = _codes(getattr(result, "errors", None) or execution.pre_execution_errors)
        if probe is not None and PROBE_CODES.intersection(codes):
            variables = execution.variables if isinstance(execution.variables, dict) else None
            try:
                await probe(operation, named_ids(execution.graphql_document, variables), codes)
            except Exception:  # the answer stands; the log says the probe went unrecorded
                log.exception("could not audit a probe in %s", operation)
