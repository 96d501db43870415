"""Projects: filtered lists, lookups by id or code, and what surrounds a project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphhub.model import RelType
from graphhub.queries.cypher_files import cypher
from graphhub.queries.filters import FundingFilter
from graphhub.queries.funding import statement
from graphhub.queries.kinds import KindAmounts, counting_params
from graphhub.queries.paging import Page, PageRequest
from graphhub.queries.records import Node
from graphhub.queries.runner import Runner

PROJECT_SORTS = frozenset({"CODE", "TITLE", "TOTAL", "START", "DONORS"})


@dataclass(frozen=True)
class ProjectSummary:
    """A project with the totals of its visible fundings and its years."""

    node: Node
    amounts: KindAmounts
    donors: int
    first_year: int | None
    last_year: int | None
    onward_usd: float = 0.0  # onward money to it, left out of its sums
    corroboration: int = 0  # fundings left out: a better-ranked source states them

    @property
    def total_usd(self) -> float | None:
        """Its total when its fundings are of one kind, else None (see ``amounts``)."""
        return self.amounts.total


@dataclass
class ProjectLinks:
    """The visible neighbours of a project, by kind."""

    countries: list[Node] = field(default_factory=list)
    sectors: list[Node] = field(default_factory=list)
    implementers: list[Node] = field(default_factory=list)
    programmes: list[Node] = field(default_factory=list)
    follows: list[Node] = field(default_factory=list)
    followed_by: list[Node] = field(default_factory=list)


_LINK_FIELDS = {
    RelType.IN_COUNTRY: "countries",
    RelType.IN_SECTOR: "sectors",
    RelType.IMPLEMENTED_BY: "implementers",
    RelType.PART_OF: "programmes",
    RelType.FOLLOWS: "follows",
}


def _summary(item: dict[str, Any]) -> ProjectSummary:
    return ProjectSummary(
        node=Node.from_map(item["node"]),
        amounts=KindAmounts.from_rows(item["by_kind"], None),
        donors=int(item["donors"]),
        first_year=item["first_year"],
        last_year=item["last_year"],
        onward_usd=round(float(item["onward_usd"] or 0.0), 2),
        corroboration=int(item["corroboration"]),
    )


async def projects(
    runner: Runner, where: FundingFilter, page: PageRequest
) -> Page[ProjectSummary]:
    """One page of visible projects matching ``where``."""
    page.check(PROJECT_SORTS)
    rows = await runner.rows(
        statement("projects"), ids=None, **where.params(), **page.params(),
        **counting_params(runner, None, count_onward=False),
    )
    row = rows[0]
    return Page([_summary(item) for item in row["items"]], int(row["total"]), page.offset)


async def projects_by_key(runner: Runner, keys: Sequence[str]) -> dict[str, ProjectSummary]:
    """The visible projects whose id or one of whose codes is among ``keys``, under its id and
    each of its codes (an activity two sources report has the codes of both)."""
    page = PageRequest(0, max(len(keys), 1), sort="CODE")
    rows = await runner.rows(
        statement("projects"), ids=list(keys), **FundingFilter().params(), **page.params(),
        **counting_params(runner, None, count_onward=False),
    )
    out: dict[str, ProjectSummary] = {}
    for summary in (_summary(item) for item in rows[0]["items"]):
        out[summary.node.id] = summary
        for code in (summary.node.get("code"), *(summary.node.get("codes") or [])):
            if code:
                out[str(code)] = summary
    return out


async def project_links(runner: Runner, ids: Sequence[str]) -> dict[str, ProjectLinks]:
    """Countries, sectors, implementers, programmes and phases of each visible project."""
    rows = await runner.rows(cypher("project_links"), ids=list(ids))
    out: dict[str, ProjectLinks] = {}
    for row in rows:
        links = ProjectLinks(followed_by=[Node.from_map(q) for q in row["followed_by"]])
        for item in row["outgoing"]:
            name = _LINK_FIELDS.get(RelType(item["type"]))
            if name is not None:
                getattr(links, name).append(Node.from_map(item["node"]))
        for items in (links.countries, links.sectors, links.implementers, links.programmes):
            items.sort(key=lambda node: node.name)
        out[row["id"]] = links
    return out
