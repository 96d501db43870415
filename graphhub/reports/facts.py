"""The facts a report is built from: places, fundings, the API's sums and overlaps, sources.

Everything is read through the query modules (``graphhub.queries``) with a ``Runner``
that may not see restricted data, so the report holds public data only and agrees with
the API: USD sums and overlaps come from who-funds-what and overlaps, the fundings behind
them from funding lines, the documents from provenance. This module turns their answers
into the report's places (countries by ISO3, sectors by name) and keeps what is in scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import neo4j

from graphhub.queries import funding as funding_queries
from graphhub.queries import provenance
from graphhub.queries.filters import FundingFilter
from graphhub.queries.funding import GroupBy
from graphhub.queries.funding_lines import FundingLine, LineFilter, funding_lines
from graphhub.queries.kinds import FundingKind
from graphhub.queries.records import Node
from graphhub.queries.runner import Runner
from graphhub.reports.selection import Scope

UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Place:
    """A country or sector as a report names it."""

    key: str  # ISO3 for countries, the lower-cased name for sectors
    name: str
    code: str | None = None


@dataclass(frozen=True)
class ProjectFacts:
    """What a report shows of a project: code, title, status, years, countries, sectors."""

    project_id: str
    code: str | None
    title: str
    status: str | None
    start_year: int | None
    end_year: int | None
    countries: tuple[Place, ...]
    sectors: tuple[Place, ...]


@dataclass(frozen=True)
class Funding(ProjectFacts):
    """One public FUNDS relationship in the scope, with the facts of its project."""

    id: str
    donor_id: str
    donor: str
    year: int | None
    amount_usd: float | None
    sources: tuple[str, ...]
    kind: FundingKind = FundingKind.COMMITMENT
    onward: bool = False  # onward money: counted where it came from, not again
    superseded: bool = False  # a better-ranked source states it

    @property
    def counts(self) -> bool:
        """Whether the report's figures count it."""
        return not self.onward and not self.superseded


@dataclass(frozen=True)
class KindTotal:
    """The fundings of one kind in the scope, and whether the report's figures sum them."""

    kind: FundingKind
    amount_usd: float
    fundings: int
    summed: bool


@dataclass(frozen=True)
class Amount:
    """One who-funds-what row of the API: its keys (None when not grouped by) and sums."""

    donor: Place | None
    country: Place | None
    sector: Place | None
    year: int | None
    amount_usd: float
    fundings: int
    projects: int
    donors: int
    unpriced: int


@dataclass(frozen=True)
class SharedCell:
    """An API overlap: a cell, the years donors share there, the donors and projects."""

    country: Place
    sector: Place
    years: tuple[int, ...]
    donors: tuple[Place, ...]  # key = donor id
    projects: tuple[Place, ...]  # key = project id, name = code or title


def public_runner(
    driver: neo4j.AsyncDriver,
    database: str,
    timeout_s: float,
    funding_precedence: tuple[str, ...] | None = None,
) -> Runner:
    """A query runner that sees public data only, as a coordinator does; ``funding_precedence``
    from the settings (None: the default order)."""
    runner = Runner(driver, database, timeout_s, restricted_ok=False)
    if funding_precedence is not None:
        runner.funding_precedence = funding_precedence
    return runner


def require_public(runner: Runner) -> Runner:
    """``runner``, when it may not see restricted data; a report is public, so any other
    runner is a mistake of the caller's."""
    if runner.restricted_ok:
        raise ValueError("a report reads public data only: use a runner with restricted_ok=False")
    return runner


def country_of(node: Node | None) -> Place:
    """A country node as a Place (ISO3 key); a missing one is 'country not stated'."""
    if node is None:
        return Place(UNSPECIFIED, "country not stated")
    iso3 = str(node.get("iso3") or node.id)
    return Place(iso3, str(node.get("name") or iso3))


def sector_of(node: Node | None) -> Place:
    """A sector node as a Place (lower-cased name key); a missing one is 'sector not stated'."""
    if node is None:
        return Place(UNSPECIFIED, "sector not stated")
    name = str(node.get("name") or node.get("code") or node.id)
    code = node.get("code")
    return Place(name.lower(), name, None if code is None else str(code))


def sector_matches(sector: Place, wanted: str) -> bool:
    """A sector named by its name or DAC code, case-insensitively."""
    text = wanted.strip().lower()
    return sector.key == text or (sector.code is not None and sector.code.lower() == text)


def cell_in_scope(country: Place, sector: Place, scope: Scope) -> bool:
    """Whether a country × sector cell belongs to the scope."""
    if not scope.all_countries and country.key not in scope.iso3:
        return False
    sectors = scope.selection.sectors
    return not sectors or any(sector_matches(sector, wanted) for wanted in sectors)


def scope_filter(scope: Scope) -> FundingFilter:
    """The API filter for what a scope shares with every row: programme, period and the
    kinds of funding summed.

    Countries and sectors are grouped by and picked afterwards, because the API's filter
    takes one of each and a report's selection often holds several.
    """
    selection = scope.selection
    return FundingFilter(
        programme=selection.programme, year_from=selection.year_from, year_to=selection.year_to,
        kinds=list(selection.kinds),
    )


