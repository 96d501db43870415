"""DataLoaders: the number of Cypher round trips does not grow with the number of items."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from graphhub.api.auth import Principal, Role
from graphhub.api.context import Context
from graphhub.api.schema import schema
from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.ids import make_id
from graphhub.model import PUBLIC, Label, RelType
from ingestion.commit import DocumentInfo, commit_extraction
from ingestion.records import EdgeRecord, Evidence, Extraction, NodeRecord

pytestmark = pytest.mark.neo4j

PROJECTS = """{ projects(first: 200) { totalCount nodes {
    code totalUsd donorCount sources { document { title } }
    fundings { amountUsd donor { name totalUsd } sources { sentence document { id } } }
    countries { iso3 sources { sentence } } sectors { name } implementers { name }
    follows { code } } } }"""


def _write_projects(driver: neo4j.Driver, database: str, count: int, tag: str) -> None:
    doc_id = make_id("doc", tag)
    nodes = [NodeRecord(Label.COUNTRY, "c", "Tajikistan", {"iso3": "TJK"})]
    edges = []
    for i in range(count):
        sentence = f"Donor {i} funds project P{i}."
        ev = [Evidence(doc_id, 0, len(sentence), sentence, "rule", 0.8)]
        nodes.append(NodeRecord(Label.ORGANIZATION, f"d{i}", f"Donor number {i}", evidence=ev))
        nodes.append(NodeRecord(Label.PROJECT, f"p{i}", f"P{i}", {"code": f"P/{i:03d}"},
                                evidence=ev))
        edges.append(EdgeRecord(RelType.FUNDS, f"d{i}", f"p{i}",
                                {"amount": 100 + i, "currency": "USD", "year": 2014}, evidence=ev))
        edges.append(EdgeRecord(RelType.IN_COUNTRY, f"p{i}", "c", evidence=ev))
    commit_extraction(driver, database, DocumentInfo(doc_id, tag, "txt", tag, PUBLIC),
                    Extraction(doc_id, nodes, edges))


async def _round_trips(settings: Settings) -> int:
    async_driver = open_async_driver(settings)
    try:
        context = Context.create(settings, async_driver, Principal("key-test", Role.PARTNER))
        result = await schema.execute(PROJECTS, context_value=context)
        assert result.errors is None, result.errors
        return context.runner.round_trips
    finally:
        await async_driver.close()


async def test_round_trips_do_not_grow_with_the_page(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    _write_projects(driver, database, 3, "three")
    few = await _round_trips(neo4j_settings)
    _write_projects(driver, database, 40, "forty")
    many = await _round_trips(neo4j_settings)
    assert many == few
    # One query per field group and nesting level: projects, fundings, donors, links,
    # documents, and node sources at two levels (projects, then their countries).
    assert many <= 7


async def test_a_graph_answer_needs_no_more_queries_than_field_groups(
    graph: Any, neo4j_settings: Settings
) -> None:
    assert await _round_trips(neo4j_settings) <= 7
