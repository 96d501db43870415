"""The demo data set that `graphhub demo` loads."""

from __future__ import annotations

from typing import Any

import neo4j

from graphhub.config import Settings

# A handful of donors, projects, countries and fundings, until the demo corpus is ingested.
_FUNDINGS: list[dict[str, Any]] = [
    {
        "donor": "Government of Japan",
        "code": "XAC/K22",
        "title": "Border liaison offices",
        "iso3": "TJK",
        "country": "Tajikistan",
        "amount": 1800000.0,
        "currency": "USD",
        "year": 2012,
    },
    {
        "donor": "European Union",
        "code": "XAC/K22",
        "title": "Border liaison offices",
        "iso3": "TJK",
        "country": "Tajikistan",
        "amount": 2500000.0,
        "currency": "EUR",
        "year": 2013,
    },
    {
        "donor": "Government of Norway",
        "code": "KGZ/K50",
        "title": "Drug control agency support",
        "iso3": "KGZ",
        "country": "Kyrgyzstan",
        "amount": 12000000.0,
        "currency": "NOK",
        "year": 2011,
    },
]

_LOAD = """
UNWIND $rows AS row
MERGE (d:Organization {id: 'org:' + row.donor}) SET d:Donor, d.name = row.donor,
      d.classification = 'public'
MERGE (p:Project {id: 'project:' + row.code}) SET p.code = row.code, p.title = row.title,
      p.name = row.code, p.classification = 'public'
MERGE (c:Country {id: 'country:' + row.iso3}) SET c.iso3 = row.iso3, c.name = row.country
MERGE (p)-[:IN_COUNTRY]->(c)
MERGE (d)-[f:FUNDS {year: row.year, currency: row.currency}]->(p)
SET f.amount = row.amount, f.kind = 'commitment', f.classification = 'public'
"""


def load_demo(driver: neo4j.Driver, settings: Settings) -> str:
    """Load the demo data; returns a one-line summary."""
    driver.execute_query(_LOAD, rows=_FUNDINGS, database_=settings.neo4j_database)
    return f"demo data: {len(_FUNDINGS)} fundings loaded"
