"""Funding rules: who gave how much to which project, and figures whose link is unstated."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from spacy.tokens import Doc, Span, Token

from graphhub.ids import normalise_key
from graphhub.model import Label, RelType
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.countries import resolve_country
from ingestion.extract.dates import find_year
from ingestion.extract.entities import EntityExtractor
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.mentions import Mention, MentionIndex
from ingestion.extract.money import Money, parse_money
from ingestion.extract.parsed import entities as doc_entities
from ingestion.extract.parsed import ents_in, sentence_of, sentences, text_of
from ingestion.extract.relations.common import governing, is_subject_of, preposition_of

USED_MONEY = "money_used"


def _trigger_kinds() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, words in load_gazetteer().triggers["funding"].items():
        for word in words:
            table[word] = kind
    return table


def extract(doc: Doc, builder: RecordBuilder, index: MentionIndex,
            entities: EntityExtractor) -> None:
    """Add FUNDS edges where a sentence ties an amount or a donor to a project."""
    kinds = _trigger_kinds()
    donor_preps = set(load_gazetteer().triggers["donor_preps"])
    used: set[int] = builder.scratch.setdefault(USED_MONEY, set())
    if builder.first_section:
        builder.context.title_project = _title_project(doc, index)
    title_project = builder.context.title_project
    for sent in sentences(doc):
        triggers = [t for t in sent if t.lower_ in kinds]
        if not triggers:
            continue
        moneys = [e for e in ents_in(sent) if e.label_ == "MONEY"]
        donors = _donors(sent, index, entities, triggers, donor_preps, moneys)
        projects = list(dict.fromkeys(m.ref for m in index.in_sentence(sent, Label.PROJECT)))
        confidence = 0.85
        if not projects and donors and moneys:
            section = index.section_project(sent.start_char)
            sole = builder.sole(Label.PROJECT)
            if section is not None:
                projects, confidence = [section], 0.6
            elif sole is not None:
                projects, confidence = [sole.ref], 0.6
            elif title_project is not None:
                projects, confidence = [title_project], 0.6
        if not donors or not projects:
            continue
        if len(moneys) == 1 and len(projects) == 1:
            donors = _one_body(donors)
        year = _year(sent)
        pairs = _pairs(sent, moneys, donors, projects)
        for donor, project, money in pairs:
            trigger = _nearest(triggers, money or donor.span)
            props: dict[str, Any] = {"kind": kinds[trigger.lower_], "year": year}
            if donor.via == "government" and not builder.has(donor.ref):
                country = resolve_country(donor.span.text)
                if country is not None:
                    entities.government_node(country, donor.span, "dep:funding_government")
            if money is not None:
                parsed = parse_money(money.text)
                if parsed is not None:
                    props.update(_money_props(parsed))
                    used.add(builder.char(money.start_char))
            builder.edge(RelType.FUNDS, donor.ref, project,
                         builder.evidence(money or donor.span, "dep:funding", confidence),
                         props,
                         key=str(builder.char(money.start_char)) if money is not None else "")
            record = builder.get(donor.ref)
            if record is not None and record.props.get("kind") is None:
                record.props["kind"] = "donor"


def _title_project(doc: Doc, index: MentionIndex) -> str | None:
    """The project a document's first line names ("Project fact sheet: TAJ/E24")."""
    first = next((line for line in text_of(doc).splitlines() if line.strip()), "")
    end = text_of(doc).find(first) + len(first)
    for sent in sentences(doc):
        if sent.start_char >= end:
            break
        for mention in index.in_sentence(sent, Label.PROJECT):
            if mention.span.end_char <= end:
                return mention.ref
    return None


def _one_body(donors: list[Mention]) -> list[Mention]:
    """"The United States Department of State, Bureau of International Narcotics ..." names
    one funder at two levels: donors joined by commas alone, before one amount, are one;
    the last, most specific, stands for them."""
    if len(donors) < 2:
        return donors
    ordered = sorted(donors, key=lambda m: m.span.start)
    doc = ordered[0].span.doc
    for left, right in pairwise(ordered):
        gap = [t.text for t in doc[left.span.end: right.span.start]]
        if gap != [","]:
            return donors
    return [ordered[-1]]


