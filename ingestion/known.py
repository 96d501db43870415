"""What the graph already knows, read once per run so the resolver can match against it."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j

from graphhub.model import Label
from ingestion.resolve import KnownNode

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

_KNOWN = """
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN n.id AS id, [label IN labels(n) WHERE label IN $labels][0] AS label,
       n.name AS name, coalesce(n.aliases, []) AS aliases, n.acronym AS acronym,
       n.iati_ref AS iati_ref, n.iban AS iban
"""

_PRESENT = """
MATCH (d:Document) WHERE d.id IN $ids AND coalesce(d.current, false)
RETURN d.id AS id
"""


def known_nodes(driver: neo4j.Driver, database: str) -> Iterator[KnownNode]:
    """Every resolvable node in the graph, as the resolver's seed."""
    records, _, _ = driver.execute_query(
        _KNOWN,
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


def present_documents(driver: neo4j.Driver, database: str, ids: list[str]) -> set[str]:
    """The ids among ``ids`` whose current version is already in the graph."""
    records, _, _ = driver.execute_query(
        _PRESENT, ids=ids, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return {str(record["id"]) for record in records}
