"""What the graph already knows, read once per run so the resolver can match against it.

A node an analyst merged into another (``merged_into``) is left out: the merge gave its
names to the kept node as aliases, so a later source naming it resolves there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j

from graphhub.cypher_files import CypherFiles
from graphhub.model import Label
from ingestion.resolve.activities import KnownActivity
from ingestion.resolve.resolution import KnownNode
from ingestion.resolve.resolver import Resolver

cypher = CypherFiles.beside(__file__)

# Labels whose names are resolved across documents.
RESOLVED_LABELS: tuple[Label, ...] = (
    Label.ORGANIZATION,
    Label.PERSON,
    Label.COMPANY,
    Label.TRAFFICKING_GROUP,
    Label.BANK_ACCOUNT,
    Label.PROGRAMME,
    Label.REGION,
)

def known_nodes(driver: neo4j.Driver, database: str) -> Iterator[KnownNode]:
    """Every resolvable node in the graph, as the resolver's seed."""
    records, _, _ = driver.execute_query(
        cypher("known_nodes"),
        labels=[str(label) for label in RESOLVED_LABELS],
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    for record in records:
        if record["name"] is None:
            continue
        yield KnownNode(
            id=record["id"],
            label=Label(record["label"]),
            name=record["name"],
            aliases=tuple(record["aliases"]),
            acronym=record["acronym"],
            iati_ref=record["iati_ref"],
            iban=record["iban"],
        )


def known_activities(driver: neo4j.Driver, database: str) -> Iterator[KnownActivity]:
    """Every Project with a code or IATI identifier, as the activity index's seed."""
    records, _, _ = driver.execute_query(
        cypher("known_activities"), database_=database, routing_=neo4j.RoutingControl.READ
    )
    for record in records:
        yield KnownActivity(
            id=record["id"],
            code=record["code"],
            identifier=record["identifier"],
            codes=tuple(str(code) for code in record["codes"]),
        )


def seeded_resolver(
    driver: neo4j.Driver, database: str, aliases_file: Path | None = None
) -> Resolver:
    """A resolver with the alias files and everything the graph already knows."""
    resolver = Resolver.with_aliases(aliases_file)
    resolver.seed(known_nodes(driver, database))
    resolver.activities.seed(known_activities(driver, database))
    return resolver
