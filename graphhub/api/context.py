"""The per-request context: who is calling, their Runner, their DataLoaders, the audit hook."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import neo4j
from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from graphhub.api.audit import append_record, audit_record
from graphhub.api.auth import Principal, Role
from graphhub.api.errors import Forbidden
from graphhub.api.loaders import Loaders
from graphhub.api.probe import restricted_among
from graphhub.config import Settings
from graphhub.queries.runner import Runner


@dataclass
class Context:
    """Everything a resolver may use; built once per request."""

    request: Request | None
    settings: Settings
    principal: Principal
    runner: Runner
    loaders: Loaders
    audited: list[dict[str, object]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def build(cls, request: Request, principal: Principal) -> Context:
        """The context of an HTTP request, from the app's settings and driver."""
        return cls.create(request.app.state.settings, request.app.state.driver, principal, request)

    @classmethod
    def create(
        cls,
        settings: Settings,
        driver: neo4j.AsyncDriver,
        principal: Principal,
        request: Request | None = None,
    ) -> Context:
        """A context for ``principal``; ``request`` is None when run outside HTTP."""
        runner = Runner(
            driver,
            settings.neo4j_database,
            settings.query_timeout_s,
            restricted_ok=principal.sees_restricted,
            funding_precedence=settings.funding_precedence,
        )
        return cls(request, settings, principal, runner, Loaders.for_runner(runner))

    def require(self, *roles: Role) -> None:
        """Raise Forbidden unless the caller has one of ``roles``."""
        if self.principal.role not in roles:
            names = " or ".join(str(role) for role in roles)
            raise Forbidden(f"this operation needs the role {names}")

    def record_change(self, action: str, ids: Iterable[str], **details: Any) -> None:
        """Note a change this request made; the audit record of the request lists it."""
        self.changes.append({"action": action, "ids": sorted(ids), **details})

    async def audit_probe(self, operation: str, named: list[str], codes: list[str]) -> None:
        """Append a "probe" record when a caller who may not see restricted data named
        restricted ids in an operation that answered NOT_FOUND or FORBIDDEN."""
        if self.principal.sees_restricted or not named:
            return
        checker = Runner(
            self.runner.driver, self.runner.database, self.runner.timeout_s, restricted_ok=True
        )
        hidden = await restricted_among(checker, named)
        if not hidden:
            return
        record = audit_record(
            self.principal.key_id, self.principal.role, operation, hidden, kind="probe"
        )
        record["codes"] = codes
        append_record(self.settings.audit_path, record)
        self.audited.append(record)

    def audit(self, operation: str) -> None:
        """Append an audit record when this request touched restricted data or changed any."""
        seen = set(self.runner.restricted_seen)
        if not seen and not self.changes:
            return
        for change in self.changes:
            seen.update(change["ids"])
        record = audit_record(
            self.principal.key_id, self.principal.role, operation, seen, self.changes
        )
        append_record(self.settings.audit_path, record)
        self.audited.append(record)


Info = StrawberryInfo[Context, None]
