"""The root Query type: each field calls one query module with the caller's Runner."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphhub import __version__
from graphhub.api.context import Info
from graphhub.api.errors import InvalidInput
from graphhub.api.types.country_overview import CountryOverview
from graphhub.api.types.donor import Donor
from graphhub.api.types.double_counting import DoubleCounting
from graphhub.api.types.entity import Entity
from graphhub.api.types.enums import (
    Direction,
    DonorSort,
    FlowGroup,
    FundingKind,
    GroupBy,
    ProjectSort,
    SearchType,
    TraceTarget,
)
from graphhub.api.types.finding import Finding
from graphhub.api.types.flow import Cycle, FlowSum, Path, TraceResult
from graphhub.api.types.flow import FlowPath as FlowPathType
from graphhub.api.types.funding_chain import FundingChain
from graphhub.api.types.funding_row import FundingRow
from graphhub.api.types.inputs import (
    FindingFilter,
    ProjectFilter,
    SeizureFilter,
)
from graphhub.api.types.judgement import Judgement
from graphhub.api.types.merge_proposal import MergeProposal, ProposalStatus
from graphhub.api.types.overlap import Overlap
from graphhub.api.types.page import Connection, connection, decode_cursor, page_request
from graphhub.api.types.project import Project
from graphhub.api.types.search_hit import SearchHit
from graphhub.api.types.seizure import SeizureConnection
from graphhub.model import Label
from graphhub.queries import (
    chains,
    double_counting,
    entities,
    findings,
    flows,
    funding,
    judgements,
    projects,
    proposals,
    seizures,
)
from graphhub.queries.errors import NotFound
from graphhub.queries.filters import FundingFilter


@strawberry.type
class Query:
    @strawberry.field(description="The version of the graphhub service.")
    def version(self) -> str:
        return __version__

    @strawberry.field(description="Organizations that fund visible projects, with totals.")
    async def donors(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        sort_by: DonorSort = DonorSort.NAME,
        descending: bool = False,
        text: str | None = None,
    ) -> Connection[Donor]:
        page = await funding.donors(
            info.context.runner, page_request(first, after, sort_by.value, descending), text
        )
        info.context.loaders.donors.prime_many({s.node.id: s for s in page.items})
        return connection(page, lambda s: Donor.of(s.node))

    @strawberry.field
    async def donor(self, info: Info, id: strawberry.ID) -> Donor:
        summary = await info.context.loaders.donors.load(str(id))
        if summary is None:
            raise NotFound(f"no donor {id!r}")
        return Donor.of(summary.node)

    @strawberry.field(description="Visible projects matching the filter.")
    async def projects(
        self,
        info: Info,
        filter: ProjectFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        sort_by: ProjectSort = ProjectSort.CODE,
        descending: bool = False,
    ) -> Connection[Project]:
        page = await projects.projects(
            info.context.runner,
            filter or FundingFilter(),
            page_request(first, after, sort_by.value, descending),
        )
        info.context.loaders.projects.prime_many({s.node.id: s for s in page.items})
        return connection(page, lambda s: Project.of(s.node))

    @strawberry.field(description="A project by id or by code.")
    async def project(
        self, info: Info, id: strawberry.ID | None = None, code: str | None = None
    ) -> Project:
        if (id is None) == (code is None):
            raise InvalidInput("give either id or code")
        key = str(id) if id is not None else str(code)
        summary = await info.context.loaders.projects.load(key)
        if summary is None:
            raise NotFound(f"no project {key!r}")
        return Project.of(summary.node)

    @strawberry.field(
        description="Visible fundings summed per kind by donor, country, sector, year, kind "
        "and/or implementer (README: What a funding figure counts)."
    )
    async def who_funds_what(
        self, info: Info, group_by: list[GroupBy], filter: ProjectFilter | None = None
    ) -> list[FundingRow]:
        rows = await funding.who_funds_what(
            info.context.runner,
            [funding.GroupBy(g.value) for g in group_by],
            filter or FundingFilter(),
        )
        return [FundingRow.of(row) for row in rows]

    @strawberry.field(
        description="Money traced through intermediaries (donor -> pooled fund or agency -> "
                    "implementer): the visible chains through a project, from a donor or "
                    "through an organization (exactly one). Each step gives its full amount "
                    "and an estimate of the first donor's part."
    )
    async def funding_chains(
        self,
        info: Info,
        project: strawberry.ID | None = None,
        donor: strawberry.ID | None = None,
        organization: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[FundingChain]:
        page = await chains.funding_chains(
            info.context.runner,
            project=None if project is None else str(project),
            donor=None if donor is None else str(donor),
            organization=None if organization is None else str(organization),
            first=first,
            after=decode_cursor(after) + 1 if after else 0,
        )
        return connection(page, FundingChain.of)

    @strawberry.field(description="Country x sector cells where donors overlap in time.")
    async def overlaps(
        self, info: Info, filter: ProjectFilter | None = None, min_donors: int = 2
    ) -> list[Overlap]:
        cells = await funding.overlaps(info.context.runner, filter or FundingFilter(), min_donors)
        return [Overlap.of(cell) for cell in cells]

    @strawberry.field(
        description="Activities several source formats report, and the flows (project, kind, "
        "year) reported more than once, with each format's amount and the one that counts."
    )
    async def double_counting(self, info: Info) -> DoubleCounting:
        found = await double_counting.double_counting(
            info.context.runner, info.context.settings.funding_precedence
        )
        return DoubleCounting.of(found)

    @strawberry.field(description="A country: who funds what there, per kind, and seizures.")
    async def country_overview(
        self,
        info: Info,
        iso3: str,
        kinds: list[FundingKind] | None = None,
        include_onward: bool = False,
    ) -> CountryOverview:
        return CountryOverview.of(
            await funding.country_overview(info.context.runner, iso3, kinds, include_onward)
        )

    @strawberry.field(description="A person, company, account or group by id.")
    async def entity(self, info: Info, id: strawberry.ID) -> Entity:
        record = await info.context.loaders.entities.load(str(id))
        if record is None:
            raise NotFound(f"no entity {id!r}")
        return Entity.of(record)

    @strawberry.field(description="Merges an entity took part in, newest first.")
    async def judgements(self, info: Info, entity: strawberry.ID) -> list[Judgement]:
        items = await judgements.judgements(info.context.runner, entity=str(entity))
        return [Judgement.of(item) for item in items]

    @strawberry.field(
        description="Merge proposals the caller may see, oldest first: pairs of nodes whose "
        "names only look alike (status: null for any; entity: about that node)."
    )
    async def merge_proposals(
        self,
        info: Info,
        status: ProposalStatus | None = ProposalStatus.PENDING,
        first: int | None = None,
        after: str | None = None,
        entity: strawberry.ID | None = None,
    ) -> Connection[MergeProposal]:
        page = await proposals.proposals(
            info.context.runner,
            page_request(first, after, "AT"),
            status.value if status is not None else None,
            str(entity) if entity is not None else None,
        )
        return connection(page, MergeProposal.of)

    @strawberry.field(description="Full-text search over names, aliases, titles and codes.")
    async def search_entities(
        self,
        info: Info,
        text: str,
        types: list[SearchType] | None = None,
        fuzzy: bool = False,
        first: int = 20,
    ) -> list[SearchHit]:
        labels = [Label(t.value) for t in types] if types else list(Label)
        hits = await entities.search(info.context.runner, text, labels, fuzzy, first)
        return [SearchHit.of(hit) for hit in hits]

    @strawberry.field(description="Transfer chains from an entity to trafficking groups.")
    async def trace_flows(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to_type: TraceTarget = TraceTarget.TRAFFICKING_GROUP,
        max_hops: int = 4,
        min_amount: float = 0.0,
        date_from: str | None = None,
        date_to: str | None = None,
        first: int = 10,
    ) -> TraceResult:
        found = await flows.trace(
            info.context.runner, str(from_), Label(to_type.value), max_hops, min_amount,
            date_from, date_to, first,
        )
        return TraceResult(total_count=found.total,
                           paths=[FlowPathType.of(item) for item in found.items])

    @strawberry.field(description="Shortest paths between two entities.")
    async def connections(
        self, info: Info, a: strawberry.ID, b: strawberry.ID, max_hops: int = 4, first: int = 10
    ) -> list[Path]:
        found = await flows.connections(info.context.runner, str(a), str(b), max_hops, first)
        return [Path.of(path) for path in found]

    @strawberry.field(description="An entity's transfers summed per direction and group.")
    async def money_flows(
        self,
        info: Info,
        entity: strawberry.ID,
        direction: Direction = Direction.BOTH,
        group_by: FlowGroup = FlowGroup.COUNTERPARTY,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[FlowSum]:
        sums = await flows.money_flows(
            info.context.runner, str(entity), flows.Direction(direction.value),
            flows.FlowGroup(group_by.value), date_from, date_to,
        )
        return [FlowSum.of(item) for item in sums]

    @strawberry.field(description="Transfer chains that come back to the entity.")
    async def cycles(
        self, info: Info, entity: strawberry.ID, max_length: int = 4, first: int = 10
    ) -> list[Cycle]:
        found = await flows.cycles(info.context.runner, str(entity), max_length, first)
        return [Cycle(path=Path.of(c.path), amount_usd=c.amount_usd) for c in found]

    @strawberry.field(description="FIU findings, newest first.")
    async def findings(
        self,
        info: Info,
        filter: FindingFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Finding]:
        page = await findings.findings(
            info.context.runner,
            filter or findings.FindingFilter(),
            page_request(first, after, "DATE"),
        )
        return connection(page, Finding.of)

    @strawberry.field(description="Drug seizures, newest first.")
    async def seizures(
        self,
        info: Info,
        filter: SeizureFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> SeizureConnection:
        found = await seizures.seizures(
            info.context.runner,
            filter or seizures.SeizureFilter(),
            page_request(first, after, "DATE"),
        )
        return SeizureConnection.of(found)
