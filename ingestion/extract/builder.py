"""Accumulates the records of one document: one node per ref, evidence and aliases merged.

A long document is extracted section by section into one builder: ``offset`` is where
the section being read starts in the whole document (evidence offsets are the whole
document's), and ``context`` holds what earlier sections established.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

from graphhub.model import Label, RelType
from ingestion.extract.parsed import sentence_of
from ingestion.records import EdgeRecord, Evidence, Extraction, NodeRecord

# Evidence kept per node or edge: more than the writer stores (5 mentions per node,
# 3 evidence per edge), so what it stores is unchanged, while a name repeated
# thousands of times in one long document costs no more than one mentioned eight times.
MAX_EVIDENCE = 8


@dataclass
class DocumentContext:
    """What the sections read so far established for the sections after them."""

    acronyms: dict[str, str] = field(default_factory=dict)  # acronym -> full name
    persons: dict[str, str] = field(default_factory=dict)  # surname -> full name
    short_forms: dict[str, str] = field(default_factory=dict)  # "border service" -> name
    heading: str | None = None  # the project whose heading the last section was under
    title_project: str | None = None  # the project the document's first line names
    full_names: dict[str, str] = field(default_factory=dict)  # full name -> first acronym

    def define_acronym(self, acronym: str, full: str) -> None:
        """"Drug Control Agency (DCA)": the acronym stands for the full name from here on."""
        before = self.acronyms.get(acronym)
        if before is not None and before != full and self.full_names.get(before) == acronym:
            del self.full_names[before]
        self.acronyms[acronym] = full
        self.full_names.setdefault(full, acronym)


class RecordBuilder:
    """Collects nodes and edges for one document; a second mention adds evidence, not a node."""

    def __init__(self, doc_id: str, classification: str) -> None:
        self.doc_id = doc_id
        self.classification = classification
        self._nodes: dict[str, NodeRecord] = {}
        self._by_label: dict[Label, dict[str, NodeRecord]] = defaultdict(dict)
        self._edges: dict[tuple[str, str, str, str], EdgeRecord] = {}
        self._by_type: dict[RelType, list[EdgeRecord]] = defaultdict(list)
        # Shared state between rules, e.g. which amounts a rule has already used.
        self.scratch: dict[str, Any] = {}
        # Where the section being read starts in the document, and what came before it.
        self.offset = 0
        self.context = DocumentContext()

    @property
    def first_section(self) -> bool:
        """Whether the section being read opens the document (its title, first lines)."""
        return self.offset == 0

    def char(self, section_char: int) -> int:
        """A character offset of the section as an offset of the whole document."""
        return self.offset + section_char

    def evidence(self, span: Span, method: str, confidence: float) -> Evidence:
        """Evidence for a span: its character offsets and its sentence."""
        # Offsets of the text without the line breaks a span may end with, so that the
        # quoted text lies inside the (stripped) sentence.
        text = span.text
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        return Evidence(
            doc_id=self.doc_id,
            start=self.offset + span.start_char + lead,
            end=self.offset + max(span.start_char + lead + 1, span.end_char - trail),
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
            self._by_label[label][ref] = record
        for key, value in (props or {}).items():
            if value is not None and record.props.get(key) is None:
                record.props[key] = value
        for form in (alias, name):
            if form and form != record.name and form not in record.aliases:
                record.aliases.append(form)
        if len(record.evidence) < MAX_EVIDENCE and evidence not in record.evidence:
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
        if len(labels) == 1:
            return list(self._by_label[labels[0]].values())
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
            self._by_type[type_].append(record)
        for name, value in (props or {}).items():
            if value is not None and record.props.get(name) is None:
                record.props[name] = value
        if len(record.evidence) < MAX_EVIDENCE and evidence not in record.evidence:
            record.evidence.append(evidence)
        return record

    def sole(self, label: Label) -> NodeRecord | None:
        """The one node with this label, when there is exactly one."""
        found = self._by_label[label]
        return next(iter(found.values())) if len(found) == 1 else None

    def last_edge(self, type_: RelType) -> EdgeRecord | None:
        """The edge of this type added last, if any."""
        found = self._by_type[type_]
        return found[-1] if found else None

    def edges_of(self, type_: RelType) -> list[EdgeRecord]:
        """The edges of one type, in the order they were added."""
        return list(self._by_type[type_])

    def build(self) -> Extraction:
        """The finished extraction."""
        return Extraction(
            doc_id=self.doc_id,
            nodes=list(self._nodes.values()),
            edges=list(self._edges.values()),
        )
