"""Small funding graphs written through the real batch writer, one document at a time.

Each ``FundingDoc`` is one source document (its classification applies to everything it
states); ``fund`` writes a FUNDS relationship with any of the contract's properties
(``kind``, ``onward``, ``source_kinds``, ``country``, ``sector``, ``share``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j

from graphhub.ids import content_hash, make_id
from graphhub.model import PUBLIC, Label, RelType
from graphhub.writer.documents import write_document
from graphhub.writer.rows import DocumentRow, EdgeRow, GraphBatch, NodeRow

COUNTRIES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan"}
SECTORS = {"15210": "border control", "16063": "drug demand reduction"}


@dataclass
class FundingDoc:
    """One document and the donors, projects and fundings it states."""

    title: str
    classification: str = PUBLIC
    source_kind: str | None = None  # the format it stands for, written as source_kinds
    nodes: dict[str, NodeRow] = field(default_factory=dict)
    edges: list[EdgeRow] = field(default_factory=list)

    @property
    def id(self) -> str:
        return content_hash(self.title.encode())

    def node(self, label: Label, key: str, name: str, **props: Any) -> str:
        node_id = make_id(label.lower(), key)
        self.nodes[node_id] = NodeRow(node_id, label, name, props=props,
                                      classification=self.classification)
        return node_id

    def org(self, name: str) -> str:
        return self.node(Label.ORGANIZATION, name, name)

    def project(
        self, code: str, countries: tuple[str, ...] = (), sectors: tuple[str, ...] = (),
        implementers: tuple[str, ...] = (),
    ) -> str:
        project = self.node(Label.PROJECT, code, code, code=code, title=f"Project {code}")
        for iso3 in countries:
            country = self.node(Label.COUNTRY, iso3, COUNTRIES[iso3], iso3=iso3)
            self._edge(RelType.IN_COUNTRY, project, Label.PROJECT, country, Label.COUNTRY, {})
        for code_ in sectors:
            sector = self.node(Label.SECTOR, code_, SECTORS[code_], code=code_)
            self._edge(RelType.IN_SECTOR, project, Label.PROJECT, sector, Label.SECTOR, {})
        for name in implementers:
            self._edge(RelType.IMPLEMENTED_BY, project, Label.PROJECT, self.org(name),
                       Label.ORGANIZATION, {})
        return project

    def fund(self, donor: str, project: str, amount_usd: float, year: int | None,
             kind: str | None, **props: Any) -> str:
        """A FUNDS relationship in USD; returns its id."""
        values: dict[str, Any] = {"amount": amount_usd, "currency": "USD",
                                  "amount_usd": amount_usd, "year": year, **props}
        if kind is not None:
            values["kind"] = kind
        if self.source_kind and "source_kinds" not in values:
            values["source_kinds"] = [self.source_kind]
        return self._edge(RelType.FUNDS, self.org(donor), Label.ORGANIZATION, project,
                          Label.PROJECT, values)

    def _edge(self, rel: RelType, start: str, start_label: Label, end: str, end_label: Label,
              props: dict[str, Any]) -> str:
        edge_id = make_id(rel.lower(), start, end, str(len(self.edges)), self.title)
        self.edges.append(EdgeRow(
            edge_id, rel, start, start_label, end, end_label, props=props,
            classification=self.classification,
            evidence=[{"sentence": f"{start} {rel} {end}", "method": "test", "confidence": 1.0}],
        ))
        return edge_id

    def write(self, driver: neo4j.Driver, database: str) -> None:
        document = DocumentRow(self.id, self.title, "text", f"/data/{self.title}.txt",
                               self.classification)
        write_document(driver, database,
                       GraphBatch(document, list(self.nodes.values()), self.edges))
