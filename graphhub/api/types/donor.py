"""Donor: an organization that funds projects, with its totals and fundings."""

from __future__ import annotations

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.enums import FundingKind
from graphhub.api.types.funding import Funding
from graphhub.api.types.kind_totals import KindTotals, totals_of
from graphhub.api.types.node import Node, base_fields, text
from graphhub.queries.funding import DonorSummary
from graphhub.queries.records import Node as NodeRecord


@strawberry.type(description="An organization that funds projects.")
class Donor(Node):
    acronym: str | None

    @classmethod
    def of(cls, record: NodeRecord) -> Donor:
        return cls(acronym=text(record, "acronym"), **base_fields(record))  # type: ignore[arg-type]

    async def _summary(self, info: Info) -> DonorSummary | None:
        return await info.context.loaders.donors.load(str(self.id))

    @strawberry.field(
        description="Sum in USD of its visible fundings of the given kinds; without kinds, "
        "its total when it gives one kind of funding only, else null (see totals)."
    )
    async def total_usd(
        self, info: Info, kinds: list[FundingKind] | None = None
    ) -> float | None:
        summary = await self._summary(info)
        if summary is None:
            return 0.0
        return summary.amounts.total_of(kinds)

    @strawberry.field(description="Its sums per kind (onward money and corroboration apart).")
    async def totals(self, info: Info) -> KindTotals:
        return totals_of(await self._summary(info))

    @strawberry.field(description="How many visible projects it funds.")
    async def project_count(self, info: Info) -> int:
        summary = await self._summary(info)
        return summary.projects if summary else 0

    @strawberry.field
    async def first_year(self, info: Info) -> int | None:
        summary = await self._summary(info)
        return summary.first_year if summary else None

    @strawberry.field
    async def last_year(self, info: Info) -> int | None:
        summary = await self._summary(info)
        return summary.last_year if summary else None

    @strawberry.field(description="Its visible fundings, by year.")
    async def fundings(self, info: Info) -> list[Funding]:
        items = await info.context.loaders.donor_fundings.load(str(self.id))
        return [Funding.of(item) for item in items]
