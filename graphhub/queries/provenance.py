"""Where facts come from: mentions of nodes and the documents behind relationship evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphhub.queries.cypher_files import cypher
from graphhub.queries.lookup import MATCH_NODES_BY_ID
from graphhub.queries.records import Evidence, evidence_from_map
from graphhub.queries.runner import Runner


@dataclass(frozen=True)
class Document:
    """A visible source document."""

    id: str
    title: str
    kind: str | None
    path: str | None
    classification: str
    ingested_at: str | None = None
    modified: str | None = None  # when the source itself last changed, if it says

    @property
    def date(self) -> str | None:
        """When the source itself last changed, else when it was ingested (ISO date)."""
        stamp = self.modified or self.ingested_at
        return stamp[:10] if stamp else None


@dataclass(frozen=True)
class Source:
    """One piece of provenance: the document, the span, the sentence and how it was found."""

    document: Document
    start: int
    end: int
    sentence: str
    method: str
    confidence: float | None
    locator: str


def _document(value: dict[str, Any]) -> Document:
    return Document(
        id=str(value["id"]),
        title=str(value.get("title") or value["id"]),
        kind=value.get("kind"),
        path=value.get("path"),
        classification=str(value.get("classification") or "public"),
        ingested_at=value.get("ingested_at"),
        modified=value.get("modified"),
    )


async def node_sources(runner: Runner, ids: Sequence[str]) -> dict[str, list[Source]]:
    """The visible mentions of each node, most confident first."""
    rows = await runner.rows(MATCH_NODES_BY_ID + cypher("node_sources"), ids=list(ids))
    out: dict[str, list[Source]] = defaultdict(list)
    for row in rows:
        document = _document(row["document"])
        evidence = evidence_from_map(row["mention"], document.id)
        out[row["id"]].append(_source(document, evidence))
    return out


async def documents(runner: Runner, ids: Sequence[str]) -> dict[str, Document]:
    """The visible documents among ``ids``."""
    rows = await runner.rows(cypher("documents"), ids=list(ids))
    return {row["document"]["id"]: _document(row["document"]) for row in rows}


def evidence_sources(evidence: Sequence[Evidence], docs: dict[str, Document]) -> list[Source]:
    """A relationship's evidence as sources, keeping only evidence from visible documents."""
    return [_source(docs[e.doc], e) for e in evidence if e.doc in docs]


def _source(document: Document, evidence: Evidence) -> Source:
    e = evidence
    return Source(document, e.start, e.end, e.sentence, e.method, e.confidence, e.locator)