Funding = tuple[Mention, str, Span | None]


def _pairs(sent: Span, moneys: list[Span], donors: list[Mention],
           projects: list[str]) -> list[Funding]:
    """Donor, project and amount of every funding the sentence states."""
    if len(moneys) > 1 and len(donors) > 1 and len(projects) == 1:
        respectively = any(t.lower_ == "respectively" for t in sent)
        if respectively and len(moneys) == len(donors):
            ordered = sorted(donors, key=lambda m: m.span.start)
            return [(d, projects[0], m) for d, m in zip(ordered, moneys, strict=True)]
        paired: list[Funding] = [(d, projects[0], m) for m in moneys
                  if (d := _donor_of(m, donors)) is not None]
        if paired:
            return paired
    out: list[Funding] = []
    for d_pos, donor in enumerate(donors):
        for p_pos, project in enumerate(projects):
            money = _pick(moneys, donors, projects, d_pos, p_pos)
            if money is None and (len(donors) > 1 or len(projects) > 1):
                continue  # several donors or projects and no amount to tell them apart
            out.append((donor, project, money))
    return out


def _donor_of(money: Span, donors: list[Mention]) -> Mention | None:
    """The donor an amount belongs to in a coordination: the one just before it
    ("Japan (USD 1.2 million), Norway (NOK 12 million)", "Norway NOK 12 million"), with
    no other amount in between."""
    doc = money.doc
    before = [d for d in donors if d.span.end <= money.start]
    if not before:
        return None
    donor = max(before, key=lambda d: d.span.end)
    gap = doc[donor.span.end: money.start]
    if len(gap) > 4 or any(e.label_ == "MONEY" for e in ents_in(gap)):
        return None
    return donor


def _money_props(money: Money) -> dict[str, Any]:
    props: dict[str, Any] = {"amount": money.amount, "currency": money.currency}
    if money.approximate:
        props["approximate"] = True
    return props


def _pick(moneys: list[Span], donors: list[Mention], projects: list[str], d_pos: int,
          p_pos: int) -> Span | None:
    """The amount of one donor-project pair: only when the pairing is unambiguous."""
    if len(moneys) == 1 and (len(donors) == 1 or len(projects) == 1) and not (
        len(donors) > 1 and len(projects) > 1
    ):
        return moneys[0] if len(donors) == 1 else None
    if len(moneys) == len(donors) > 1 and len(projects) == 1:
        return moneys[d_pos]
    if len(moneys) == len(projects) > 1 and len(donors) == 1:
        return moneys[p_pos]
    return None


def _nearest(triggers: list[Token], span: Span) -> Token:
    return min(triggers, key=lambda t: abs(t.i - span.start))


def _year(sent: Span) -> int | None:
    for ent in ents_in(sent):
        if ent.label_ == "DATE":
            year = find_year(ent.text)
            if year is not None:
                return year
    return None


def _donors(sent: Span, index: MentionIndex, entities: EntityExtractor,
            triggers: list[Token], preps: set[str], moneys: list[Span]) -> list[Mention]:
    """Organizations (and countries, as their governments) the sentence names as funders."""
    found: list[Mention] = []
    seen: set[str] = set()
    trigger_set = set(triggers)
    for mention in index.in_sentence(sent, Label.ORGANIZATION, Label.COUNTRY):
        if mention.ref in seen:
            continue
        role = _funder_role(mention, trigger_set, preps, moneys)
        if role is None:
            continue
        funder = _government(mention) if mention.label == Label.COUNTRY else mention
        if funder is None or funder.ref in seen:
            continue
        seen.add(funder.ref)
        found.append(funder)
    if not found and moneys:
        opener = _opening_mention(sent, index, triggers)
        if opener is not None:
            found.append(opener)
    # A government mention is both a country and its government; keep the organization.
    return [m for m in found if not (m.ref.startswith("org:government of") and any(
        o.span.start <= m.span.start < o.span.end and o.ref != m.ref for o in found))]


