"""Ties between entities stated in one sentence: membership, leadership, ownership,
direction, control, kinship, association and account holding.

A trigger word (``entity_relations`` in relations.yaml) links two mentions. The
grammar is read first ("the director of X is Y", "its leader is Y", "Y, his wife"),
then, failing that, the order of words (the nearest fitting entity on either side).
Mentions resolved by coreference take part with a lower confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from graphhub.model import Label, RelType, allows
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.coref import coref_rules
from ingestion.extract.mentions import Mention

WINDOW = 14
CONFIDENCE = 0.7
COREF_CONFIDENCE = 0.55
_COORDINATION = frozenset({"and", ",", "or", "both", "as", "well"})

MentionAt = Callable[[Token], Mention | None]


@dataclass(frozen=True)
class TieRule:
    """One relation type: its trigger words, which of them are passive before "by",
    and the labels its two ends may carry."""

    rel: RelType
    words: frozenset[str]
    passive: frozenset[str]
    start: frozenset[Label]
    end: frozenset[Label]

    @classmethod
    def from_data(cls, row: dict[str, Any]) -> TieRule:
        """A rule from one entry of relations.yaml; its ends must be ends the model allows."""
        rule = cls(RelType(row["rel"]), frozenset(row["words"]),
                   frozenset(row.get("passive", [])),
                   frozenset(Label(x) for x in row["start"]),
                   frozenset(Label(x) for x in row["end"]))
        for start in sorted(rule.start):
            for end in sorted(rule.end):
                if not allows(rule.rel, start, end):
                    raise ValueError(f"relations.yaml: graphhub.model has no {rule.rel} "
                                     f"from {start} to {end}")
        return rule


def extract(sent: Span, builder: RecordBuilder, mentions: list[Mention],
            rules: list[TieRule]) -> None:
    """Add the entity relations one sentence states."""
    by_token: dict[int, Mention] = {}
    for mention in mentions:
        for i in range(mention.span.start, mention.span.end):
            by_token.setdefault(i, mention)

    def at(token: Token) -> Mention | None:
        return by_token.get(token.i) or _role(token, builder)

    for rule in rules:
        for token in sent:
            if token.lower_ not in rule.words:
                continue
            pairs = list(_by_grammar(token, rule, at)) or list(
                _by_order(token, rule, mentions))
            for start, end in pairs:
                _add(builder, rule, token, sent, start, end)


def _add(builder: RecordBuilder, rule: TieRule, trigger: Token, sent: Span, start: Mention,
         end: Mention) -> None:
    if start.ref == end.ref:
        return
    node = builder.get(start.ref)
    if node is None or node.label not in rule.start:
        return
    props = {"relation": trigger.lower_} if rule.rel is RelType.RELATIVE_OF else {}
    method = f"rule:{rule.rel.value.lower()}"
    confidence = CONFIDENCE
    if start.resolved or end.resolved:
        # The tie holds only as far as the pronoun or description was resolved right.
        method += "+coref:" + "+".join(sorted({m.via for m in (start, end) if m.via}))
        confidence = COREF_CONFIDENCE
    builder.edge(rule.rel, start.ref, end.ref, builder.evidence(sent, method, confidence),
                 props)


# -- reading the grammar ------------------------------------------------------------------

def _by_grammar(trigger: Token, rule: TieRule, at: MentionAt) -> Iterator[tuple[Mention,
                                                                              Mention]]:
    """A role noun with its owner and its holder: "the director of X is Y",
    "its leader is Y", "Y, the leader's cousin", "Y and Z are members of X"."""
    owner = _owner(trigger, at)
    if owner is None:
        return
    for holder in _holders(trigger, at):
        if holder.ref == owner.ref:
            continue
        if holder.label in rule.start and owner.label in rule.end:
            yield holder, owner
        elif owner.label in rule.start and holder.label in rule.end:
            yield owner, holder


def _owner(trigger: Token, at: MentionAt) -> Mention | None:
    """Whose role it is: the possessive ("its", "X's") or the object of "of"."""
    for child in trigger.children:
        if child.dep_ == "poss":
            return at(child)
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return at(obj)
    return None


def _holders(trigger: Token, at: MentionAt) -> list[Mention]:
    """Who holds the role: subject or complement of "is", or an apposition."""
    tokens: list[Token] = []
    head = trigger.head
    if trigger.dep_ in ("attr", "acomp") and head.i != trigger.i:
        tokens.extend(c for c in head.children if c.dep_ in ("nsubj", "nsubjpass"))
    elif trigger.dep_ in ("nsubj", "nsubjpass") and head.i != trigger.i:
        tokens.extend(c for c in head.children if c.dep_ == "attr")
    elif trigger.dep_ == "appos":
        tokens.append(head)
    tokens.extend(c for c in trigger.children if c.dep_ == "appos")
    found: list[Mention] = []
    for token in tokens:
        for part in (token, *_conjuncts(token)):
            mention = at(part)
            if mention is not None and not _is_possessive(mention) and mention not in found:
                found.append(mention)
    return found


def _conjuncts(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ == "conj":
            yield child
            yield from _conjuncts(child)


def _role(token: Token, builder: RecordBuilder) -> Mention | None:
    """"The leader" after a LEADS tie was found: whoever holds that role."""
    roles = coref_rules().roles
    if token.lower_ not in roles:
        return None
    det = next((c for c in token.children if c.dep_ == "det"), None)
    if det is None or det.lower_ != "the":
        return None
    edge = builder.last_edge(RelType(roles[token.lower_]))
    if edge is None:
        return None
    node = builder.get(edge.start)
    if node is None:
        return None
    return Mention(token.doc[det.i: token.i + 1], node.ref, node.label, via="role")


# -- reading the order of words -----------------------------------------------------------

def _by_order(trigger: Token, rule: TieRule, mentions: list[Mention]) -> Iterator[
        tuple[Mention, Mention]]:
    """The nearest fitting entity before the trigger and the first one after it
    ("X is a member of Y", "Y is owned by X"); coordinated subjects all take part."""
    if trigger.dep_ == "poss":
        return  # "the leader's nephew" speaks of the nephew, not of who leads
    usable = [m for m in mentions if not _is_possessive(m) or m.span.root.head == trigger]
    passive = trigger.lower_ in rule.passive and _next_is_by(trigger)
    first, second = (rule.end, rule.start) if passive else (rule.start, rule.end)
    before = _last_before([m for m in usable if m.label in first], trigger.i)
    after = _first_after([m for m in usable if m.label in second], trigger.i - 1, WINDOW)
    if before is None or after is None or trigger.i - before.span.end > WINDOW:
        return
    for one in _coordinated(before, [m for m in usable if m.label in first]):
        yield (after, one) if passive else (one, after)


def _coordinated(last: Mention, candidates: list[Mention]) -> list[Mention]:
    """``last`` and the mentions joined to it by "and" or commas just before it."""
    doc = last.span.doc
    group = [last]
    earlier = sorted((m for m in candidates if m.span.end <= last.span.start),
                     key=lambda m: m.span.start, reverse=True)
    for mention in earlier:
        gap = [t.lower_ for t in doc[mention.span.end: group[-1].span.start]]
        joined = bool(gap) and all(word in _COORDINATION for word in gap)
        # ", and" also joins two clauses; then the parse must show the two as conjuncts.
        conjunct = group[-1].span.root in set(_conjuncts(mention.span.root))
        if not joined or not (conjunct or gap in (["and"], [","], ["both"])):
            break
        group.append(mention)
    return group


def _is_possessive(mention: Mention) -> bool:
    """"his" in "his wife" stands for the husband, who is not the one meant."""
    root = mention.span.root
    return root.dep_ == "poss" or (root.i + 1 < len(root.doc)
                                  and root.doc[root.i + 1].lower_ in ("'s", "’s"))


def _first_after(found: list[Mention], token: int, limit: int) -> Mention | None:
    after = [m for m in found if token < m.span.start <= token + limit]
    return min(after, key=lambda m: m.span.start) if after else None


def _last_before(found: list[Mention], token: int) -> Mention | None:
    before = [m for m in found if m.span.end <= token]
    return max(before, key=lambda m: m.span.end) if before else None


def _next_is_by(token: Token) -> bool:
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "by"
