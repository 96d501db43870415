"""Funding: one FUNDS relationship between a donor and a project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.enums import FundingKind
from graphhub.api.types.source import Source, rel_sources
from graphhub.queries import funding

if TYPE_CHECKING:
    from graphhub.api.types.donor import Donor
    from graphhub.api.types.project import Project


@strawberry.type(description="Money a donor commits, disburses or pledges to a project.")
class Funding:
    id: strawberry.ID
    amount: float | None
    currency: str | None
    amount_usd: float | None
    year: int | None
    kind: str | None = strawberry.field(description="The kind as its source stated it.")
    funding_kind: FundingKind
    onward: bool = strawberry.field(
        description="Onward money: an intermediary passing on what it received."
    )
    superseded: bool = strawberry.field(
        description="A better-ranked source states the same project, kind and year: this one "
        "is corroboration."
    )
    counted: bool = strawberry.field(
        description="Whether totals by donor, country and sector count it (neither onward "
        "nor superseded)."
    )
    classification: str
    item: strawberry.Private[funding.Funding]

    @classmethod
    def of(cls, item: funding.Funding) -> Funding:
        rel = item.rel
        amount = rel.get("amount")
        usd = rel.get("amount_usd")
        return cls(
            id=strawberry.ID(rel.id),
            amount=float(amount) if isinstance(amount, (int, float)) else None,
            currency=rel.get("currency"),
            amount_usd=float(usd) if isinstance(usd, (int, float)) else None,
            year=rel.get("year"),
            kind=rel.get("kind"),
            funding_kind=item.kind,
            onward=item.onward,
            superseded=item.superseded,
            counted=item.counts,
            classification=rel.classification,
            item=item,
        )

    @strawberry.field
    def donor(self) -> Annotated[Donor, strawberry.lazy("graphhub.api.types.donor")]:
        from graphhub.api.types.donor import Donor

        return Donor.of(self.item.donor)

    @strawberry.field
    def project(self) -> Annotated[Project, strawberry.lazy("graphhub.api.types.project")]:
        from graphhub.api.types.project import Project

        return Project.of(self.item.project)

    @strawberry.field(description="The evidence for this funding in documents the caller may see.")
    async def sources(self, info: Info) -> list[Source]:
        return await rel_sources(info, self.item.rel)
