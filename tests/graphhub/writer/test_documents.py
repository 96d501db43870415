"""The batch writer against the real Neo4j: atomic, idempotent, versioned, classified."""

from __future__ import annotations

import json

import neo4j
import pytest

from graphhub.model import PUBLIC, RESTRICTED, Label, RelType
from graphhub.writer.documents import write_document
from graphhub.writer.rows import DocumentRow, EdgeRow, GraphBatch, NodeRow

pytestmark = pytest.mark.neo4j

DB = "neo4j"


def _mention(start: int = 0) -> dict[str, object]:
    return {
        "start": start,
        "end": start + 4,
        "sentence": "UNODC funds XAC/K22.",
        "method": "test",
        "confidence": 0.9,
    }


def _batch(doc_id: str, path: str = "/reports/a.txt", amount: float = 100.0) -> GraphBatch:
    return GraphBatch(
        DocumentRow(doc_id, "A report", "text", path),
        nodes=[
            NodeRow(
                "org:1", Label.ORGANIZATION, "UNODC", {"acronym": "UNODC"}, mentions=[_mention()]
            ),
            NodeRow(
                "project:1", Label.PROJECT, "XAC/K22", {"code": "XAC/K22"}, mentions=[_mention(12)]
            ),
        ],
        edges=[
            EdgeRow(
                "funds:1",
                RelType.FUNDS,
                "org:1",
                Label.ORGANIZATION,
                "project:1",
                Label.PROJECT,
                {"amount": amount, "currency": "USD"},
                evidence=[_mention()],
            ),
        ],
    )


def _count(driver: neo4j.Driver, query: str) -> int:
    records, _, _ = driver.execute_query(query)
    return int(records[0][0])


def test_document_with_nodes_edges_and_provenance(driver: neo4j.Driver) -> None:
    result = write_document(driver, DB, _batch("doc-a"))
    assert (result.status, result.nodes, result.edges, result.mentions) == ("written", 2, 1, 2)
    records, _, _ = driver.execute_query(
        "MATCH (d:Document {id: 'doc-a'})-[m:MENTIONS]->(o:Organization:Donor)"
        "-[f:FUNDS]->(p:Project) RETURN m, f, o"
    )
    assert len(records) == 1
    funds = records[0]["f"]
    assert funds["sources"] == ["doc-a"]
    assert json.loads(funds["evidence"][0])["doc"] == "doc-a"
    assert records[0]["m"]["sentence"] == "UNODC funds XAC/K22."
    assert records[0]["o"]["classification"] == PUBLIC


def test_same_content_twice_changes_nothing(driver: neo4j.Driver) -> None:
    write_document(driver, DB, _batch("doc-a"))
    before = _count(driver, "MATCH ()-[r]->() RETURN count(r)")
    assert write_document(driver, DB, _batch("doc-a")).status == "unchanged"
    assert _count(driver, "MATCH ()-[r]->() RETURN count(r)") == before


def test_new_version_replaces_what_the_old_one_asserted(driver: neo4j.Driver) -> None:
    write_document(driver, DB, _batch("doc-v1", amount=100.0))
    v2 = _batch("doc-v2", amount=250.0)
    v2.edges[0].id = "funds:2"
    result = write_document(driver, DB, v2)
    assert result.status == "replaced" and result.replaced == "doc-v1"
    amounts = driver.execute_query("MATCH ()-[f:FUNDS]->() RETURN f.amount AS a")[0]
    assert [r["a"] for r in amounts] == [250.0]
    history = driver.execute_query(
        "MATCH (n:Document {id: 'doc-v2'})-[:SUPERSEDES]->(o:Document {id: 'doc-v1'}) "
        "RETURN o.current AS current"
    )[0]
    assert history[0]["current"] is False
    assert _count(driver, "MATCH (:Document {id: 'doc-v1'})-[:MENTIONS]->() RETURN count(*)") == 0
    sources = driver.execute_query("MATCH (o:Organization) RETURN o.sources AS s")[0]
    assert sources[0]["s"] == ["doc-v2"]


def test_a_failing_document_leaves_nothing_behind(driver: neo4j.Driver) -> None:
    bad = _batch("doc-bad")
    # Neo4j refuses lists of mixed types: the second label group fails after the first ran.
    bad.nodes[1].props["phases"] = [1, "two"]
    with pytest.raises(neo4j.exceptions.Neo4jError):
        write_document(driver, DB, bad)
    assert _count(driver, "MATCH (n) RETURN count(n)") == 0


def test_public_source_makes_a_restricted_node_public_but_not_the_reverse(
    driver: neo4j.Driver,
) -> None:
    fiu = GraphBatch(
        DocumentRow("doc-fiu", "FIU note", "text", "/fiu.txt", RESTRICTED),
        nodes=[
            NodeRow(
                "org:fiu",
                Label.ORGANIZATION,
                "State Financial Intelligence Service",
                {"kind": "fiu", "note": "secret"},
                classification=RESTRICTED,
            )
        ],
    )
    write_document(driver, DB, fiu)
    node = driver.execute_query("MATCH (o:Organization) RETURN o")[0][0]["o"]
    assert node["classification"] == RESTRICTED
    public = GraphBatch(
        DocumentRow("doc-pub", "Newsletter", "text", "/news.txt"),
        nodes=[
            NodeRow(
                "org:fiu",
                Label.ORGANIZATION,
                "State Financial Intelligence Service",
                {"kind": "fiu"},
            )
        ],
    )
    write_document(driver, DB, public)
    node = driver.execute_query("MATCH (o:Organization) RETURN o")[0][0]["o"]
    assert node["classification"] == PUBLIC
    assert sorted(node["sources"]) == ["doc-fiu", "doc-pub"]


def test_entity_labels_get_the_entity_label(driver: neo4j.Driver) -> None:
    batch = GraphBatch(
        DocumentRow("doc-p", "note", "text", "/p.txt", RESTRICTED),
        nodes=[NodeRow("person:1", Label.PERSON, "Ivan Petrov", classification=RESTRICTED)],
    )
    write_document(driver, DB, batch)
    assert (
        _count(driver, "MATCH (:Entity:Person {classification: 'restricted'}) RETURN count(*)") == 1
    )
