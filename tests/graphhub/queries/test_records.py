"""Records of the query modules: evidence read one way, from JSON items or mentions."""

from __future__ import annotations

import json

from graphhub.model import ROW_METHOD, SOURCE_DOC, SOURCE_ROW
from graphhub.queries.records import Evidence, Rel, evidence_from_map, parse_evidence


def test_evidence_items_that_cannot_be_read_are_skipped() -> None:
    good = json.dumps({"doc": "d1", "start": 3, "end": 9, "sentence": "S.", "method": "ner",
                       "confidence": 0.8, "locator": "p. 2"})
    parsed = parse_evidence([good, "not json", json.dumps(["a list"]), json.dumps({"start": 1})])
    assert parsed == [Evidence("d1", 3, 9, "S.", "ner", 0.8, "p. 2")]
    assert parse_evidence(None) == []


def test_missing_fields_are_empty() -> None:
    assert evidence_from_map({"confidence": "high"}, "d2") == Evidence("d2", 0, 0, "", "", None, "")


def test_a_bulk_relationship_cites_its_document_and_row() -> None:
    rel = Rel.from_map({"id": "r", "type": "HOLDS", "start": "a", "end": "b",
                        "props": {SOURCE_DOC: "d3", SOURCE_ROW: 7}})
    assert rel.evidence == (Evidence("d3", 0, 0, "", ROW_METHOD, 1.0, "row 7"),)
    assert SOURCE_DOC not in rel.props
