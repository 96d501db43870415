"""Factories for report tests: small funding graphs written through the real batch writer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import pytest
import pytest_asyncio

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.ids import content_hash, make_id
from graphhub.model import PUBLIC, Label, RelType
from graphhub.queries.runner import Runner
from graphhub.reports.build import report_runner
from graphhub.writer.documents import write_document
from graphhub.writer.rows import DocumentRow, EdgeRow, GraphBatch, NodeRow

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "reports"

COUNTRY_NAMES = {
    "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan",
    "UZB": "Uzbekistan", "AFG": "Afghanistan", "GEO": "Georgia",
}
SECTOR_CODES = {"border control": "15210", "HIV prevention": "13040",
                "drug demand reduction": "16063", "AML / financial flows": "15210"}


@dataclass
class Doc:
    """One source document and the facts it asserts, written in one batch."""

    title: str
    modified: str = "2014-03-01T00:00:00+00:00"
    classification: str = PUBLIC
    nodes: dict[str, NodeRow] = field(default_factory=dict)
    edges: list[EdgeRow] = field(default_factory=list)

    @property
    def id(self) -> str:
        return content_hash(self.title.encode())

    def node(self, label: Label, key: str, name: str, **props: Any) -> str:
        node_id = make_id(label.lower(), key)
        self.nodes[node_id] = NodeRow(
            node_id, label, name, props=props, classification=self.classification
        )
        return node_id

    def edge(self, rel: RelType, start: str, start_label: Label, end: str, end_label: Label,
             **props: Any) -> None:
        self.edges.append(EdgeRow(
            make_id(rel.lower(), start, end, str(props.get("year"))), rel, start, start_label,
            end, end_label, props=props, classification=self.classification,
            evidence=[{"sentence": f"{start} {rel} {end}", "method": "test", "confidence": 1.0}],
        ))

    def funding(
        self, donor: str, code: str, amount_usd: float | None, year: int | None,
        countries: tuple[str, ...], sectors: tuple[str, ...], title: str | None = None,
        start_year: int | None = None, end_year: int | None = None, kind: str = "commitment",
    ) -> None:
        donor_id = self.node(Label.ORGANIZATION, donor, donor)
        project_props: dict[str, Any] = {"code": code, "title": title or f"Project {code}"}
        if start_year is not None:
            project_props["start_year"] = start_year
        if end_year is not None:
            project_props["end_year"] = end_year
        project_id = self.node(Label.PROJECT, code, title or code, **project_props)
        self.edge(RelType.FUNDS, donor_id, Label.ORGANIZATION, project_id, Label.PROJECT,
                  amount=amount_usd, currency="USD", amount_usd=amount_usd, year=year, kind=kind)
        for iso3 in countries:
            country_id = self.node(Label.COUNTRY, iso3, COUNTRY_NAMES[iso3], iso3=iso3)
            self.edge(RelType.IN_COUNTRY, project_id, Label.PROJECT, country_id, Label.COUNTRY)
        for sector in sectors:
            sector_id = self.node(Label.SECTOR, sector, sector, code=SECTOR_CODES.get(sector))
            self.edge(RelType.IN_SECTOR, project_id, Label.PROJECT, sector_id, Label.SECTOR)

    def region(self, name: str, countries: tuple[str, ...]) -> None:
        region_id = self.node(Label.REGION, name, name)
        for iso3 in countries:
            country_id = self.node(Label.COUNTRY, iso3, COUNTRY_NAMES[iso3], iso3=iso3)
            self.edge(RelType.IN_REGION, country_id, Label.COUNTRY, region_id, Label.REGION)

    def write(self, driver: neo4j.Driver, database: str) -> None:
        document = DocumentRow(
            self.id, self.title, "text", f"/data/{self.title}.txt", self.classification,
            props={"modified": self.modified},
        )
        write_document(driver, database, GraphBatch(document, list(self.nodes.values()),
                                                    self.edges))


def central_asia_docs() -> list[Doc]:
    """Three documents: crowded border control in TJK, a single-donor cell, a restricted note."""
    first = Doc("donor update 2012", modified="2013-01-10T00:00:00+00:00")
    first.funding("Government of Japan", "TAJ/K45", 1_800_000, 2012, ("TJK",),
                  ("border control",), start_year=2011, end_year=2014)
    first.funding("European Union", "TAJ/E24", 2_500_000, 2011, ("TJK",),
                  ("border control",), start_year=2010, end_year=2013)
    first.funding("Government of Japan", "XAC/K22", 600_000, 2013, ("KGZ", "TJK"),
                  ("border control",), start_year=2013, end_year=2015)
    second = Doc("project sheet UZB/K25", modified="2014-06-30T00:00:00+00:00")
    second.funding("Global Fund", "UZB/K25", 900_000, 2012, ("UZB",), ("HIV prevention",),
                   start_year=2012, end_year=2014)
    second.funding("Sida", "UZB/K25", 100_000, 2014, ("UZB",), ("HIV prevention",),
                   start_year=2012, end_year=2014)
    second.funding("Government of Norway", "AFG/X01", 5_000_000, 2012, ("AFG",),
                   ("border control",), start_year=2012, end_year=2013)
    restricted = Doc("fiu note", classification="restricted",
                     modified="2016-01-01T00:00:00+00:00")
    restricted.funding("Shadow Donor", "TKM/Z99", 9_000_000, 2012, ("TKM",),
                       ("border control",), title="Restricted project")
    return [first, second, restricted]


@pytest.fixture
def database(neo4j_settings: Settings) -> str:
    return neo4j_settings.neo4j_database


@pytest.fixture
def central_asia(driver: neo4j.Driver, database: str) -> list[Doc]:
    """The Central Asia test graph, written; returns its documents."""
    docs = central_asia_docs()
    for doc in docs:
        doc.write(driver, database)
    return docs


@pytest_asyncio.fixture(loop_scope="function")
async def async_driver(neo4j_settings: Settings) -> AsyncIterator[neo4j.AsyncDriver]:
    """An async driver to the session's Neo4j, as the API and the reports use.

    On the test's own event loop: the driver's connections belong to the loop that opened them.
    """
    driver = open_async_driver(neo4j_settings)
    try:
        yield driver
    finally:
        await driver.close()


@pytest.fixture
def runner(async_driver: neo4j.AsyncDriver, neo4j_settings: Settings) -> Runner:
    """The runner a report reads with (public data only), on the test's async driver."""
    return report_runner(async_driver, neo4j_settings)


