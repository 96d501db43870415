"""Financial-intelligence rules: transfers, ties between entities, and the note's finding."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from graphhub.model import RESTRICTED, Label, RelType
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.dates import find_date
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.mentions import Mention, MentionIndex
from ingestion.extract.money import parse_money
from ingestion.extract.parsed import ents_in, sentences, text_of
from ingestion.extract.relations import ties
from ingestion.extract.relations.funding import USED_MONEY

PARTIES = (Label.PERSON, Label.COMPANY, Label.BANK_ACCOUNT)
ENTITIES = (*PARTIES, Label.TRAFFICKING_GROUP)
_REFERENCE = re.compile(r"\b(?:reference|ref\.?|payment reference)\s*(?:no\.?)?\s*[:\"“]?\s*"
                        r"([A-Z0-9][\w/-]{2,})", re.IGNORECASE)
_TARGET_PREPS = frozenset({"to", "into"})
_SOURCE_PREPS = frozenset({"from"})
_ALL_PREPS = frozenset({"to", "into", "from", "through", "via", "by", "in", "on", "at", "with"})


def extract(doc: Doc, builder: RecordBuilder, index: MentionIndex) -> None:
    """Transfers, entity relations and the finding of a restricted note."""
    triggers = load_gazetteer().triggers
    outgoing = frozenset(triggers["transfer"]["outgoing"])
    incoming = frozenset(triggers["transfer"]["incoming"])
    rules = [ties.TieRule.from_data(row) for row in triggers["entity_relations"]]
    for sent in sentences(doc):
        parties = index.in_sentence(sent, *PARTIES)
        if len(parties) >= 2:
            _transfers(sent, builder, parties, outgoing, incoming)
        entities = index.in_sentence(sent, *ENTITIES, Label.ORGANIZATION)
        if entities:
            ties.extract(sent, builder, entities, rules)
    # A restricted document is an FIU's own material: it stands as a finding. A public one
    # (a press release, a court ruling) may state transfers and ties but is no finding.
    if builder.classification == RESTRICTED:
        _finding(doc, builder)


def _object_of(prep: Token, parties: list[Mention], limit: int = 6) -> Mention | None:
    """The party a preposition governs: the first one after it with no other
    preposition between ("from Moscow to X" gives no payer)."""
    for mention in sorted(parties, key=lambda m: m.span.start):
        if not prep.i < mention.span.start <= prep.i + limit:
            continue
        gap = prep.doc[prep.i + 1: mention.span.start]
        if any(t.dep_ in ("prep", "agent") or t.lower_ in _ALL_PREPS for t in gap):
            return None
        return mention
    return None


def _last_before(parties: list[Mention], token: int) -> Mention | None:
    before = [m for m in parties if m.span.end <= token and not _possessive(m)]
    return max(before, key=lambda m: m.span.end) if before else None


def _possessive(mention: Mention) -> bool:
    return mention.span.root.dep_ == "poss"


def _transfers(sent: Span, builder: RecordBuilder, parties: list[Mention],
               outgoing: frozenset[str], incoming: frozenset[str]) -> None:
    trigger = next((t for t in sent if t.lower_ in outgoing | incoming), None)
    if trigger is None:
        return
    moneys = [e for e in ents_in(sent) if e.label_ == "MONEY"]
    if not moneys:
        return
    used: set[int] = builder.scratch.setdefault(USED_MONEY, set())
    receiving = trigger.lower_ in incoming
    subject = _last_before(parties, trigger.i)
    agent = _agent(trigger, parties)
    previous: tuple[Mention, Mention] | None = None
    for number, money in enumerate(moneys):
        stop = moneys[number + 1].start if number + 1 < len(moneys) else sent.end
        segment_start = max(trigger.i, money.end) if money.start > trigger.i else trigger.i
        source, target = _ends(sent, parties, subject, agent, segment_start, stop, receiving)
        if (source is None or target is None) and previous is not None and not [
                m for m in parties if segment_start <= m.span.start < stop]:
            # "paid USD 118,000 to X on 3 February and a further USD 96,500 on 17 March":
            # an amount with no parties of its own moves between the same two.
            source, target = previous
        if source is None or target is None or source.ref == target.ref:
            continue
        parsed = parse_money(money.text)
        if parsed is None:
            continue
        previous = (source, target)
        segment = sent.doc[segment_start:stop]
        date = _date_in(segment)
        if date is None and number == 0:
            date = _date_in(sent)
        reference = _REFERENCE.search(segment.text)
        props: dict[str, Any] = {
            "amount": parsed.amount,
            "currency": parsed.currency,
            "date": date,
            "reference": reference.group(1) if reference else None,
        }
        if parsed.approximate:
            props["approximate"] = True
        used.add(builder.char(money.start_char))
        method, confidence = "rule:transfer", 0.8
        if source.resolved or target.resolved:
            method, confidence = "rule:transfer+coref", 0.6
        builder.edge(RelType.TRANSFER, source.ref, target.ref,
                     builder.evidence(money, method, confidence), props,
                     key=str(builder.char(money.start_char)))


def _date_in(span: Span) -> str | None:
    """The first date in the span that reads as a calendar date ("twelve days later" does not)."""
    for ent in ents_in(span):
        if ent.label_ == "DATE":
            found = find_date(ent.text)
            if found is not None:
                return found
    return None


def _agent(trigger: Token, parties: list[Mention]) -> Mention | None:
    """X in "USD 15,000 was received by X" or "was paid by X"."""
    doc = trigger.doc
    if trigger.i + 1 < len(doc) and doc[trigger.i + 1].lower_ == "by":
        return _object_of(doc[trigger.i + 1], parties)
    return None


def _ends(sent: Span, parties: list[Mention], subject: Mention | None, agent: Mention | None,
          start: int, stop: int, receiving: bool) -> tuple[Mention | None, Mention | None]:
    """Payer and payee: "from X" and "to Y" in the segment, else the sentence's subject
    (or the agent of a passive trigger)."""
    source: Mention | None = None
    target: Mention | None = None
    for token in sent.doc[start:stop]:
        prep = token.lower_
        if prep in _SOURCE_PREPS and source is None:
            source = _object_of(token, parties)
        elif prep in _TARGET_PREPS and target is None:
            target = _object_of(token, parties)
    if receiving:
        return source, target or agent or subject
    return source or agent or subject, target


_TITLE_PREFIX = re.compile(r"^(subject|title|re|reference|ref)\s*[:.]\s*", re.IGNORECASE)


def _finding(doc: Doc, builder: RecordBuilder) -> None:
    """One Finding per note: its title, date, summary, reporting FIU and what it concerns.

    The note's opening gives the finding; a later section of a long note only adds what
    the finding concerns."""
    ref = "finding:" + (builder.doc_id or "note")
    if not builder.first_section:
        if builder.has(ref):
            _concerns(builder, ref)
        return
    lines = [line.strip() for line in text_of(doc).splitlines() if line.strip()]
    if not lines:
        return
    title_line = next((line for line in lines if re.match(r"^(subject|title)\s*:", line, re.I)),
                      None)
    title = _TITLE_PREFIX.sub("", title_line or lines[0]).strip()
    date_line = next((line for line in lines[:8] if re.match(r"^date\s*:", line, re.I)), None)
    date = find_date(date_line) if date_line else None
    summary = title
    conclusion = re.search(r"^\s*(conclusions?|assessment|summary)\s*:?\s*$\s*(.+)", text_of(doc),
                           re.IGNORECASE | re.MULTILINE)
    if conclusion:
        summary = re.split(r"(?<=[.!?])\s", conclusion.group(2).strip(), maxsplit=1)[0]
    fius = [n for n in builder.nodes_with(Label.ORGANIZATION) if n.props.get("kind") == "fiu"]
    start = text_of(doc).find(title) if title else 0
    span = doc.char_span(max(start, 0), max(start, 0) + len(title), alignment_mode="expand")
    if span is None:
        span = doc[0: min(len(doc), 5)]
    props = {"summary": summary, "date": date,
             "reporting_fiu": fius[0].name if fius else None}
    builder.node(Label.FINDING, ref, title, builder.evidence(span, "rule:finding", 0.9), props)
    _concerns(builder, ref)
    if fius:
        builder.edge(RelType.BY, ref, fius[0].ref, fius[0].evidence[0])


def _concerns(builder: RecordBuilder, ref: str) -> None:
    for node in builder.nodes_with(*ENTITIES):
        builder.edge(RelType.CONCERNS, ref, node.ref, node.evidence[0])
