"""Collects the nodes and edges of one source file, merging repeats by ref."""

from __future__ import annotations

import re
from typing import Any

from graphhub.ids import make_id
from graphhub.model import PUBLIC, Label, RelType
from ingestion.records import EdgeRecord, Evidence, Extraction, NodeRecord
from ingestion.sources.codes import Place

# "Name (ACRONYM)": two to twelve capitals (dots allowed) in brackets at the end of a name.
_BRACKETED_ACRONYM = re.compile(r"^\s*(\S.*?\S)\s*\(((?:[A-Z]\.?){2,12})\)\s*$")

SENTENCE_CHARS = 300


def evidence(doc_id: str, text: str, method: str, locator: str) -> Evidence:
    """Evidence for a row or element: its text trimmed to 300 characters, and where it is."""
    return Evidence(
        doc_id=doc_id,
        start=0,
        end=0,
        sentence=" ".join(text.split())[:SENTENCE_CHARS],
        method=method,
        confidence=1.0,
        locator=locator,
    )


class Collector:
    """Nodes and edges of one document; a node seen again gains evidence and missing props."""

    def __init__(self, doc_id: str, classification: str = PUBLIC) -> None:
        self.doc_id = doc_id
        self.classification = classification
        self._nodes: dict[str, NodeRecord] = {}
        self._edges: list[EdgeRecord] = []
        self._unique: dict[tuple[str, str, str], EdgeRecord] = {}
        # (ref, locator) pairs already recorded: busy parties recur thousands of times.
        self._seen: set[tuple[str, str]] = set()

    def node(
        self,
        label: Label,
        ref: str,
        name: str,
        props: dict[str, Any],
        proof: Evidence,
        aliases: list[str] | None = None,
    ) -> str:
        """Add (or enrich) the node ``ref`` and return the ref."""
        clean = {key: value for key, value in props.items() if value is not None}
        existing = self._nodes.get(ref)
        if existing is None:
            self._nodes[ref] = NodeRecord(
                label=label,
                ref=ref,
                name=name,
                props=clean,
                aliases=list(aliases or []),
                classification=self.classification,
                evidence=[proof],
            )
            self._seen.add((ref, proof.locator))
            return ref
        for key, value in clean.items():
            existing.props.setdefault(key, value)
        for alias in [name, *(aliases or [])]:
            if alias and alias != existing.name and alias not in existing.aliases:
                existing.aliases.append(alias)
        if (ref, proof.locator) not in self._seen:
            self._seen.add((ref, proof.locator))
            existing.evidence.append(proof)
        return ref

    def has(self, ref: str) -> bool:
        """Whether a node with this ref has been collected."""
        return ref in self._nodes

    def edge(
        self,
        rel: RelType,
        start: str,
        end: str,
        props: dict[str, Any],
        proof: Evidence,
        unique: bool = False,
    ) -> None:
        """Add one relation between two refs; a ``unique`` one is stated once per pair."""
        clean = {key: value for key, value in props.items() if value is not None}
        key = (str(rel), start, end)
        if unique and key in self._unique:
            seen = self._unique[key]
            for name, value in clean.items():
                seen.props.setdefault(name, value)
            if (str(key), proof.locator) not in self._seen:
                self._seen.add((str(key), proof.locator))
                seen.evidence.append(proof)
            return
        record = EdgeRecord(
            type=rel,
            start=start,
            end=end,
            props=clean,
            classification=self.classification,
            evidence=[proof],
        )
        self._edges.append(record)
        if unique:
            self._unique[key] = record
            self._seen.add((str(key), proof.locator))

    def organization(self, name: str, proof: Evidence, **props: Any) -> str:
        """An organization keyed by its IATI ref when it has one, else by its name.

        A name that ends in its acronym in brackets ("European Union (EU)") is the name
        without it, with the acronym, and the name as written kept as an alias.
        """
        aliases: list[str] = []
        if (found := _BRACKETED_ACRONYM.match(name or "")) and not props.get("acronym"):
            aliases, name = [name], found.group(1)
            props = {**props, "acronym": found.group(2).replace(".", "")}
        iati_ref = props.get("iati_ref")
        ref = make_id("org", "iati", iati_ref) if iati_ref else make_id("org", name)
        return self.node(Label.ORGANIZATION, ref, name or str(iati_ref), props, proof, aliases)

    def place(self, where: Place, proof: Evidence) -> str:
        """A Country (by ISO3) or a Region (by name)."""
        if where.iso3:
            props = {"iso3": where.iso3, "iso2": where.iso2}
            return self.node(Label.COUNTRY, f"country:{where.iso3}", where.name, props, proof)
        return self.node(Label.REGION, make_id("region", where.name), where.name, {}, proof)

    def sector(self, name: str, code: str | None, proof: Evidence, vocabulary: str = "DAC") -> str:
        """A Sector keyed by its DAC code, or by its name when it has none."""
        ref = f"sector:{code}" if code else make_id("sector", name)
        props = {"code": code, "vocabulary": vocabulary if code else None}
        return self.node(Label.SECTOR, ref, name, props, proof)

    def extraction(self) -> Extraction:
        """Everything collected, as one Extraction."""
        return Extraction(doc_id=self.doc_id, nodes=list(self._nodes.values()), edges=self._edges)
