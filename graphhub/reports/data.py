"""Reading what a report needs from the graph.

Every USD figure comes from the query functions the API uses (``graphhub.queries.funding``:
who funds what, overlaps), asked as a public caller, so the report and the API agree. The
fundings list behind the project table and the documents behind the report come from
``cypher/*.cypher`` beside this module, loaded once; values go only through parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j

from graphhub.cypher_files import CypherFiles
from graphhub.queries import funding as funding_queries
from graphhub.queries.filters import FundingFilter
from graphhub.queries.funding import GroupBy
from graphhub.queries.records import Node
from graphhub.queries.runner import Runner
from graphhub.reports.selection import Scope

cypher = CypherFiles.beside(__file__)
UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Place:
    """A country or sector as a report names it."""

    key: str  # ISO3 for countries, the lower-cased name for sectors
    name: str
    code: str | None = None


@dataclass(frozen=True)
class Funding:
    """One public FUNDS relationship in the scope, with its project's countries and sectors."""

    id: str
    donor_id: str
    donor: str
    project_id: str
    code: str | None
    title: str
    status: str | None
    start_year: int | None
    end_year: int | None
    countries: tuple[Place, ...]
    sectors: tuple[Place, ...]
    year: int | None
    amount_usd: float | None
    amount: float | None
    currency: str | None
    kind: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SourceDocument:
    """A public document behind the report's figures."""

    id: str
    title: str
    kind: str | None
    path: str | None
    ingested_at: str | None
    modified: str | None

    @property
    def date(self) -> str | None:
        """When the source itself last changed, else when it was ingested (ISO date)."""
        stamp = self.modified or self.ingested_at
        return stamp[:10] if stamp else None


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


def public_runner(driver: neo4j.AsyncDriver, database: str, timeout_s: float) -> Runner:
    """A query runner that sees public data only, as a coordinator does."""
    return Runner(driver, database, timeout_s, restricted_ok=False)


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
    """The API filter for what a scope shares with every row: programme and period.

    Countries and sectors are grouped by and picked afterwards, because the API's filter
    takes one of each and a report's selection often holds several.
    """
    selection = scope.selection
    return FundingFilter(
        programme=selection.programme, year_from=selection.year_from, year_to=selection.year_to
    )


async def fetch_amounts(
    runner: Runner, scope: Scope, group_by: tuple[GroupBy, ...]
) -> list[Amount]:
    """API who-funds-what rows grouped by ``group_by`` plus country and sector, in the scope."""
    keys = (*group_by, GroupBy.COUNTRY, GroupBy.SECTOR)
    rows = await funding_queries.who_funds_what(runner, keys, scope_filter(scope))
    out: list[Amount] = []
    for row in rows:
        country, sector = country_of(row.country), sector_of(row.sector)
        if not cell_in_scope(country, sector, scope):
            continue
        out.append(
            Amount(
                donor=Place(row.donor.id, row.donor.name) if row.donor else None,
                country=country, sector=sector, year=row.year, amount_usd=row.amount_usd,
                fundings=row.fundings, projects=row.projects, donors=row.donors,
                unpriced=row.unpriced,
            )
        )
    return out


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


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _countries(raw: list[dict[str, Any]]) -> tuple[Place, ...]:
    places = {
        str(c["iso3"]): Place(str(c["iso3"]), str(c.get("name") or c["iso3"]))
        for c in raw if c.get("iso3")
    }
    return tuple(sorted(places.values(), key=lambda p: p.name)) or (
        Place(UNSPECIFIED, "country not stated"),
    )


def _sectors(raw: list[dict[str, Any]]) -> tuple[Place, ...]:
    places: dict[str, Place] = {}
    for sector in raw:
        name = str(sector.get("name") or sector.get("code") or "").strip()
        if name:
            code = sector.get("code")
            places[name.lower()] = Place(name.lower(), name, None if code is None else str(code))
    return tuple(sorted(places.values(), key=lambda p: p.name)) or (
        Place(UNSPECIFIED, "sector not stated"),
    )


def funding_from_record(record: dict[str, Any]) -> Funding:
    """A Funding from one row of ``fundings.cypher``."""
    return Funding(
        id=str(record["id"]),
        donor_id=str(record["donor_id"]),
        donor=str(record["donor"] or record["donor_id"]),
        project_id=str(record["project_id"]),
        code=record["code"],
        title=str(record["title"] or record["code"] or record["project_id"]),
        status=record["status"],
        start_year=_int(record["start_year"]),
        end_year=_int(record["end_year"]),
        countries=_countries(record["countries"]),
        sectors=_sectors(record["sectors"]),
        year=_int(record["year"]),
        amount_usd=_float(record["amount_usd"]),
        amount=_float(record["amount"]),
        currency=record["currency"],
        kind=record["kind"],
        sources=tuple(str(s) for s in record["sources"]),
    )


def funding_parameters(scope: Scope) -> dict[str, Any]:
    """The parameters of ``fundings.cypher`` for a scope."""
    selection = scope.selection
    return {
        "iso3": None if scope.all_countries else list(scope.iso3),
        "sectors": [s.lower() for s in selection.sectors] or None,
        "programme": selection.programme,
        "year_from": selection.year_from,
        "year_to": selection.year_to,
    }


async def fetch_fundings(driver: neo4j.AsyncDriver, database: str, scope: Scope) -> list[Funding]:
    """Every public funding in the scope, one per FUNDS relationship."""
    records, _, _ = await driver.execute_query(
        cypher("fundings"), funding_parameters(scope),
        database_=database, routing_=neo4j.RoutingControl.READ,
    )
    return [funding_from_record(record.data()) for record in records]


async def fetch_documents(
    driver: neo4j.AsyncDriver, database: str, ids: set[str]
) -> list[SourceDocument]:
    """The public documents among ``ids``, newest first."""
    if not ids:
        return []
    records, _, _ = await driver.execute_query(
        cypher("documents"), ids=sorted(ids), database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return [
        SourceDocument(
            id=str(r["id"]), title=str(r["title"] or r["path"] or r["id"]), kind=r["kind"],
            path=r["path"], ingested_at=r["ingested_at"], modified=r["modified"],
        )
        for r in records
    ]
