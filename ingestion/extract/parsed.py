"""What a parsed document offers, computed once per document.

``Doc.text`` joins every token and ``Doc.sents`` walks every token on each call,
``Span.sent`` / ``Token.sent`` walk the sentences and ``Span.ents`` walks every entity
of the document; the rules ask for them thousands of times per document, so each is
computed once here and looked up by bisection (linear in the document, not quadratic).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

_TEXT = "graphhub_text"
_SENTENCES = "graphhub_sentences"
_STARTS = "graphhub_sentence_starts"
_ENTS = "graphhub_ents"
_ENT_STARTS = "graphhub_ent_starts"


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, computed on first use and kept with the doc."""
    cached: list[Span] | None = doc.user_data.get(_SENTENCES)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_SENTENCES] = cached
        doc.user_data[_STARTS] = [sent.start for sent in cached]
    return cached


def sentence_of(item: Span | Token) -> Span:
    """The sentence a span starts in, or a token stands in."""
    doc = item.doc
    found = sentences(doc)
    position = item.start if isinstance(item, Span) else item.i
    return found[bisect_right(doc.user_data[_STARTS], position) - 1]


def sentences_after(sent: Span) -> Iterator[Span]:
    """The sentences that follow ``sent``, in order."""
    found = sentences(sent.doc)
    for position in range(bisect_left(sent.doc.user_data[_STARTS], sent.end), len(found)):
        yield found[position]


def text_of(doc: Doc) -> str:
    """The document's text, joined once."""
    cached: str | None = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.text
        doc.user_data[_TEXT] = cached
    return cached


def entities(doc: Doc) -> list[Span]:
    """The document's entity spans, made once (the pipeline sets them before any rule)."""
    cached: list[Span] | None = doc.user_data.get(_ENTS)
    if cached is None:
        cached = list(doc.ents)
        doc.user_data[_ENTS] = cached
        doc.user_data[_ENT_STARTS] = [ent.start for ent in cached]
    return cached


def ents_in(span: Span) -> list[Span]:
    """The entities lying wholly within a span (what ``Span.ents`` gives, found by
    bisection instead of a walk over every entity of the document)."""
    found = entities(span.doc)
    starts: list[int] = span.doc.user_data[_ENT_STARTS]
    out: list[Span] = []
    for position in range(bisect_left(starts, span.start), len(found)):
        ent = found[position]
        if ent.end > span.end:
            break
        out.append(ent)
    return out
