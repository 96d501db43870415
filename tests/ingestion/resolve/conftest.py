"""Small factories of records for the resolver tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graphhub.model import Label
from ingestion.records import Extraction, NodeRecord

ExtractionMaker = Callable[..., Extraction]


@pytest.fixture
def extraction() -> ExtractionMaker:
    """An Extraction from ``(label, name[, props[, aliases]])`` tuples; refs n0, n1, ..."""

    def make(*items: tuple[Any, ...], doc_id: str = "doc-1") -> Extraction:
        nodes = []
        for number, item in enumerate(items):
            label: Label = item[0]
            props: dict[str, Any] = dict(item[2]) if len(item) > 2 else {}
            aliases: list[str] = list(item[3]) if len(item) > 3 else []
            nodes.append(NodeRecord(label, f"n{number}", item[1], props, aliases))
        return Extraction(doc_id, nodes)

    return make
