"""Drug seizures (DMP-style): what, how much, when, where and by whom."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphhub.model import RelType
from graphhub.queries.cypher_files import cypher
from graphhub.queries.errors import BadInput
from graphhub.queries.paging import Page, PageRequest
from graphhub.queries.records import Node
from graphhub.queries.runner import Runner

SEIZURE_SORTS = frozenset({"DATE"})


@dataclass
class SeizureFilter:
    """Which seizures: in a country, of a drug, in a date range, of at least some kilograms."""

    country: str | None = None
    drug: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_kg: float | None = None


@dataclass(frozen=True)
class Seizure:
    """A seizure with its countries and the organizations that made it."""

    node: Node
    countries: list[Node] = field(default_factory=list)
    seized_by: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class SeizurePage:
    """A page of seizures and the kilograms seized across the whole filtered list."""

    page: Page[Seizure]
    total_kg: float


async def seizures(runner: Runner, where: SeizureFilter, page: PageRequest) -> SeizurePage:
    """One page of visible seizures, newest first."""
    page.check(SEIZURE_SORTS)
    if where.min_kg is not None and where.min_kg < 0:
        raise BadInput(f"minKg cannot be negative ({where.min_kg})")
    rows = await runner.rows(
        cypher("seizures"),
        country=where.country,
        drug=where.drug,
        date_from=where.date_from,
        date_to=where.date_to,
        min_kg=where.min_kg,
        offset=page.offset,
        limit=page.limit,
    )
    row = rows[0]
    items = []
    for item in row["items"]:
        links = [link for link in item["links"] if link]
        items.append(
            Seizure(
                node=Node.from_map(item["node"]),
                countries=[Node.from_map(x["node"]) for x in links
                           if x["type"] == RelType.IN_COUNTRY],
                seized_by=[Node.from_map(x["node"]) for x in links if x["type"] == RelType.BY],
            )
        )
    return SeizurePage(Page(items, int(row["total"]), page.offset), float(row["total_kg"] or 0.0))
