"""What the resolver hands on: a canonical node per record ref, each with its decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphhub.model import Label
from ingestion.records import EdgeRecord


@dataclass(frozen=True)
class Decision:
    """Why a record got its id: the method, a score in [0, 1], the name matched and why."""

    # How: exact, acronym, alias-file, legal-form, fuzzy, iso3, code, iban or new; stored
    # with the provenance of every mention.
    method: str
    score: float
    matched: str | None
    explanation: str


@dataclass(frozen=True)
class ResolvedNode:
    """A record mapped onto its canonical node."""

    id: str
    label: Label
    name: str
    props: dict[str, Any]
    aliases: tuple[str, ...]
    decision: Decision


@dataclass(frozen=True)
class KnownNode:
    """A node the graph already holds, given to ``Resolver.seed``."""

    id: str
    label: Label
    name: str
    aliases: tuple[str, ...] = ()
    acronym: str | None = None
    iati_ref: str | None = None
    iban: str | None = None


@dataclass(frozen=True)
class MergeProposal:
    """Two nodes a name similarity alone would have merged: an analyst decides.

    ``merged`` is the node the record got, ``keep`` the known node its name is close to.
    """

    label: Label
    keep: str
    keep_name: str
    merged: str
    merged_name: str
    score: float  # in [0, 1]
    reason: str


@dataclass
class Resolution:
    """Every node ref of one extraction mapped onto its resolved node."""

    doc_id: str
    nodes: dict[str, ResolvedNode] = field(default_factory=dict)
    # Fuzzy candidates of records from structured sources: proposed, never merged.
    proposals: list[MergeProposal] = field(default_factory=list)

    def id_of(self, ref: str) -> str:
        """The canonical id of a ref (KeyError names the ref when it is unknown)."""
        return self.nodes[ref].id

    def edge_ends(self, edge: EdgeRecord) -> tuple[str, str]:
        """The canonical ids of an edge's start and end."""
        return self.id_of(edge.start), self.id_of(edge.end)
