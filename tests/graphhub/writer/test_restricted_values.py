import json

from graphhub.model import PUBLIC, RESTRICTED
from graphhub.writer.restricted_values import (
    NEW,
    Incoming,
    fold,
    merge_values,
    restricted_props,
)


def _restricted_person() -> dict[str, object]:
    return merge_values(
        {"id": "person:1", NEW: True},
        Incoming("note", RESTRICTED, {"nationality": "KAZ"}, "Tamerlan Bekov", ["T. Bekov"]),
    )


def test_a_new_node_takes_the_values_of_its_first_source() -> None:
    node = _restricted_person()
    assert node == {
        "id": "person:1",
        "classification": RESTRICTED,
        "sources": ["note"],
        "name": "Tamerlan Bekov",
        "aliases": ["T. Bekov"],
        "nationality": "KAZ",
    }


def test_a_public_source_moves_what_restricted_ones_said_to_the_restricted_layer() -> None:
    node = merge_values(
        _restricted_person(), Incoming("press", PUBLIC, {"role": "owner"}, "Tamerlan Bekov")
    )
    assert node["classification"] == PUBLIC
    assert node["sources"] == ["note", "press"]
    assert (node["name"], node["aliases"], node["role"]) == ("Tamerlan Bekov", [], "owner")
    assert "nationality" not in node
    assert node["restricted_aliases"] == ["T. Bekov"]
    assert restricted_props(node) == {"nationality": "KAZ"}


def test_a_restricted_source_on_a_public_node_adds_to_its_restricted_layer_only() -> None:
    public = merge_values(
        {"id": "person:1", NEW: True}, Incoming("press", PUBLIC, {"role": "owner"}, "T. Bekov")
    )
    node = merge_values(
        public,
        Incoming("note", RESTRICTED, {"nationality": "KAZ", "role": "owner"}, "Tamerlan Bekov",
                 ["Bek", "T. Bekov"]),
    )
    assert (node["classification"], node["name"], node["aliases"]) == (PUBLIC, "T. Bekov", [])
    assert "nationality" not in node
    assert node["restricted_aliases"] == ["Tamerlan Bekov", "Bek"]
    # A value the public source states already is public; only the others are restricted.
    assert json.loads(str(node["restricted_props"])) == {"nationality": "KAZ"}


def test_a_value_a_public_source_confirms_leaves_the_restricted_layer() -> None:
    node = merge_values(
        _restricted_person(), Incoming("press", PUBLIC, {}, "Tamerlan Bekov")
    )
    node = merge_values(node, Incoming("court", PUBLIC, {"nationality": "KAZ"}, "T. Bekov"))
    assert node["nationality"] == "KAZ"
    assert "restricted_props" not in node
    assert "restricted_aliases" not in node  # "T. Bekov" is now a public name
    assert set(node["aliases"]) == {"Tamerlan Bekov"} and node["name"] == "T. Bekov"


def test_relationships_keep_restricted_values_apart_too() -> None:
    edge = merge_values(
        {"id": "owns:1", NEW: True}, Incoming("press", PUBLIC, {"share": 0.5}, evidence=["e1"]),
        is_node=False,
    )
    edge = merge_values(
        edge, Incoming("note", RESTRICTED, {"share": 0.9, "since": "2014"}, evidence=["e2"]),
        is_node=False,
    )
    assert (edge["share"], edge["evidence"], edge["sources"]) == (0.5, ["e1", "e2"],
                                                                  ["press", "note"])
    assert restricted_props(edge) == {"share": 0.9, "since": "2014"}
    assert "name" not in edge


def test_fold_restricts_a_node_again_with_every_value() -> None:
    node = merge_values(
        _restricted_person(), Incoming("press", PUBLIC, {"role": "owner"}, "Tamerlan Bekov")
    )
    folded = fold(node)
    assert folded["classification"] == RESTRICTED
    assert folded["nationality"] == "KAZ" and folded["role"] == "owner"
    assert folded["aliases"] == ["T. Bekov"]
    assert "restricted_props" not in folded and "restricted_aliases" not in folded
