"""Finding: an FIU finding, what it concerns and who reported it."""

from __future__ import annotations

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.entity import Entity
from graphhub.api.types.node import Node, base_fields, text
from graphhub.api.types.organization import Organization
from graphhub.queries.records import Node as NodeRecord


@strawberry.type(description="An FIU finding or suspicious-transaction analysis.")
class Finding(Node):
    summary: str | None
    date: str | None
    reporting_fiu: str | None

    @classmethod
    def of(cls, record: NodeRecord) -> Finding:
        return cls(
            summary=text(record, "summary"),
            date=text(record, "date"),
            reporting_fiu=text(record, "reporting_fiu"),
            **base_fields(record),  # type: ignore[arg-type]
        )

    @strawberry.field
    async def concerns(self, info: Info) -> list[Entity]:
        links = await info.context.loaders.finding_links.load(str(self.id))
        return [Entity.of(n) for n in links.concerns]

    @strawberry.field
    async def reported_by(self, info: Info) -> list[Organization]:
        links = await info.context.loaders.finding_links.load(str(self.id))
        return [Organization.of(n) for n in links.reported_by]
