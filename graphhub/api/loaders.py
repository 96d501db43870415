"""Per-request DataLoaders: every list of ids a response needs is fetched in one query."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graphhub.queries import entities, findings, funding, projects, provenance
from graphhub.queries.entities import Related
from graphhub.queries.findings import FindingLinks
from graphhub.queries.funding import DonorSummary, Funding
from graphhub.queries.model_sets import CONCERNS_ONLY
from graphhub.queries.projects import ProjectLinks, ProjectSummary
from graphhub.queries.provenance import Document, Source
from graphhub.queries.records import Node
from graphhub.queries.runner import Runner

V = TypeVar("V")
Fetch = Callable[[Runner, Sequence[str]], Awaitable[dict[str, V]]]


def _loader(runner: Runner, fetch: Fetch[V], default: Callable[[], V]) -> DataLoader[str, V]:
    async def load(keys: list[str]) -> list[V]:
        found = await fetch(runner, sorted(set(keys)))
        return [found[key] if key in found else default() for key in keys]

    return DataLoader(load_fn=load)


def _optional(runner: Runner, fetch: Fetch[V]) -> DataLoader[str, V | None]:
    async def load(keys: list[str]) -> list[V | None]:
        found = await fetch(runner, sorted(set(keys)))
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    """The DataLoaders of one request, all bound to the caller's Runner."""

    node_sources: DataLoader[str, list[Source]]
    documents: DataLoader[str, Document | None]
    donors: DataLoader[str, DonorSummary | None]
    projects: DataLoader[str, ProjectSummary | None]
    donor_fundings: DataLoader[str, list[Funding]]
    project_fundings: DataLoader[str, list[Funding]]
    project_links: DataLoader[str, ProjectLinks]
    entities: DataLoader[str, Node | None]
    entity_relations: DataLoader[str, list[Related]]
    entity_findings: DataLoader[str, list[Related]]
    finding_links: DataLoader[str, FindingLinks]

    @classmethod
    def for_runner(cls, runner: Runner) -> Loaders:
        async def donor_fundings(r: Runner, ids: Sequence[str]) -> dict[str, list[Funding]]:
            return await funding.fundings_of(r, "donor", ids)

        async def project_fundings(r: Runner, ids: Sequence[str]) -> dict[str, list[Funding]]:
            return await funding.fundings_of(r, "project", ids)

        async def concerns(r: Runner, ids: Sequence[str]) -> dict[str, list[Related]]:
            return await entities.relations_of(r, ids, CONCERNS_ONLY)

        return cls(
            node_sources=_loader(runner, provenance.node_sources, list),
            documents=_optional(runner, provenance.documents),
            donors=_optional(runner, funding.donors_by_id),
            projects=_optional(runner, projects.projects_by_key),
            donor_fundings=_loader(runner, donor_fundings, list),
            project_fundings=_loader(runner, project_fundings, list),
            project_links=_loader(runner, projects.project_links, ProjectLinks),
            entities=_optional(runner, entities.entities_by_id),
            entity_relations=_loader(runner, entities.relations_of, list),
            entity_findings=_loader(runner, concerns, list),
            finding_links=_loader(runner, findings.finding_links, FindingLinks),
        )
