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
from graphhub.queries.kinds import FundingKind, KindAmounts, counting_params, kind_of
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
    KIND = "KIND"
    IMPLEMENTER = "IMPLEMENTER"


@dataclass(frozen=True)
class DonorSummary:
    """A donor with the sums per kind of the visible fundings it counts (onward money and
    corroboration left out; see ``graphhub.queries.kinds``)."""

    node: Node
    amounts: KindAmounts
    projects: int
    fundings: int
    first_year: int | None
    last_year: int | None
    onward_usd: float = 0.0
    corroboration: int = 0

    @property
    def total_usd(self) -> float | None:
        """Its total when it gives one kind of funding only; None when it mixes kinds."""
        return self.amounts.total


@dataclass(frozen=True)
class Funding:
    """One FUNDS relationship with both of its ends, its kind and whether it counts in
    totals by donor (not onward money, not superseded by a better-ranked source)."""

    rel: Rel
    donor: Node
    project: Node
    kind: FundingKind
    onward: bool
    superseded: bool

    @property
    def counts(self) -> bool:
        """Whether totals by donor, country or sector count it."""
        return not self.onward and not self.superseded


@dataclass(frozen=True)
class CurrencyAmount:
    """A sum of one kind of funding in the currency a source stated."""

    currency: str
    amount: float
    kind: FundingKind = FundingKind.UNKNOWN


@dataclass(frozen=True)
class FundingRow:
    """One who-funds-what group: its keys (None when not grouped by it) and its sums per
    kind. ``amount_usd`` is the total the caller may read (None: it mixes kinds)."""

    donor: Node | None
    country: Node | None
    sector: Node | None
    year: int | None
    amounts: KindAmounts
    unpriced: int  # counted fundings without a USD amount (no amount or no rate)
    fundings: int  # fundings counted
    projects: int
    donors: int
    currencies: list[CurrencyAmount] = field(default_factory=list)
    kind: FundingKind | None = None
    implementer: Node | None = None
    onward_usd: float = 0.0  # onward money of the group left out of its sums
    onward_fundings: int = 0
    corroboration: int = 0  # fundings left out: a better-ranked source states them

    @property
    def amount_usd(self) -> float | None:
        return self.amounts.total

    @property
    def amount_note(self) -> str:
        return self.amounts.note


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
    amounts: KindAmounts = field(default_factory=KindAmounts)
    onward_usd: float = 0.0
    corroboration: int = 0

    @property
    def total_usd(self) -> float | None:
        """The country's total when its fundings are of one kind; None when they mix kinds."""
        return self.amounts.total


def statement(name: str) -> str:
    """The text of a funding query with the shared flags of ``funding_flags.cypher``."""
    return cypher.statement(name, flags=cypher("funding_flags"))


def _summary(item: dict[str, Any]) -> DonorSummary:
    return DonorSummary(
        node=Node.from_map(item["node"]),
        amounts=KindAmounts.from_rows(item["by_kind"], None),
        projects=int(item["projects"]),
        fundings=int(item["fundings"]),
        first_year=item["first_year"],
        last_year=item["last_year"],
        onward_usd=round(float(item["onward_usd"] or 0.0), 2),
        corroboration=int(item["corroboration"]),
    )


async def donors(
    runner: Runner, page: PageRequest, text: str | None = None
) -> Page[DonorSummary]:
    """One page of donors (organizations funding a visible project) with their sums per
    kind; sorted by TOTAL, a donor ranks by its largest sum of one kind."""
    page.check(DONOR_SORTS)
    rows = await runner.rows(
        statement("donors"), ids=None, text=text, **page.params(),
        **counting_params(runner, None, count_onward=False),
    )
    row = rows[0]
    return Page([_summary(item) for item in row["items"]], int(row["total"]), page.offset)


async def donors_by_id(runner: Runner, ids: Sequence[str]) -> dict[str, DonorSummary]:
    """The visible donors among ``ids``."""
    request = PageRequest(0, max(len(ids), 1))
    rows = await runner.rows(
        statement("donors"), ids=list(ids), text=None, **request.params(),
        **counting_params(runner, None, count_onward=False),
    )
    return {s.node.id: s for s in (_summary(item) for item in rows[0]["items"])}


def funding_of(row: dict[str, Any]) -> Funding:
    """A funding from a query row with ``rel``, ``donor``, ``project`` and the flags."""
    return Funding(
        Rel.from_map(row["rel"]), Node.from_map(row["donor"]), Node.from_map(row["project"]),
        kind=kind_of(row["kind"]), onward=bool(row["onward"]),
        superseded=bool(row["superseded"]),
    )


async def fundings_of(
    runner: Runner, side: str, ids: Sequence[str]
) -> dict[str, list[Funding]]:
    """Visible fundings of donors (``side="donor"``) or projects (``"project"``), by id."""
    if side not in {"donor", "project"}:
        raise ValueError(f"side must be 'donor' or 'project', not {side!r}")
    rows = await runner.rows(
        statement("fundings_of"), side=side, ids=list(ids),
        **counting_params(runner, None, count_onward=False),
    )
    out: dict[str, list[Funding]] = defaultdict(list)
    for row in rows:
        out[row["key"]].append(funding_of(row))
    return out


