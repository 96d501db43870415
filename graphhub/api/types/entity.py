"""Entity: a person, company, bank account or trafficking group, with its relations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.enums import Direction, EntityType, FlowGroup
from graphhub.api.types.node import Node, base_fields, text
from graphhub.api.types.relationship import Relationship
from graphhub.model import Label
from graphhub.queries import flows
from graphhub.queries.entities import Related
from graphhub.queries.records import Node as NodeRecord

if TYPE_CHECKING:
    from graphhub.api.types.finding import Finding
    from graphhub.api.types.flow import FlowSum


def entity_type(record: NodeRecord) -> EntityType:
    for kind in EntityType:
        if kind.value in record.labels:
            return kind
    return EntityType.PERSON if Label.PERSON in record.labels else EntityType.COMPANY


@strawberry.type(description="A relation of an entity and the node at its other end.")
class Relation:
    relationship: Relationship
    outgoing: bool
    other: Node

    @classmethod
    def of(cls, related: Related) -> Relation:
        from graphhub.api.types.nodes import as_node

        return cls(
            relationship=Relationship.of(related.rel),
            outgoing=related.outgoing,
            other=as_node(related.other),
        )


@strawberry.type(description="A person, company, bank account or trafficking group.")
class Entity(Node):
    type: EntityType
    aliases: list[str]
    iban: str | None
    nationality: str | None
    jurisdiction: str | None
    birth_date: str | None

    @classmethod
    def of(cls, record: NodeRecord) -> Entity:
        aliases = record.get("aliases") or []
        return cls(
            type=entity_type(record),
            aliases=[str(a) for a in aliases] if isinstance(aliases, list) else [],
            iban=text(record, "iban"),
            nationality=text(record, "nationality"),
            jurisdiction=text(record, "jurisdiction"),
            birth_date=text(record, "birth_date"),
            **base_fields(record),  # type: ignore[arg-type]
        )

    @strawberry.field(description="Memberships, ownerships, control, holdings, ... both ways.")
    async def relations(self, info: Info) -> list[Relation]:
        items = await info.context.loaders.entity_relations.load(str(self.id))
        return [Relation.of(item) for item in items]

    @strawberry.field(description="FIU findings that concern this entity.")
    async def findings(
        self, info: Info
    ) -> list[Annotated[Finding, strawberry.lazy("graphhub.api.types.finding")]]:
        from graphhub.api.types.finding import Finding

        items = await info.context.loaders.entity_findings.load(str(self.id))
        return [Finding.of(item.other) for item in items if not item.outgoing]

    @strawberry.field(description="Its transfers summed per direction and group.")
    async def money_flows(
        self,
        info: Info,
        direction: Direction = Direction.BOTH,
        group_by: FlowGroup = FlowGroup.COUNTERPARTY,
    ) -> list[Annotated[FlowSum, strawberry.lazy("graphhub.api.types.flow")]]:
        from graphhub.api.types.flow import FlowSum

        sums = await flows.money_flows(
            info.context.runner,
            str(self.id),
            flows.Direction(direction.value),
            flows.FlowGroup(group_by.value),
        )
        return [FlowSum.of(item) for item in sums]
