"""What the writer takes: a document and the resolved nodes and relationships it asserts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graphhub.model import PUBLIC, Label, RelType


@dataclass
class DocumentRow:
    """A source document as the graph keeps it."""

    id: str
    title: str
    kind: str
    path: str
    classification: str = PUBLIC
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class NodeRow:
    """A resolved node: canonical id, label, properties and its mentions in the document."""

    id: str
    label: Label
    name: str
    props: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    classification: str = PUBLIC
    mentions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EdgeRow:
    """A resolved relationship between two canonical ids, with its evidence."""

    id: str
    type: RelType
    start: str
    start_label: Label
    end: str
    end_label: Label
    props: dict[str, Any] = field(default_factory=dict)
    classification: str = PUBLIC
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ProposalRow:
    """A merge an analyst should decide: ``merged`` (the document's node) into ``keep``."""

    label: Label
    keep: str
    merged: str
    score: float
    reason: str
    classification: str = PUBLIC  # the document's; the stricter node's wins when written


@dataclass
class GraphBatch:
    """Everything one document asserts, ready to be written."""

    document: DocumentRow
    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)


@dataclass
class WriteResult:
    """What writing one document did."""

    status: str  # "written", "unchanged" or "replaced"
    nodes: int = 0
    edges: int = 0
    mentions: int = 0
    replaced: str | None = None


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Properties Neo4j can store: no nulls; nested values as JSON text."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value)
        ):
            out[key] = json.dumps(value, sort_keys=True, default=str)
        else:
            out[key] = value
    return out

