"""Provenance: mentions and relationship evidence as sources in visible documents."""

from __future__ import annotations

from typing import Any

import pytest

from graphhub.queries import provenance
from graphhub.queries.provenance import Document, Source
from graphhub.queries.records import Evidence
from graphhub.queries.runner import Runner


def test_evidence_from_documents_not_visible_is_dropped() -> None:
    doc = Document("d1", "Report", "text", None, "public")
    evidence = [
        Evidence("d1", 1, 4, "S.", "ner", 0.5, ""),
        Evidence("hidden", 0, 0, "", "", None, ""),
    ]
    assert provenance.evidence_sources(evidence, {"d1": doc}) == [
        Source(doc, 1, 4, "S.", "ner", 0.5, "")
    ]


@pytest.mark.neo4j
async def test_mentions_are_sources_in_their_documents(graph: Any, analyst: Runner) -> None:
    tjk = graph["Tajikistan"]
    sources = (await provenance.node_sources(analyst, [tjk]))[tjk]
    assert sources and all(s.document.id in graph.docs.values() for s in sources)
    assert all(s.sentence and s.end > s.start for s in sources)
    docs = await provenance.documents(analyst, list(graph.docs.values()))
    assert set(docs) == set(graph.docs.values())
