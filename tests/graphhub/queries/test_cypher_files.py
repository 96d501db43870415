"""The Cypher text itself: labels and types only from the model, values only as parameters."""

from __future__ import annotations

import re

import pytest

from graphhub.model import Label, RelType
from graphhub.queries import flows_cypher
from graphhub.queries.cypher_files import CYPHER_DIR, cypher
from graphhub.queries.lookup import MATCH_NODES_BY_ID

LABEL_OR_TYPE = re.compile(r"[(\[]\w*:([A-Za-z_|]+)")


def _texts() -> list[str]:
    texts = [cypher(path.stem) for path in sorted(CYPHER_DIR.glob("*.cypher"))]
    texts += [flows_cypher.trace_query(h, Label.TRAFFICKING_GROUP) for h in range(1, 7)]
    texts += [flows_cypher.connections_query(4), flows_cypher.cycles_query(4)]
    return [*texts, flows_cypher.MONEY_FLOWS, MATCH_NODES_BY_ID]


@pytest.mark.parametrize("text", _texts())
def test_labels_and_types_come_from_the_model(text: str) -> None:
    known = {str(x) for x in Label} | {str(x) for x in RelType}
    for match in LABEL_OR_TYPE.finditer(text):
        for name in match.group(1).split("|"):
            assert name in known, f"{name} is not in graphhub.model"


@pytest.mark.parametrize("text", _texts())
def test_every_query_filters_on_visibility(text: str) -> None:
    assert "$restricted_ok" in text or text == MATCH_NODES_BY_ID


def test_hop_counts_outside_the_cap_are_refused() -> None:
    with pytest.raises(ValueError):
        flows_cypher.trace_query(7, Label.TRAFFICKING_GROUP)
    with pytest.raises(ValueError):
        flows_cypher.trace_query(3, Label.PERSON)
