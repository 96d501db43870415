"""Probing: a caller without access to restricted data asking for restricted ids.

Such a request answers exactly like one for unknown ids (NOT_FOUND) or is refused
(FORBIDDEN); the audit log still notes it. Only when an operation ended in one of those
errors are the ids it named checked, by id alone, against the restricted data; the
check's answer goes into the audit record and never into the response.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    visit,
)
from graphql.language import ArgumentNode, Visitor

from graphhub.queries.runner import Runner

PROBE_CODES = frozenset({"NOT_FOUND", "FORBIDDEN"})
MAX_CANDIDATES = 100

# Ids (and project codes) among $ids that belong to restricted nodes or relationships.
RESTRICTED_AMONG = """
UNWIND $ids AS key
CALL (key) {
  MATCH (n:Entity {id: key}) RETURN n.classification AS classification
  UNION MATCH (n:Organization {id: key}) RETURN n.classification AS classification
  UNION MATCH (n:Project {id: key}) RETURN n.classification AS classification
  UNION MATCH (n:Project {code: key}) RETURN n.classification AS classification
  UNION MATCH (n:Finding {id: key}) RETURN n.classification AS classification
  UNION MATCH (n:Seizure {id: key}) RETURN n.classification AS classification
  UNION MATCH (n:Document {id: key}) RETURN n.classification AS classification
  UNION MATCH ()-[r:TRANSFER {id: key}]->() RETURN r.classification AS classification
}
WITH key WHERE classification = 'restricted'
RETURN DISTINCT key AS id
"""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _literals(node: ValueNode) -> Iterator[str]:
    if isinstance(node, StringValueNode):
        yield node.value
    elif isinstance(node, ListValueNode):
        for item in node.values:
            yield from _literals(item)
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _literals(field.value)


class _Arguments(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.found.extend(_literals(node.value))


def named_ids(document: DocumentNode | None, variables: Mapping[str, Any] | None) -> list[str]:
    """The strings an operation passed as arguments (literals and variables), at most 100."""
    found: list[str] = []
    if document is not None:
        arguments = _Arguments()
        visit(document, arguments)
        found += arguments.found
    found += _strings(dict(variables or {}))
    unique = list(dict.fromkeys(s.strip() for s in found if s.strip() and len(s) <= 200))
    return unique[:MAX_CANDIDATES]


async def restricted_among(runner: Runner, ids: list[str]) -> list[str]:
    """Which of ``ids`` name restricted data; ``runner`` must see restricted data."""
    if not ids:
        return []
    rows = await runner.rows(RESTRICTED_AMONG, ids=ids)
    return sorted(str(row["id"]) for row in rows)
