"""Entity lookups, relations, full-text search and provenance on the sample graph."""

from __future__ import annotations

from typing import Any

import pytest

from graphhub.model import Label
from graphhub.queries import entities, provenance
from graphhub.queries.errors import BadInput
from graphhub.queries.runner import Runner


def test_lucene_special_characters_are_escaped() -> None:
    assert entities.escape_lucene('a+b(c)"d"~*?:\\/') == 'a\\+b\\(c\\)\\"d\\"\\~\\*\\?\\:\\\\\\/'
    assert entities.lucene_query("Emerald  Gate", fuzzy=True) == "Emerald~ AND Gate~"
    assert entities.lucene_query("AND OR", fuzzy=False) == '"and" AND "or"'
    with pytest.raises(BadInput):
        entities.lucene_query("   ", fuzzy=False)


@pytest.mark.neo4j
async def test_search_sees_only_what_the_caller_may(
    graph: Any, public: Runner, analyst: Runner
) -> None:
    assert await entities.search(public, "Emerald Gate") == []
    hits = await entities.search(analyst, "Emerald Gate")
    assert hits[0].node.name == "Emerald Gate network"
    fuzzy = await entities.search(analyst, "Karimof", fuzzy=True)
    assert [h.node.name for h in fuzzy] == ["Rustam Karimov"]
    only_projects = await entities.search(public, "TAJ/E24", labels=[Label.PROJECT])
    assert [h.node.get("code") for h in only_projects] == ["TAJ/E24"]
    # Lucene syntax in user text is matched literally, never parsed.
    assert await entities.search(public, 'Gate" OR name:*') == []


@pytest.mark.neo4j
async def test_relations_and_provenance(graph: Any, public: Runner, analyst: Runner) -> None:
    karimov = graph["Rustam Karimov"]
    assert await entities.entities_by_id(public, [karimov]) == {}
    related = (await entities.relations_of(analyst, [karimov]))[karimov]
    assert sorted((r.rel.type, r.other.name) for r in related) == [
        ("HOLDS", "KG1100001111"), ("LEADS", "Emerald Gate network")]
    tjk = graph["Tajikistan"]
    shown = (await provenance.node_sources(public, [tjk]))[tjk]
    full = (await provenance.node_sources(analyst, [tjk]))[tjk]
    assert {s.document.title for s in shown} == {"Donor update 2014",
                                                 "Seizure report Tajikistan 2014"}
    assert len(full) == 3
    sentence = next(s for s in shown if s.document.title == "Donor update 2014")
    assert sentence.sentence.startswith("Tajikistan, Kazakhstan")
