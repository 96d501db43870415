"""Relationship: any relationship on a path or around an entity, with its evidence."""

from __future__ import annotations

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.source import Source, rel_sources
from graphhub.queries.records import Rel


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


@strawberry.type(description="A relationship: a transfer, a membership, an ownership, ...")
class Relationship:
    id: strawberry.ID
    type: str = strawberry.field(description="TRANSFER, MEMBER_OF, HOLDS, ... (graphhub.model)")
    from_id: strawberry.ID
    to_id: strawberry.ID
    classification: str
    amount: float | None
    currency: str | None
    amount_usd: float | None
    date: str | None
    reference: str | None
    rel: strawberry.Private[Rel]

    @classmethod
    def of(cls, rel: Rel) -> Relationship:
        date = rel.get("date")
        reference = rel.get("reference")
        return cls(
            id=strawberry.ID(rel.id),
            type=rel.type,
            from_id=strawberry.ID(rel.start),
            to_id=strawberry.ID(rel.end),
            classification=rel.classification,
            amount=_float(rel.get("amount")),
            currency=rel.get("currency"),
            amount_usd=_float(rel.get("amount_usd")),
            date=None if date is None else str(date),
            reference=None if reference is None else str(reference),
            rel=rel,
        )

    @strawberry.field(description="The evidence for it in documents the caller may see.")
    async def sources(self, info: Info) -> list[Source]:
        return await rel_sources(info, self.rel)
