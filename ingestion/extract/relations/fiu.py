"""Financial-intelligence rules: transfers, ties between entities, and the note's finding."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from graphhub.model import Label, RelType
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.dates import find_date
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.mentions import Mention, MentionIndex
from ingestion.extract.money import parse_money
from ingestion.extract.relations.funding import USED_MONEY

PARTIES = (Label.PERSON, Label.COMPANY, Label.BANK_ACCOUNT)
ENTITIES = (*PARTIES, Label.TRAFFICKING_GROUP)
_REFERENCE = re.compile(r"\b(?:reference|ref\.?|payment reference)\s*(?:no\.?)?\s*[:\"“]?\s*"
                        r"([A-Z0-9][\w/-]{2,})", re.IGNORECASE)
_TARGET_PREPS = frozenset({"to", "into"})
_SOURCE_PREPS = frozenset({"from"})
_WINDOW = 14


def extract(doc: Doc, builder: RecordBuilder, index: MentionIndex) -> None:
    """Transfers, entity relations and the finding of a restricted note."""
    triggers = load_gazetteer().triggers
    outgoing = frozenset(triggers["transfer"]["outgoing"])
    incoming = frozenset(triggers["transfer"]["incoming"])
    for sent in doc.sents:
        parties = index.in_sentence(sent, *PARTIES)
        if len(parties) >= 2:
            _transfers(sent, builder, parties, outgoing, incoming)
        entities = index.in_sentence(sent, *ENTITIES, Label.ORGANIZATION)
        if len(entities) >= 2:
            _relations(sent, builder, entities, triggers["entity_relations"])
    _finding(doc, builder)


def _first_after(parties: list[Mention], token: int, limit: int) -> Mention | None:
    after = [m for m in parties if token < m.span.start <= token + limit]
    return min(after, key=lambda m: m.span.start) if after else None


def _last_before(parties: list[Mention], token: int) -> Mention | None:
    before = [m for m in parties if m.span.end <= token]
    return max(before, key=lambda m: m.span.end) if before else None


def _transfers(sent: Span, builder: RecordBuilder, parties: list[Mention],
               outgoing: frozenset[str], incoming: frozenset[str]) -> None:
    trigger = next((t for t in sent if t.lower_ in outgoing | incoming), None)
    if trigger is None:
        return
    moneys = [e for e in sent.ents if e.label_ == "MONEY"]
    if not moneys:
        return
    used: set[int] = builder.scratch.setdefault(USED_MONEY, set())
    receiving = trigger.lower_ in incoming
    subject = _last_before(parties, trigger.i)
    for number, money in enumerate(moneys):
        stop = moneys[number + 1].start if number + 1 < len(moneys) else sent.end
        segment_start = max(trigger.i, money.end) if money.start > trigger.i else trigger.i
        source, target = _ends(sent, parties, subject, segment_start, stop, receiving)
        if source is None or target is None or source.ref == target.ref:
            continue
        parsed = parse_money(money.text)
        if parsed is None:
            continue
        segment = sent.doc[segment_start:stop]
        date = next((find_date(e.text) for e in segment.ents if e.label_ == "DATE"), None)
        if date is None and number == 0:
            date = next((find_date(e.text) for e in sent.ents if e.label_ == "DATE"), None)
        reference = _REFERENCE.search(segment.text)
        props: dict[str, Any] = {
            "amount": parsed.amount,
            "currency": parsed.currency,
            "date": date,
            "reference": reference.group(1) if reference else None,
        }
        if parsed.approximate:
            props["approximate"] = True
        used.add(money.start_char)
        builder.edge(RelType.TRANSFER, source.ref, target.ref,
                     builder.evidence(money, "rule:transfer", 0.8), props,
                     key=str(money.start_char))


def _ends(sent: Span, parties: list[Mention], subject: Mention | None, start: int, stop: int,
          receiving: bool) -> tuple[Mention | None, Mention | None]:
    """Payer and payee: "from X" and "to Y" in the segment, else the sentence's subject."""
    source: Mention | None = None
    target: Mention | None = None
    for token in sent.doc[start:stop]:
        prep = token.lower_
        if prep in _SOURCE_PREPS and source is None:
            source = _first_after(parties, token.i, 6)
        elif prep in _TARGET_PREPS and target is None:
            target = _first_after(parties, token.i, 6)
    if receiving:
        return source, target or subject
    return source or subject, target


def _relations(sent: Span, builder: RecordBuilder, entities: list[Mention],
               rules: list[dict[str, Any]]) -> None:
    for rule in rules:
        words = frozenset(rule["words"])
        passive = frozenset(rule.get("passive", []))
        start_labels = {Label(label) for label in rule["start"]}
        end_labels = {Label(label) for label in rule["end"]}
        for token in sent:
            if token.lower_ not in words:
                continue
            is_passive = token.lower_ in passive and _next_is_by(token)
            first, second = (end_labels, start_labels) if is_passive else (
                start_labels, end_labels)
            before = _last_before([m for m in entities if m.label in first], token.i)
            after = _first_after([m for m in entities if m.label in second], token.i - 1,
                                 _WINDOW)
            if before is None or after is None or token.i - before.span.end > _WINDOW:
                continue
            start, end = (after, before) if is_passive else (before, after)
            if start.ref == end.ref:
                continue
            props = {"relation": token.lower_} if rule["rel"] == "RELATIVE_OF" else {}
            builder.edge(RelType(rule["rel"]), start.ref, end.ref,
                         builder.evidence(sent, f"rule:{rule['rel'].lower()}", 0.7), props)


def _next_is_by(token: Token) -> bool:
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "by"


_TITLE_PREFIX = re.compile(r"^(subject|title|re|reference|ref)\s*[:.]\s*", re.IGNORECASE)


def _finding(doc: Doc, builder: RecordBuilder) -> None:
    """One Finding per note: its title, date, summary, reporting FIU and what it concerns."""
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    if not lines:
        return
    title_line = next((line for line in lines if re.match(r"^(subject|title)\s*:", line, re.I)),
                      None)
    title = _TITLE_PREFIX.sub("", title_line or lines[0]).strip()
    date_line = next((line for line in lines[:8] if re.match(r"^date\s*:", line, re.I)), None)
    date = find_date(date_line) if date_line else None
    summary = title
    conclusion = re.search(r"^\s*(conclusions?|assessment|summary)\s*:?\s*$\s*(.+)", doc.text,
                           re.IGNORECASE | re.MULTILINE)
    if conclusion:
        summary = re.split(r"(?<=[.!?])\s", conclusion.group(2).strip(), maxsplit=1)[0]
    fius = [n for n in builder.nodes_with(Label.ORGANIZATION) if n.props.get("kind") == "fiu"]
    ref = "finding:" + (builder.doc_id or "note")
    start = doc.text.find(title) if title else 0
    span = doc.char_span(max(start, 0), max(start, 0) + len(title), alignment_mode="expand")
    if span is None:
        span = doc[0: min(len(doc), 5)]
    props = {"summary": summary, "date": date,
             "reporting_fiu": fius[0].name if fius else None}
    builder.node(Label.FINDING, ref, title, builder.evidence(span, "rule:finding", 0.9), props)
    for node in builder.nodes_with(*ENTITIES):
        builder.edge(RelType.CONCERNS, ref, node.ref, node.evidence[0])
    if fius:
        builder.edge(RelType.BY, ref, fius[0].ref, fius[0].evidence[0])
