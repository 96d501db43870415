"""Funding chains: donor -> pooled fund or agency -> implementer, step by step."""

from __future__ import annotations

import strawberry

from graphhub.api.context import Info
from graphhub.api.types.organization import Organization
from graphhub.api.types.project import Project
from graphhub.api.types.source import Source, rel_sources
from graphhub.queries import chains


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


@strawberry.type(description="One step of a funding chain: who gave whom how much, for what.")
class ChainStep:
    relationship_id: strawberry.ID = strawberry.field(
        description="The FUNDS or PASSES_TO relationship of the step.")
    relationship_type: str
    from_organization: Organization | None = strawberry.field(
        description="The giver, when visible and known to the graph.")
    to_organization: Organization | None = strawberry.field(
        description="The receiver, when visible and known to the graph.")
    from_name: str | None = strawberry.field(
        description="The giver's name (its node's, else as the source writes it).")
    to_name: str | None = strawberry.field(
        description="The receiver's name (its node's, else as the source writes it).")
    from_project: Project | None = strawberry.field(
        description="The giving IATI activity of a PASSES_TO step.")
    project: Project = strawberry.field(description="The project the money goes to.")
    amount: float | None
    currency: str | None
    amount_usd: float | None = strawberry.field(description="The step's full amount in USD.")
    kind: str | None
    year: int | None
    share: float | None = strawberry.field(
        description="The part of the giver's visible incoming commitments and disbursements "
                    "that came from the step before (none on the first step).")
    estimate_usd: float | None = strawberry.field(
        description="An estimate, not a figure a source states: the chain's first giver's "
                    "part of this step (" + chains.ESTIMATE_BASIS + ").")
    step: strawberry.Private[chains.ChainStep]

    @classmethod
    def of(cls, step: chains.ChainStep) -> ChainStep:
        rel = step.rel
        year = rel.get("year")
        return cls(
            relationship_id=strawberry.ID(rel.id),
            relationship_type=rel.type,
            from_organization=Organization.of(step.from_org) if step.from_org else None,
            to_organization=Organization.of(step.to_org) if step.to_org else None,
            from_name=step.from_name,
            to_name=step.to_name,
            from_project=Project.of(step.from_project) if step.from_project else None,
            project=Project.of(step.project),
            amount=_float(rel.get("amount")),
            currency=rel.get("currency"),
            amount_usd=step.amount_usd,
            kind=step.kind,
            year=int(year) if isinstance(year, int) else None,
            share=step.share,
            estimate_usd=step.estimate_usd,
            step=step,
        )

    @strawberry.field(description="The evidence for this step in documents the caller may see.")
    async def sources(self, info: Info) -> list[Source]:
        return await rel_sources(info, self.step.rel)


@strawberry.type(description="Money traced through intermediaries, one visible step at a time.")
class FundingChain:
    pattern: str = strawberry.field(
        description="funds (onward fundings of an intermediary) or passes_to (IATI activity "
                    "links)")
    steps: list[ChainStep]

    @classmethod
    def of(cls, chain: chains.Chain) -> FundingChain:
        return cls(pattern=chain.pattern, steps=[ChainStep.of(s) for s in chain.steps])


