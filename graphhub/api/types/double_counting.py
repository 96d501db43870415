"""DoubleCounting: activities several sources report, and their repeated flows."""

from __future__ import annotations

import strawberry

from graphhub.api.types.project import Project
from graphhub.queries import double_counting as queries


@strawberry.type(description="What one source format says a flow was.")
class SourceAmount:
    source_kind: str = strawberry.field(description="iati, fts, contributions, ftm or documents.")
    amount_usd: float
    funding_count: int
    unpriced_count: int = strawberry.field(description="Its fundings with no USD amount.")
    counts: bool = strawberry.field(description="True for the format the precedence picks.")
    difference_usd: float = strawberry.field(description="amountUsd minus the counted format's.")

    @classmethod
    def of(cls, item: queries.SourceAmount) -> SourceAmount:
        return cls(
            source_kind=item.source_kind,
            amount_usd=item.amount_usd,
            funding_count=item.fundings,
            unpriced_count=item.unpriced,
            counts=item.counts,
            difference_usd=item.difference_usd,
        )


@strawberry.type(description="The fundings of one project, kind and year that more than one "
                 "source format reports (onward money left out).")
class RepeatedFlow:
    project: Project
    kind: str | None
    year: int | None
    sources: list[SourceAmount]
    counted: str = strawberry.field(description="The format whose fundings count.")
    counted_usd: float
    reported_usd: float = strawberry.field(description="Every distinct funding summed.")
    excess_usd: float = strawberry.field(
        description="reportedUsd minus countedUsd: what counting every source would add.")

    @classmethod
    def of(cls, item: queries.RepeatedFlow) -> RepeatedFlow:
        return cls(
            project=Project.of(item.project),
            kind=item.kind,
            year=item.year,
            sources=[SourceAmount.of(s) for s in item.sources],
            counted=item.counted,
            counted_usd=item.counted_usd,
            reported_usd=item.reported_usd,
            excess_usd=item.excess_usd,
        )


@strawberry.type(description="A project that more than one source format reports.")
class MultiSourceActivity:
    project: Project
    codes: list[str] = strawberry.field(description="Every code its sources give it.")
    iati_identifier: str | None
    source_kinds: list[str]
    funding_count: int

    @classmethod
    def of(cls, item: queries.MultiSourceActivity) -> MultiSourceActivity:
        codes = item.project.get("codes") or [item.project.get("code")]
        identifier = item.project.get("iati_identifier")
        return cls(
            project=Project.of(item.project),
            codes=[str(code) for code in codes if code],
            iati_identifier=str(identifier) if identifier else None,
            source_kinds=item.source_kinds,
            funding_count=item.fundings,
        )


@strawberry.type(description="Activities several source formats report and the flows reported "
                 "more than once, over the fundings the caller may see.")
class DoubleCounting:
    precedence: list[str] = strawberry.field(
        description="Source formats, best first (GRAPHHUB_FUNDING_PRECEDENCE).")
    activities: list[MultiSourceActivity]
    flows: list[RepeatedFlow]
    excess_usd: float = strawberry.field(
        description="What counting every source instead of the preferred one adds, all flows.")

    @classmethod
    def of(cls, item: queries.DoubleCounting) -> DoubleCounting:
        return cls(
            precedence=list(item.precedence),
            activities=[MultiSourceActivity.of(a) for a in item.activities],
            flows=[RepeatedFlow.of(f) for f in item.flows],
            excess_usd=item.excess_usd,
        )
