"""From an extraction to the writer's rows, and to the graph."""

from __future__ import annotations

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC, RESTRICTED, Label, RelType
from ingestion.commit import DocumentInfo, commit_extraction, to_batch, with_usd
from ingestion.records import EdgeRecord, Extraction, NodeRecord
from ingestion.resolve import Decision, Resolution, ResolvedNode

EXACT = Decision("exact", 1.0, None, "test")


def _doc(classification: str = PUBLIC, year: int | None = None) -> DocumentInfo:
    return DocumentInfo(
        "doc-c", "A report", "text", "/reports/c.txt", classification=classification, year=year
    )


def _extraction() -> Extraction:
    return Extraction(
        "doc-c",
        [
            NodeRecord(Label.ORGANIZATION, "n0", "UNODC"),
            NodeRecord(Label.PROJECT, "n1", "XAC/K22", {"code": "XAC/K22"}),
        ],
        [EdgeRecord(RelType.FUNDS, "n0", "n1", {"amount": 100.0, "currency": "EUR", "year": 2003})],
    )


def _resolution(start: str = "org:unodc", end: str = "project:xac") -> Resolution:
    resolution = Resolution("doc-c")
    resolution.nodes["n0"] = ResolvedNode(start, Label.ORGANIZATION, "UNODC", {}, (), EXACT)
    resolution.nodes["n1"] = ResolvedNode(end, Label.PROJECT, "XAC/K22", {}, (), EXACT)
    return resolution


def test_an_amount_with_a_known_rate_gets_amount_usd() -> None:
    warnings: list[str] = []
    props = with_usd({"amount": 100.0, "currency": "EUR", "year": 2003}, warnings)
    assert props["amount_usd"] == 113.12
    assert props["fx_year"] == 2003
    assert warnings == []


def test_an_amount_without_a_year_takes_the_documents() -> None:
    props = with_usd({"amount": 100.0, "currency": "EUR"}, [], fallback_year=2003)
    assert (props["amount_usd"], props["fx_year"]) == (113.12, 2003)


def test_usd_needs_no_rate() -> None:
    props = with_usd({"amount": 5, "currency": "usd"}, [])
    assert props["amount_usd"] == 5
    assert "fx_year" not in props


def test_an_unknown_currency_or_year_is_warned_not_guessed() -> None:
    warnings: list[str] = []
    unknown = {"amount": 100.0, "currency": "XYZ", "year": 2003}
    assert with_usd(unknown, warnings) == unknown
    no_year = {"amount": 100.0, "currency": "EUR"}
    assert with_usd(no_year, warnings) == no_year
    assert warnings == ["no USD rate for XYZ in 2003", "no USD rate for EUR without a year"]


def test_money_edges_are_converted_in_the_batch() -> None:
    batch = to_batch(_doc(), _extraction(), _resolution(), [])
    assert [edge.props["amount_usd"] for edge in batch.edges] == [113.12]


def test_a_self_loop_after_resolution_is_dropped() -> None:
    warnings: list[str] = []
    batch = to_batch(_doc(), _extraction(), _resolution("org:same", "org:same"), warnings)
    assert len(batch.nodes) == 2
    assert batch.edges == []
    assert warnings == []


def test_a_record_of_a_restricted_document_is_restricted() -> None:
    extraction = _extraction()
    assert {record.classification for record in extraction.nodes} == {PUBLIC}
    batch = to_batch(_doc(RESTRICTED), extraction, _resolution(), [])
    assert {node.classification for node in batch.nodes} == {RESTRICTED}
    assert {edge.classification for edge in batch.edges} == {RESTRICTED}


def test_a_public_document_keeps_what_its_reader_said() -> None:
    extraction = _extraction()
    extraction.nodes[0].classification = RESTRICTED
    batch = to_batch(_doc(PUBLIC), extraction, _resolution(), [])
    assert [node.classification for node in batch.nodes] == [RESTRICTED, PUBLIC]


@pytest.mark.neo4j
def test_commit_extraction_writes_then_changes_nothing(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    first = commit_extraction(driver, database, _doc(), _extraction())
    assert first.status == "written"
    assert first.nodes_by_label == {Label.ORGANIZATION: 1, Label.PROJECT: 1}
    assert first.edges_by_type == {RelType.FUNDS: 1}
    again = commit_extraction(driver, database, _doc(), _extraction())
    assert again.status == "unchanged"
    assert again.nodes_by_label == {}
    records, _, _ = driver.execute_query(
        "MATCH (:Organization)-[f:FUNDS]->(:Project) RETURN f.amount_usd AS usd",
        database_=database,
    )
    assert [record["usd"] for record in records] == [113.12]
