"""What the graph already knows, read as the resolver's seed, against the real Neo4j."""

from __future__ import annotations

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import Label
from graphhub.writer.documents import write_document
from graphhub.writer.rows import DocumentRow, GraphBatch, NodeRow
from ingestion.records import Extraction, NodeRecord
from ingestion.resolve.known import known_nodes, seeded_resolver
from ingestion.resolve.resolution import KnownNode

pytestmark = pytest.mark.neo4j

IBAN = "KZ86125KZT5004100100"


def _write(driver: neo4j.Driver, database: str) -> None:
    batch = GraphBatch(
        DocumentRow("doc-known", "A report", "text", "/reports/known.txt"),
        nodes=[
            NodeRow(
                "org:legacy",
                Label.ORGANIZATION,
                "Widget Monitoring Office",
                {"acronym": "WMO"},
                aliases=["Widget Office"],
            ),
            NodeRow("account:kz", Label.BANK_ACCOUNT, IBAN, {"iban": IBAN}),
            NodeRow("project:1", Label.PROJECT, "XAC/K22", {"code": "XAC/K22"}),
        ],
    )
    write_document(driver, database, batch)


def test_known_nodes_are_the_resolvable_nodes_of_the_graph(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    _write(driver, database)
    known = sorted(known_nodes(driver, database), key=lambda node: node.id)
    assert known == [
        KnownNode("account:kz", Label.BANK_ACCOUNT, IBAN, iban=IBAN),
        KnownNode(
            "org:legacy",
            Label.ORGANIZATION,
            "Widget Monitoring Office",
            ("Widget Office",),
            acronym="WMO",
        ),
    ]


def test_an_empty_graph_knows_nothing(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    assert list(known_nodes(driver, neo4j_settings.neo4j_database)) == []


def test_a_seeded_resolver_resolves_onto_a_known_node(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    _write(driver, database)
    resolver = seeded_resolver(driver, database)
    extraction = Extraction(
        "doc-new",
        [
            NodeRecord(Label.ORGANIZATION, "n0", "Widget Monitoring Office"),
            NodeRecord(Label.ORGANIZATION, "n1", "WMO"),
            NodeRecord(Label.BANK_ACCOUNT, "n2", "KZ86 125K ZT50 0410 0100"),
        ],
    )
    nodes = resolver.resolve(extraction).nodes
    assert nodes["n0"].id == "org:legacy"
    assert nodes["n1"].id == "org:legacy"
    assert nodes["n2"].id == "account:kz"
