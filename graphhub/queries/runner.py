"""Running Cypher for one caller: visibility, timeout, round-trip count and restricted ids.

Every query module goes through a ``Runner``. It adds ``$restricted_ok`` to the
parameters (the Cypher filters on it), turns a transaction timeout into
``QueryTimeout``, counts round trips (the API's N+1 test reads the count) and
collects the ids of restricted rows it returned (the API's audit log reads them). It also
carries the funding precedence of the caller's settings.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graphhub.config import DEFAULT_FUNDING_PRECEDENCE
from graphhub.model import RESTRICTED
from graphhub.queries.errors import QueryTimeout
from graphhub.queries.records import RESTRICTED_LAYER

# The server stops a transaction at its timeout; this margin only guards against a
# connection that never answers.
CLIENT_GRACE_S = 5.0
TIMEOUT_CODES = ("TransactionTimedOut",)
RESTRICTED_IDS_KEY = "restricted_ids"


@dataclass
class Runner:
    """Runs Cypher on behalf of one caller (one API request, one report, one command)."""

    driver: neo4j.AsyncDriver
    database: str
    timeout_s: float
    restricted_ok: bool
    round_trips: int = 0
    # The caller's ``Settings.funding_precedence``: which source counts when two state the
    # same funding (the funding queries pass it to Cypher).
    funding_precedence: tuple[str, ...] = DEFAULT_FUNDING_PRECEDENCE
    restricted_seen: set[str] = field(default_factory=set)

    async def rows(self, text: str, /, **params: Any) -> list[dict[str, Any]]:
        """The records of a read query as dicts."""
        return await self._run(text, params, neo4j.RoutingControl.READ)

    async def write(self, text: str, /, **params: Any) -> list[dict[str, Any]]:
        """The records of a write query (one auto-committed transaction)."""
        return await self._run(text, params, neo4j.RoutingControl.WRITE)

    async def _run(
        self, text: str, params: dict[str, Any], routing: neo4j.RoutingControl
    ) -> list[dict[str, Any]]:
        params.setdefault("restricted_ok", self.restricted_ok)
        self.round_trips += 1
        query = neo4j.Query(text, timeout=self.timeout_s)
        try:
            records, _, _ = await asyncio.wait_for(
                self.driver.execute_query(
                    query, params, database_=self.database, routing_=routing
                ),
                timeout=self.timeout_s + CLIENT_GRACE_S,
            )
        except TimeoutError:
            raise QueryTimeout(self._timeout_message()) from None
        except neo4j.exceptions.Neo4jError as exc:
            if any(code in (exc.code or "") for code in TIMEOUT_CODES):
                raise QueryTimeout(self._timeout_message()) from None
            raise
        rows = [_as_dict(record) for record in records]
        if self.restricted_ok:
            for row in rows:
                _collect_restricted(row, self.restricted_seen)
        else:
            for row in rows:
                _strip_restricted_layer(row)
        return rows

    def _timeout_message(self) -> str:
        return (
            f"the query took longer than {self.timeout_s:g} s and was stopped; "
            "narrow it (fewer hops, a smaller page, a date range)"
        )


_GRAPH_TYPES = (neo4j.graph.Node, neo4j.graph.Relationship, neo4j.graph.Path)


def _as_dict(record: neo4j.Record) -> dict[str, Any]:
    """A record as a dict. The query modules return map projections and plain values, which
    need no conversion; ``Record.data()`` would walk every nested value again (a third of
    the time of a large answer). Graph objects, should a query return one, go through it."""
    values = record.values()
    if any(isinstance(value, _GRAPH_TYPES) for value in values):
        return record.data()
    return dict(zip(record.keys(), values, strict=True))


def _strip_restricted_layer(value: Any) -> None:
    """Remove, in place, every restricted layer (the names and values only restricted
    sources gave a public node) from ``value``: callers who may not see restricted data
    never receive them, whichever query asked."""
    if isinstance(value, dict):
        for key in RESTRICTED_LAYER:
            value.pop(key, None)
        for item in value.values():
            if isinstance(item, (dict, list)):
                _strip_restricted_layer(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _strip_restricted_layer(item)


def _collect_restricted(value: Any, seen: set[str]) -> None:
    """Add the ids of restricted nodes and relationships found anywhere in ``value``."""
    if isinstance(value, Mapping):
        if value.get("classification") == RESTRICTED and isinstance(value.get("id"), str):
            seen.add(value["id"])
        extra = value.get(RESTRICTED_IDS_KEY)
        if isinstance(extra, list):
            seen.update(item for item in extra if isinstance(item, str))
        for item in value.values():
            if isinstance(item, (Mapping, list)):
                _collect_restricted(item, seen)
    elif isinstance(value, list):
        for item in value:
            _collect_restricted(item, seen)
