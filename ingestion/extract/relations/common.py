"""Helpers the relation rules share: trigger lookups and grammatical roles of mentions."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from ingestion.extract.mentions import Mention


def governing(token: Token) -> Token:
    """Climb over conjunctions and appositions: "Japan and Norway pledged" -> pledged's subject."""
    while token.dep_ in ("conj", "appos", "compound") and token.head.i != token.i:
        token = token.head
    return token


def is_subject_of(mention: Mention, verbs: Iterable[Token]) -> bool:
    """Whether the mention is the (active) subject of one of the verbs, or of their auxiliaries."""
    root = governing(mention.span.root)
    if root.dep_ not in ("nsubj", "poss"):
        return False
    head = root.head
    targets = set(verbs)
    return head in targets or any(child in targets for child in head.children) or any(
        t.head == head and t.dep_ in ("xcomp", "conj", "ccomp") for t in targets
    )


def preposition_of(mention: Mention) -> str | None:
    """The preposition the mention is the object of ("by", "from", "to"), if any."""
    root = governing(mention.span.root)
    if root.dep_ in ("pobj", "pcomp") and root.head.dep_ in ("prep", "agent", "dative"):
        return root.head.lower_
    if root.dep_ == "pobj":
        return root.head.lower_
    return None