async def fetch_amounts(
    runner: Runner, scope: Scope, group_by: tuple[GroupBy, ...]
) -> list[Amount]:
    """API who-funds-what rows grouped by ``group_by`` plus country and sector, in the scope:
    the sums of the selection's kinds (rows that count nothing, left out)."""
    keys = (*group_by, GroupBy.COUNTRY, GroupBy.SECTOR)
    rows = await funding_queries.who_funds_what(runner, keys, scope_filter(scope))
    out: list[Amount] = []
    for row in rows:
        country, sector = country_of(row.country), sector_of(row.sector)
        if not cell_in_scope(country, sector, scope) or not row.fundings:
            continue
        out.append(
            Amount(
                donor=Place(row.donor.id, row.donor.name) if row.donor else None,
                country=country, sector=sector, year=row.year,
                amount_usd=row.amounts.total_of(scope.selection.kinds) or 0.0,
                fundings=row.fundings, projects=row.projects, donors=row.donors,
                unpriced=row.unpriced,
            )
        )
    return out


async def fetch_kind_totals(runner: Runner, scope: Scope) -> list[KindTotal]:
    """The scope's fundings of every kind, each kind apart (the report sums only the
    selection's kinds; the others are shown beside them, never added)."""
    where = scope_filter(scope)
    where.kinds = None
    keys = (GroupBy.KIND, GroupBy.COUNTRY, GroupBy.SECTOR)
    usd: dict[FundingKind, float] = {}
    counted: dict[FundingKind, int] = {}
    for row in await funding_queries.who_funds_what(runner, keys, where):
        if row.kind is None or not row.fundings:
            continue
        if not cell_in_scope(country_of(row.country), sector_of(row.sector), scope):
            continue
        usd[row.kind] = usd.get(row.kind, 0.0) + row.amounts.of(row.kind)
        counted[row.kind] = counted.get(row.kind, 0) + row.fundings
    return [
        KindTotal(kind, round(usd[kind], 2), counted[kind], kind in scope.selection.kinds)
        for kind in FundingKind if kind in usd
    ]


async def fetch_shared_cells(runner: Runner, scope: Scope) -> list[SharedCell]:
    """API overlaps (two or more donors in the same years) in the scope's cells."""
    rows = await funding_queries.overlaps(runner, scope_filter(scope), min_donors=2)
    out: list[SharedCell] = []
    for row in rows:
        country, sector = country_of(row.country), sector_of(row.sector)
        if not cell_in_scope(country, sector, scope):
            continue
        out.append(
            SharedCell(
                country=country,
                sector=sector,
                years=tuple(row.years),
                donors=tuple(Place(d.id, d.name) for d in row.donors),
                projects=tuple(
                    Place(p.id, str(p.get("code") or p.name)) for p in row.projects
                ),
            )
        )
    return out


def _places(nodes: tuple[Node, ...], place_of: Callable[[Node | None], Place]) -> tuple[
    Place, ...
]:
    """The distinct places of some nodes by name; the 'not stated' place when there are none."""
    places = {place.key: place for place in map(place_of, nodes)}
    return tuple(sorted(places.values(), key=lambda p: p.name)) or (place_of(None),)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def funding_of(line: FundingLine) -> Funding:
    """A funding line of the query layer as the report's Funding."""
    donor, project, rel = line.donor, line.project, line.rel
    return Funding(
        id=rel.id,
        donor_id=donor.id,
        donor=str(donor.get("name") or donor.id),
        project_id=project.id,
        code=project.get("code"),
        title=str(
            project.get("title") or project.get("name") or project.get("code") or project.id
        ),
        status=project.get("status"),
        start_year=_int(project.get("start_year")),
        end_year=_int(project.get("end_year")),
        countries=_places(line.countries, country_of),
        sectors=_places(line.sectors, sector_of),
        year=_int(rel.get("year")),
        amount_usd=_float(rel.get("amount_usd")),
        sources=line.sources,
        kind=line.kind,
        onward=line.onward,
        superseded=line.superseded,
    )


def line_filter(scope: Scope) -> LineFilter:
    """The funding-line filter of a scope: its countries, sectors, programme and period."""
    selection = scope.selection
    return LineFilter(
        countries=() if scope.all_countries else scope.iso3,
        sectors=selection.sectors,
        programme=selection.programme,
        year_from=selection.year_from,
        year_to=selection.year_to,
        kinds=selection.kinds,
    )


async def fetch_fundings(runner: Runner, scope: Scope) -> list[Funding]:
    """Every public funding of the selection's kinds in the scope, one per FUNDS
    relationship, with whether the figures count it (``Funding.counts``)."""
    return [funding_of(line) for line in await funding_lines(runner, line_filter(scope))]


def _stamp(document: provenance.Document) -> str | None:
    return document.modified or document.ingested_at


async def fetch_documents(runner: Runner, ids: set[str]) -> list[provenance.Document]:
    """The public documents among ``ids``, newest first (undated ones before them)."""
    if not ids:
        return []
    found = sorted((await provenance.documents(runner, sorted(ids))).values(),
                   key=lambda d: d.title)
    return sorted(found, key=lambda d: (_stamp(d) is None, _stamp(d) or ""), reverse=True)