@pytest.fixture
def artifacts() -> Path:
    """Where rendered pages and PNGs are kept for people to look at (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


FundingFactory = Any


@pytest.fixture
def make_funding() -> FundingFactory:
    """Build a ``Funding`` record (no database) for the pure computations."""
    from graphhub.reports.facts import Funding, Place

    counter = iter(range(1_000_000))

    def build(
        donor: str, code: str, amount_usd: float | None, year: int | None,
        countries: tuple[str, ...] = ("TJK",), sectors: tuple[str, ...] = ("border control",),
        start_year: int | None = None, end_year: int | None = None,
    ) -> Funding:
        return Funding(
            id=f"f{next(counter)}", donor_id=donor.lower(), donor=donor,
            project_id=code.lower(), code=code, title=f"Project {code}", status=None,
            start_year=start_year, end_year=end_year,
            countries=tuple(Place(c, COUNTRY_NAMES[c]) for c in countries),
            sectors=tuple(Place(s.lower(), s, SECTOR_CODES.get(s)) for s in sectors),
            year=year, amount_usd=amount_usd, sources=("doc1",),
        )

    return build


@pytest.fixture
def make_cell() -> Any:
    """Build a ``CellFigure`` from (donor, amount) pairs (no database)."""
    from graphhub.reports.facts import Place
    from graphhub.reports.figures import CellFigure, DonorAmount

    def build(iso3: str, sector: str, donors: list[tuple[str, float]]) -> CellFigure:
        shares = tuple(sorted((DonorAmount(d.lower(), d, a) for d, a in donors),
                              key=lambda x: -x.amount_usd))
        return CellFigure(
            country=Place(iso3, COUNTRY_NAMES[iso3]),
            sector=Place(sector.lower(), sector, SECTOR_CODES.get(sector)),
            amount_usd=sum(a for _, a in donors), donors=shares,
            project_ids=tuple(f"p-{d.lower()}" for d, _ in donors), fundings=len(donors),
            first_year=None, last_year=None,
        )

    return build
