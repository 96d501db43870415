"""Records that keep the identity their source gave them."""

from __future__ import annotations

from graphhub.ids import make_id
from graphhub.model import Label
from ingestion.records import Extraction, NodeRecord
from ingestion.resolve.identity import SourceIdentityResolver


def test_an_ftm_id_is_made_into_a_graph_id() -> None:
    extraction = Extraction(
        "doc-ftm", [NodeRecord(Label.PERSON, "r1", "Ivan Petrov", {"ftm_id": "abc123"})]
    )
    node = SourceIdentityResolver().resolve(extraction).nodes["r1"]
    assert node.id == make_id("person", "ftm", "abc123")
    assert node.name == "Ivan Petrov"
    assert node.props == {"ftm_id": "abc123"}
    assert node.decision.method == "code"
    assert "abc123" in node.decision.explanation


def test_a_graph_id_given_as_such_is_kept() -> None:
    extraction = Extraction(
        "doc-ftm", [NodeRecord(Label.COMPANY, "company:0123abcd", "Steppe Trading LLP")]
    )
    node = SourceIdentityResolver().resolve(extraction).nodes["company:0123abcd"]
    assert node.id == "company:0123abcd"
    assert "graph id" in node.decision.explanation


def test_two_records_of_the_same_name_stay_apart() -> None:
    extraction = Extraction(
        "doc-ftm",
        [
            NodeRecord(Label.PERSON, "r1", "Ivan Petrov", {"ftm_id": "a"}),
            NodeRecord(Label.PERSON, "r2", "Ivan Petrov", {"ftm_id": "b"}),
        ],
    )
    nodes = SourceIdentityResolver().resolve(extraction).nodes
    assert nodes["r1"].id != nodes["r2"].id
