"""Money-flow answers: traced paths, connections, cycles and sums."""

from __future__ import annotations

import strawberry

from graphhub.api.types.entity import Entity
from graphhub.api.types.node import Node
from graphhub.api.types.nodes import as_node
from graphhub.api.types.relationship import Relationship
from graphhub.queries import flows


@strawberry.type(description="Nodes and the relationships between them, in order.")
class Path:
    nodes: list[Node]
    relationships: list[Relationship]
    hops: int

    @classmethod
    def of(cls, path: flows.Path) -> Path:
        return cls(
            nodes=[as_node(n) for n in path.nodes],
            relationships=[Relationship.of(r) for r in path.rels],
            hops=path.hops,
        )


@strawberry.type(
    description="A chain of transfers and how its last entity belongs to a group. amountUsd is "
    "the smallest transfer of the chain: no more than that can have passed along every step."
)
class FlowPath:
    nodes: list[Node]
    transfers: list[Relationship]
    hops: int
    amount_usd: float
    transferred_usd: float = strawberry.field(description="Sum of the chain's transfers.")
    group: Entity
    link: Path = strawberry.field(description="From the chain's end to the group.")

    @classmethod
    def of(cls, item: flows.Trace) -> FlowPath:
        return cls(
            nodes=[as_node(n) for n in item.path.nodes],
            transfers=[Relationship.of(r) for r in item.path.rels],
            hops=item.path.hops,
            amount_usd=item.amount_usd,
            transferred_usd=item.transferred_usd,
            group=Entity.of(item.group),
            link=Path.of(item.link),
        )


@strawberry.type
class TraceResult:
    total_count: int
    paths: list[FlowPath]


@strawberry.type(description="Transfers that leave an entity and come back to it.")
class Cycle:
    path: Path
    amount_usd: float | None


@strawberry.type(description="An entity's transfers summed per direction and group.")
class FlowSum:
    direction: str
    counterparty: Node | None
    period: str | None
    transfers: int
    amount_usd: float
    first_date: str | None
    last_date: str | None
    currencies: list[str]

    @classmethod
    def of(cls, item: flows.FlowSum) -> FlowSum:
        return cls(
            direction="OUT" if item.outgoing else "IN",
            counterparty=as_node(item.counterparty) if item.counterparty else None,
            period=item.period,
            transfers=item.transfers,
            amount_usd=item.amount_usd,
            first_date=item.first_date,
            last_date=item.last_date,
            currencies=item.currencies,
        )
