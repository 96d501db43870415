"""Donors, their fundings, who funds what, overlaps and country overviews."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graphhub.queries.cypher_files import cypher
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.filters import FundingFilter
from graphhub.queries.paging import Page, PageRequest
from graphhub.queries.records import Node, Rel
from graphhub.queries.runner import Runner

DONOR_SORTS = frozenset({"NAME", "TOTAL", "PROJECTS", "FIRST_YEAR"})


class GroupBy(StrEnum):
    """What who-funds-what rows can be grouped by."""

    DONOR = "DONOR"
    COUNTRY = "COUNTRY"
    SECTOR = "SECTOR"
    YEAR = "YEAR"


@dataclass(frozen=True)
class DonorSummary:
    """A donor with the totals of its visible fundings."""

    node: Node
    total_usd: float
    projects: int
    fundings: int
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class Funding:
    """One FUNDS relationship with both of its ends."""

    rel: Rel
    donor: Node
    project: Node


@dataclass(frozen=True)
class CurrencyAmount:
    """A sum in the currency a source stated."""

    currency: str
    amount: float


@dataclass(frozen=True)
class FundingRow:
    """One who-funds-what group: its keys (None when not grouped by it) and its sums."""

    donor: Node | None
    country: Node | None
    sector: Node | None
    year: int | None
    amount_usd: float
    unpriced: int  # fundings without a USD amount (no amount or no rate)
    fundings: int
    projects: int
    donors: int
    currencies: list[CurrencyAmount] = field(default_factory=list)


@dataclass(frozen=True)
class Overlap:
    """A country x sector cell where several donors ran projects in the same years."""

    country: Node
    sector: Node
    years: list[int]
    donors: list[Node]
    projects: list[Node]


@dataclass(frozen=True)
class CountryOverview:
    """A country: its regions, counts, and who funds what there by donor and by sector."""

    country: Node
    regions: list[Node]
    projects: int
    seizures: int
    seized_kg: float
    by_donor: list[FundingRow]
    by_sector: list[FundingRow]

    @property
    def total_usd(self) -> float:
        return sum(row.amount_usd for row in self.by_donor)


def _summary(item: dict[str, Any]) -> DonorSummary:
    return DonorSummary(
        node=Node.from_map(item["node"]),
        total_usd=float(item["total_usd"] or 0.0),
        projects=int(item["projects"]),
        fundings=int(item["fundings"]),
        first_year=item["first_year"],
        last_year=item["last_year"],
    )


async def donors(
    runner: Runner, page: PageRequest, text: str | None = None
) -> Page[DonorSummary]:
    """One page of donors (organizations funding a visible project) with their totals."""
    page.check(DONOR_SORTS)
    rows = await runner.rows(cypher("donors"), ids=None, text=text, **page.params())
    row = rows[0]
    return Page([_summary(item) for item in row["items"]], int(row["total"]), page.offset)


async def donors_by_id(runner: Runner, ids: Sequence[str]) -> dict[str, DonorSummary]:
    """The visible donors among ``ids``."""
    request = PageRequest(0, max(len(ids), 1))
    rows = await runner.rows(cypher("donors"), ids=list(ids), text=None, **request.params())
    return {s.node.id: s for s in (_summary(item) for item in rows[0]["items"])}


async def fundings_of(
    runner: Runner, side: str, ids: Sequence[str]
) -> dict[str, list[Funding]]:
    """Visible fundings of donors (``side="donor"``) or projects (``"project"``), by id."""
    if side not in {"donor", "project"}:
        raise ValueError(f"side must be 'donor' or 'project', not {side!r}")
    rows = await runner.rows(cypher("fundings_of"), side=side, ids=list(ids))
    out: dict[str, list[Funding]] = defaultdict(list)
    for row in rows:
        out[row["key"]].append(
            Funding(Rel.from_map(row["rel"]), Node.from_map(row["donor"]),
                    Node.from_map(row["project"]))
        )
    return out


def _node(value: dict[str, Any] | None) -> Node | None:
    return Node.from_map(value) if value else None


def _currencies(amounts: list[dict[str, Any]]) -> list[CurrencyAmount]:
    sums: dict[str, float] = defaultdict(float)
    for item in amounts:
        if item.get("currency") and isinstance(item.get("amount"), (int, float)):
            sums[str(item["currency"])] += float(item["amount"])
    return [CurrencyAmount(cur, round(total, 2)) for cur, total in sorted(sums.items())]


async def who_funds_what(
    runner: Runner, group_by: Sequence[GroupBy], where: FundingFilter
) -> list[FundingRow]:
    """Visible fundings summed per group, largest first."""
    if not group_by:
        raise BadInput("group_by needs at least one of DONOR, COUNTRY, SECTOR, YEAR")
    keys = set(group_by)
    rows = await runner.rows(
        cypher("who_funds_what"),
        by_donor=GroupBy.DONOR in keys,
        by_country=GroupBy.COUNTRY in keys,
        by_sector=GroupBy.SECTOR in keys,
        by_year=GroupBy.YEAR in keys,
        **where.params(),
    )
    return [
        FundingRow(
            donor=_node(row["donor"]),
            country=_node(row["country"]),
            sector=_node(row["sector"]),
            year=row["year"],
            amount_usd=round(float(row["amount_usd"] or 0.0), 2),
            unpriced=int(row["fundings"]) - int(row["priced"]),
            fundings=int(row["fundings"]),
            projects=int(row["projects"]),
            donors=int(row["donors"]),
            currencies=_currencies(row["amounts"]),
        )
        for row in rows
    ]


async def overlaps(runner: Runner, where: FundingFilter, min_donors: int = 2) -> list[Overlap]:
    """Country x sector cells with at least ``min_donors`` donors active in the same years."""
    if not 2 <= min_donors <= 50:
        raise BadInput(f"min_donors must be between 2 and 50, not {min_donors}")
    params = where.params()
    params.pop("programme")
    params.pop("text")
    rows = await runner.rows(cypher("overlaps"), min_donors=min_donors, **params)
    return [
        Overlap(
            country=Node.from_map(row["country"]),
            sector=Node.from_map(row["sector"]),
            years=sorted(int(y) for y in row["years"]),
            donors=[Node.from_map(x) for x in row["donors"]],
            projects=[Node.from_map(x) for x in row["projects"]],
        )
        for row in rows
    ]


async def country_overview(runner: Runner, iso3: str) -> CountryOverview:
    """A visible country's overview; NotFound for an unknown (or hidden) code."""
    rows = await runner.rows(cypher("country"), iso3=iso3)
    if not rows:
        raise NotFound(f"no country {iso3!r}")
    row = rows[0]
    country = Node.from_map(row["country"])
    where = FundingFilter(country=country.id)
    return CountryOverview(
        country=country,
        regions=[Node.from_map(r) for r in row["regions"]],
        projects=int(row["projects"]),
        seizures=int(row["seizures"]),
        seized_kg=float(row["seized_kg"] or 0.0),
        by_donor=await who_funds_what(runner, [GroupBy.DONOR], where),
        by_sector=await who_funds_what(runner, [GroupBy.SECTOR], where),
    )