def _government(mention: Mention) -> Mention | None:
    """A country named as a funder stands for its government; the node is made only
    when a funding edge is (a country that merely considers funding is no donor)."""
    country = resolve_country(mention.span.text)
    if country is None:
        return None
    ref = "org:" + normalise_key(f"Government of {country.name}")
    return Mention(mention.span, ref, Label.ORGANIZATION, via="government")


def _opening_mention(sent: Span, index: MentionIndex, triggers: list[Token]) -> Mention | None:
    """The one organization or country that opens the sentence, before any trigger, when
    the parse found no funder: "Kazakhstan, a donor for the first time, made available
    USD 250,000 for XAC/K22" is often parsed without a subject."""
    first_trigger = min(t.i for t in triggers)
    opening = [m for m in index.in_sentence(sent, Label.ORGANIZATION, Label.COUNTRY)
               if m.span.start < first_trigger]
    if len({m.ref for m in opening}) != 1:
        return None
    mention = opening[0]
    lead = [t for t in sent.doc[sent.start: mention.span.start]
            if not t.is_space and not t.is_punct and t.lower_ != "the"]
    if lead:
        return None
    return _government(mention) if mention.label == Label.COUNTRY else mention


def _funder_role(mention: Mention, triggers: set[Token], preps: set[str],
                 moneys: list[Span]) -> str | None:
    if is_subject_of(mention, triggers):
        return "subject"
    root = governing(mention.span.root)
    if root.dep_ == "nsubj" and root.head.dep_ == "ROOT":
        return "subject"  # "X signed an agreement for $N in support of P"
    if root.dep_ == "nsubj" and root.head in {_verb_of(m.root) for m in moneys}:
        return "subject"  # "X made available USD 250,000 for P", whatever the clause
    prep = preposition_of(mention)
    if prep in preps:
        head = mention.span.root
        while head.dep_ in ("conj", "appos", "compound", "pobj", "prep") and head.head.i != head.i:
            head = head.head
            if head in triggers:
                return "agent"
        if root.head.dep_ == "agent" and any(
                child in triggers for child in root.head.head.children
                if child.dep_ in ("nsubjpass", "nsubj", "dobj")):
            return "agent"  # "A grant of EUR 300,000 was made by X"
        window = mention.span.doc[max(sentence_of(mention.span).start, mention.span.start - 5):
                                  mention.span.start]
        if any(t in triggers for t in window):
            return "agent"
    return None


def _verb_of(token: Token) -> Token:
    """The verb an amount hangs from: "signed an agreement for USD 8 million" -> signed."""
    # The pipeline has no tagger (for speed): the first head with a subject is the verb.
    while token.head.i != token.i and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        token = token.head
    return token


def figures(doc: Doc, builder: RecordBuilder, index: MentionIndex) -> None:
    """A Figure node for every amount no rule tied to a donor, project or transfer."""
    used: set[int] = builder.scratch.get(USED_MONEY, set())
    contexts: dict[str, list[str]] = load_gazetteer().triggers["figure_context"]
    for ent in doc_entities(doc):
        if ent.label_ != "MONEY" or builder.char(ent.start_char) in used:
            continue
        money = parse_money(ent.text)
        if money is None or money.currency is None:
            continue  # a share or a count ("90 per cent of its budget") is no Figure
        lowered = sentence_of(ent).text.lower()
        context = next((name for name, words in contexts.items()
                        if any(w in lowered for w in words)), "other")
        props: dict[str, Any] = {**_money_props(money), "context": context, "text": ent.text}
        projects = index.in_sentence(sentence_of(ent), Label.PROJECT)
        if projects and context == "budget":
            record = builder.get(projects[0].ref)
            props["project_code"] = record.props.get("code") if record else None
        ref = f"figure:{builder.char(ent.start_char)}"
        name = f"{ent.text} ({normalise_key(context)})"
        builder.node(Label.FIGURE, ref, name, builder.evidence(ent, "ner:money", 0.8), props)
