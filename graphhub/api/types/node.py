"""The Node interface: what every node of the graph answers, provenance included."""

from __future__ import annotations

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.source import Source, node_sources
from graphhub.queries.records import Node as NodeRecord


@strawberry.interface(description="A node of the graph, with the sources that support it.")
class Node:
    id: strawberry.ID
    name: str
    classification: str = strawberry.field(description="public or restricted")
    record: strawberry.Private[NodeRecord]

    @strawberry.field(description="Mentions of this node in documents the caller may see.")
    async def sources(self, info: Info) -> list[Source]:
        return await node_sources(info, str(self.id))


def base_fields(record: NodeRecord) -> dict[str, object]:
    """The interface's fields of a record, for the concrete types' constructors."""
    return {
        "id": strawberry.ID(record.id),
        "name": record.name,
        "classification": record.classification,
        "record": record,
    }


def text(record: NodeRecord, key: str) -> str | None:
    """A property as text, or None."""
    value = record.get(key)
    return None if value is None else str(value)


def number(record: NodeRecord, key: str) -> int | None:
    """A property as a whole number, or None."""
    value = record.get(key)
    return int(value) if isinstance(value, (int, float)) else None
