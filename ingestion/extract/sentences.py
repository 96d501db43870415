"""Sentences of a parsed document, split once: ``Doc.sents`` walks every token on each call."""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "graphhub_sentences"


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, computed on first use and kept with the doc."""
    cached: list[Span] | None = doc.user_data.get(_KEY)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_KEY] = cached
    return cached
