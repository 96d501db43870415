"""SearchHit: a node found by full-text search."""

from __future__ import annotations

import strawberry

from graphhub.api.types.node import Node
from graphhub.api.types.nodes import as_node
from graphhub.queries.entities import SearchHit as Hit


@strawberry.type
class SearchHit:
    node: Node
    score: float

    @classmethod
    def of(cls, hit: Hit) -> SearchHit:
        return cls(node=as_node(hit.node), score=round(hit.score, 4))
