"""Provenance as GraphQL: the document, span, sentence and method behind a fact."""

from __future__ import annotations

import strawberry

from graphhub.api.context import Info
from graphhub.queries import provenance
from graphhub.queries.records import Rel


@strawberry.type(description="A source document (only those the caller may see).")
class DocumentRef:
    id: strawberry.ID
    title: str
    kind: str | None


@strawberry.type(description="Character offsets of a mention in its document's text.")
class Span:
    start: int
    end: int


@strawberry.type(description="Where a fact comes from and how it was found.")
class Source:
    document: DocumentRef
    span: Span
    sentence: str
    method: str
    confidence: float | None
    locator: str | None

    @classmethod
    def of(cls, source: provenance.Source) -> Source:
        doc = source.document
        return cls(
            document=DocumentRef(id=strawberry.ID(doc.id), title=doc.title, kind=doc.kind),
            span=Span(start=source.start, end=source.end),
            sentence=source.sentence,
            method=source.method,
            confidence=source.confidence,
            locator=source.locator or None,
        )


async def node_sources(info: Info, node_id: str) -> list[Source]:
    """The visible mentions of a node (batched per request)."""
    return [Source.of(s) for s in await info.context.loaders.node_sources.load(node_id)]


async def rel_sources(info: Info, rel: Rel) -> list[Source]:
    """A relationship's evidence from documents the caller may see (batched per request)."""
    ids = sorted({e.doc for e in rel.evidence})
    docs = await info.context.loaders.documents.load_many(ids)
    visible = {doc.id: doc for doc in docs if doc is not None}
    return [Source.of(s) for s in provenance.evidence_sources(rel.evidence, visible)]
