"""Project: code, title, status, years, and who funds and implements it where."""

from __future__ import annotations

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.country import Country
from graphhub.api.types.enums import FundingKind
from graphhub.api.types.funding import Funding
from graphhub.api.types.kind_totals import KindTotals, totals_of
from graphhub.api.types.node import Node, base_fields, number, text
from graphhub.api.types.organization import Organization
from graphhub.api.types.sector import Programme, Sector
from graphhub.queries.projects import ProjectLinks, ProjectSummary
from graphhub.queries.records import Node as NodeRecord


@strawberry.type(description="A project such as TAJ/E24, with its fundings and places.")
class Project(Node):
    code: str | None
    title: str | None
    status: str | None
    start_year: int | None
    end_year: int | None

    @classmethod
    def of(cls, record: NodeRecord) -> Project:
        return cls(
            code=text(record, "code"),
            title=text(record, "title"),
            status=text(record, "status"),
            start_year=number(record, "start_year"),
            end_year=number(record, "end_year"),
            **base_fields(record),  # type: ignore[arg-type]
        )

    async def _summary(self, info: Info) -> ProjectSummary | None:
        return await info.context.loaders.projects.load(str(self.id))

    async def _links(self, info: Info) -> ProjectLinks:
        return await info.context.loaders.project_links.load(str(self.id))

    @strawberry.field(
        description="The USD sum of its visible fundings of the kinds asked for; without "
        "kinds, its total when it has one kind of funding only, else null (see totals)."
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

    @strawberry.field(description="How many donors fund it (visible fundings only).")
    async def donor_count(self, info: Info) -> int:
        summary = await self._summary(info)
        return summary.donors if summary else 0

    @strawberry.field
    async def fundings(self, info: Info) -> list[Funding]:
        items = await info.context.loaders.project_fundings.load(str(self.id))
        return [Funding.of(item) for item in items]

    @strawberry.field
    async def countries(self, info: Info) -> list[Country]:
        return [Country.of(n) for n in (await self._links(info)).countries]

    @strawberry.field
    async def sectors(self, info: Info) -> list[Sector]:
        return [Sector.of(n) for n in (await self._links(info)).sectors]

    @strawberry.field
    async def implementers(self, info: Info) -> list[Organization]:
        return [Organization.of(n) for n in (await self._links(info)).implementers]

    @strawberry.field
    async def programmes(self, info: Info) -> list[Programme]:
        return [Programme.of(n) for n in (await self._links(info)).programmes]

    @strawberry.field(description="Earlier phases this project follows.")
    async def follows(self, info: Info) -> list[Project]:
        return [Project.of(n) for n in (await self._links(info)).follows]

    @strawberry.field(description="Later phases that follow this project.")
    async def followed_by(self, info: Info) -> list[Project]:
        return [Project.of(n) for n in (await self._links(info)).followed_by]