def _node(value: dict[str, Any] | None) -> Node | None:
    return Node.from_map(value) if value else None


def _currencies(amounts: list[dict[str, Any]]) -> list[CurrencyAmount]:
    sums: dict[tuple[str, FundingKind], float] = defaultdict(float)
    for item in amounts:
        if item.get("currency") and isinstance(item.get("amount"), (int, float)):
            sums[(str(item["currency"]), kind_of(item.get("kind")))] += float(item["amount"])
    order = list(FundingKind)
    keys = sorted(sums, key=lambda key: (key[0], order.index(key[1])))
    return [CurrencyAmount(cur, round(sums[(cur, kind)], 2), kind) for cur, kind in keys]


def _row_order(row: FundingRow) -> tuple[Any, ...]:
    names = [str(n.name) if n else "" for n in (row.donor, row.country, row.sector,
                                                 row.implementer)]
    kinds = list(FundingKind)
    return (-row.amounts.sort_key, -row.fundings, *names, row.year or 0,
            kinds.index(row.kind) if row.kind else -1)


async def who_funds_what(
    runner: Runner, group_by: Sequence[GroupBy], where: FundingFilter
) -> list[FundingRow]:
    """Visible fundings summed per group and kind, largest first (by the total asked for,
    else by the largest sum of one kind).

    Onward money counts when grouped by implementer or when ``where.include_onward``;
    else each row says how much it left out.
    """
    if not group_by:
        raise BadInput("group_by needs at least one of " + ", ".join(GroupBy))
    keys = set(group_by)
    asked = where.kind_list
    count_onward = where.include_onward or GroupBy.IMPLEMENTER in keys
    rows = await runner.rows(
        statement("who_funds_what"),
        by_donor=GroupBy.DONOR in keys,
        by_country=GroupBy.COUNTRY in keys,
        by_sector=GroupBy.SECTOR in keys,
        by_year=GroupBy.YEAR in keys,
        by_kind=GroupBy.KIND in keys,
        by_implementer=GroupBy.IMPLEMENTER in keys,
        **where.params(),
        **counting_params(runner, asked, count_onward),
    )
    out = [
        FundingRow(
            donor=_node(row["donor"]),
            country=_node(row["country"]),
            sector=_node(row["sector"]),
            year=row["year"],
            amounts=KindAmounts.from_rows(row["by_kind"], asked),
            unpriced=int(row["fundings"]) - int(row["priced"]),
            fundings=int(row["fundings"]),
            projects=int(row["projects"]),
            donors=int(row["donors"]),
            currencies=_currencies(row["amounts"]),
            kind=kind_of(row["kind"]) if row["kind"] is not None else None,
            implementer=_node(row["implementer"]),
            onward_usd=round(float(row["onward_usd"] or 0.0), 2),
            onward_fundings=int(row["onward_fundings"]),
            corroboration=int(row["corroboration"]),
        )
        for row in rows
    ]
    return sorted(out, key=_row_order)


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


async def country_overview(
    runner: Runner,
    iso3: str,
    kinds: list[FundingKind] | None = None,
    include_onward: bool = False,
) -> CountryOverview:
    """A visible country's overview, its sums per kind; NotFound for an unknown (or hidden)
    code. ``kinds`` and ``include_onward`` as in ``FundingFilter``."""
    rows = await runner.rows(cypher("country"), iso3=iso3)
    if not rows:
        raise NotFound(f"no country {iso3!r}")
    row = rows[0]
    country = Node.from_map(row["country"])
    where = FundingFilter(country=country.id, kinds=kinds, include_onward=include_onward)
    by_donor = await who_funds_what(runner, [GroupBy.DONOR], where)
    return CountryOverview(
        country=country,
        regions=[Node.from_map(r) for r in row["regions"]],
        projects=int(row["projects"]),
        seizures=int(row["seizures"]),
        seized_kg=float(row["seized_kg"] or 0.0),
        by_donor=by_donor,
        by_sector=await who_funds_what(runner, [GroupBy.SECTOR], where),
        amounts=combine([r.amounts for r in by_donor], where.kind_list),
        onward_usd=round(sum(r.onward_usd for r in by_donor), 2),
        corroboration=sum(r.corroboration for r in by_donor),
    )


def combine(parts: Sequence[KindAmounts], asked: Sequence[FundingKind] | None) -> KindAmounts:
    """The sums per kind of several figures together (each kind apart, as ever)."""
    usd: dict[FundingKind, float] = defaultdict(float)
    counts: dict[FundingKind, int] = defaultdict(int)
    for part in parts:
        for kind, amount in part.usd.items():
            usd[kind] += amount
        for kind, number in part.fundings.items():
            counts[kind] += number
    return KindAmounts({k: round(v, 2) for k, v in usd.items()}, dict(counts),
                       tuple(asked) if asked else None)
