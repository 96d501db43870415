"""Plain records that extractors produce and the resolver and writer consume.

Extractors never touch the database: they turn text or rows into
``NodeRecord`` and ``EdgeRecord`` objects, each carrying the ``Evidence`` that
supports it. Within one document, an edge points at its ends by their
``ref`` (a local name such as ``"org:unodc"``); the resolver later maps every
ref onto a canonical graph id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphhub.model import PUBLIC, Label, RelType
from ingestion.errors import RecordError


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: document, character span, sentence and how it was found.

    Text sources give character offsets and the sentence; tabular and XML sources
    give ``locator`` (``"row 12"``, ``"iati-activity[3]/transaction[2]"``) and the
    row's text as ``sentence``, with ``start``/``end`` at 0.
    """

    doc_id: str
    start: int
    end: int
    sentence: str
    method: str
    confidence: float
    locator: str = ""


@dataclass
class NodeRecord:
    """One thing a source speaks of (an organization, a project, a person, ...).

    ``ref`` is unique within the extraction result of one document. ``name`` is the
    surface form; ``props`` holds the label's other properties (``code``, ``iso3``,
    ``acronym``, ``amount``, ...). ``aliases`` are other names seen for it.
    """

    label: Label
    ref: str
    name: str
    props: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    classification: str = PUBLIC
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class EdgeRecord:
    """One relation a source states between two nodes, by their refs."""

    type: RelType
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)
    classification: str = PUBLIC
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one document."""

    doc_id: str
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)

    def node(self, ref: str) -> NodeRecord | None:
        """The node with this ref, if any."""
        for node in self.nodes:
            if node.ref == ref:
                return node
        return None


def merge_extractions(doc_id: str, parts: Iterable[Extraction]) -> Extraction:
    """One document's records from several parts (IATI activities): nodes merged by ref."""
    nodes: dict[str, NodeRecord] = {}
    merged = Extraction(doc_id)
    for part in parts:
        for node in part.nodes:
            seen = nodes.get(node.ref)
            if seen is None:
                nodes[node.ref] = node
                continue
            for key, value in node.props.items():
                seen.props.setdefault(key, value)
            for alias in (node.name, *node.aliases):
                if alias and alias != seen.name and alias not in seen.aliases:
                    seen.aliases.append(alias)
            seen.evidence.extend(node.evidence)
        merged.edges.extend(part.edges)
    merged.nodes = list(nodes.values())
    return merged


@dataclass
class SourceRead:
    """What a structured format's reader made of one file, ready to be resolved and written."""

    extraction: Extraction
    # Rows or elements the reader refused, each with its file, row, field and reason.
    errors: list[RecordError] = field(default_factory=list)
    records: int = 0  # what the file holds that the format counts (rows, activities, entities)
    # Properties of the file's Document beyond its size (bad_rows, activities, ...).
    props: dict[str, Any] = field(default_factory=dict)
    # The file broke off after some records: those before the break load, the file fails.
    broken: str | None = None
