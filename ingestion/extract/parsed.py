"""What a parsed document offers, computed once per document.

``Doc.text`` joins every token and ``Doc.sents`` walks every token on each call, and
``Span.sent`` / ``Token.sent`` walk the sentences; the rules ask for them thousands of
times per document.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_TEXT = "graphhub_text"
_SENTENCES = "graphhub_sentences"
_STARTS = "graphhub_sentence_starts"


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


def text_of(doc: Doc) -> str:
    """The document's text, joined once."""
    cached: str | None = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.text
        doc.user_data[_TEXT] = cached
    return cached
