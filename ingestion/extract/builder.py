"""Accumulates the records of one document: one node per ref, evidence and aliases merged."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from graphhub.model import Label, RelType
from ingestion.extract.parsed import sentence_of
from ingestion.records import EdgeRecord, Evidence, Extraction, NodeRecord


class RecordBuilder:
    """Collects nodes and edges for one document; a second mention adds evidence, not a node."""

    def __init__(self, doc_id: str, classification: str) -> None:
        self.doc_id = doc_id
        self.classification = classification
        self._nodes: dict[str, NodeRecord] = {}
        self._edges: dict[tuple[str, str, str, str], EdgeRecord] = {}
        # Shared state between rules, e.g. which amounts a rule has already used.
        self.scratch: dict[str, Any] = {}

    def evidence(self, span: Span, method: str, confidence: float) -> Evidence:
        """Evidence for a span: its character offsets and its sentence."""
        # Offsets of the text without the line breaks a span may end with, so that the
        # quoted text lies inside the (stripped) sentence.
        text = span.text
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        return Evidence(
            doc_id=self.doc_id,
            start=span.start_char + lead,
            end=max(span.start_char + lead + 1, span.end_char - trail),
            sentence=sentence_of(span).text.strip(),
            method=method,
            confidence=confidence,
        )

    def node(
        self,
        label: Label,
        ref: str,
        name: str,
        evidence: Evidence,
        props: dict[str, Any] | None = None,
        alias: str | None = None,
    ) -> NodeRecord:
        """Add or extend the node ``ref``; props already set are kept, new ones added."""
        record = self._nodes.get(ref)
        if record is None:
            record = NodeRecord(label=label, ref=ref, name=name,
                                classification=self.classification)
            self._nodes[ref] = record
        for key, value in (props or {}).items():
            if value is not None and record.props.get(key) is None:
                record.props[key] = value
        for form in (alias, name):
            if form and form != record.name and form not in record.aliases:
                record.aliases.append(form)
        if evidence not in record.evidence:
            record.evidence.append(evidence)
        return record

    def has(self, ref: str) -> bool:
        """Whether a node with this ref was added."""
        return ref in self._nodes

    def get(self, ref: str) -> NodeRecord | None:
        """The node with this ref, if added."""
        return self._nodes.get(ref)

    def nodes_with(self, *labels: Label) -> list[NodeRecord]:
        """The nodes carrying one of these labels, in the order they were added."""
        return [node for node in self._nodes.values() if node.label in labels]

    def edge(
        self,
        type_: RelType,
        start: str,
        end: str,
        evidence: Evidence,
        props: dict[str, Any] | None = None,
        key: str = "",
    ) -> EdgeRecord | None:
        """Add or extend an edge; ``key`` tells apart parallel edges (two transfers)."""
        if start == end or start not in self._nodes or end not in self._nodes:
            return None
        ident = (type_.value, start, end, key)
        record = self._edges.get(ident)
        if record is None:
            record = EdgeRecord(type=type_, start=start, end=end,
                                classification=self.classification)
            self._edges[ident] = record
        for name, value in (props or {}).items():
            if value is not None and record.props.get(name) is None:
                record.props[name] = value
        if evidence not in record.evidence:
            record.evidence.append(evidence)
        return record

    def edges_of(self, type_: RelType) -> list[EdgeRecord]:
        """The edges of one type, in the order they were added."""
        return [edge for edge in self._edges.values() if edge.type is type_]

    def build(self) -> Extraction:
        """The finished extraction."""
        return Extraction(
            doc_id=self.doc_id,
            nodes=list(self._nodes.values()),
            edges=list(self._edges.values()),
        )
