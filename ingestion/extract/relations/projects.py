"""Project links stated in text: country, sector, programme, implementer, predecessor, status."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

from graphhub.model import Label, RelType
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.mentions import MentionIndex
from ingestion.extract.parsed import sentences

_YEARS = re.compile(r"\(?\b((?:19|20)\d\d)\s*(?:-|–|—|to|until)\s*((?:19|20)\d\d)\b")
_LAUNCHED = re.compile(r"\b(?:launched|started|began|initiated) in (?:\w+ )?((?:19|20)\d\d)\b")


def _phrases_in(text: str, phrases: list[str]) -> list[tuple[int, str]]:
    lowered = text.lower()
    found = []
    for phrase in phrases:
        for match in re.finditer(r"\b" + re.escape(phrase) + r"\b", lowered):
            found.append((match.start(), phrase))
    return sorted(found)


def extract(doc: Doc, builder: RecordBuilder, index: MentionIndex) -> None:
    """Add project edges and status/years from the sentences that name a project."""
    rules: dict[str, Any] = load_gazetteer().triggers["project"]
    for sent in sentences(doc):
        mentioned = index.in_sentence(sent, Label.PROJECT)
        refs = list(dict.fromkeys(m.ref for m in mentioned))
        section = index.section_project(sent.start_char)
        if refs:
            _link(sent, builder, index, refs, 0.85, rules, direct=True)
        elif section is not None:
            _link(sent, builder, index, [section], 0.6, rules, direct=False)
        if len(mentioned) >= 2:
            _follows(sent, builder, mentioned, rules["follows"])


def _link(sent: Span, builder: RecordBuilder, index: MentionIndex, refs: list[str],
          confidence: float, rules: dict[str, Any], direct: bool) -> None:
    text = sent.text
    for ref in refs:
        for mention in index.in_sentence(sent, Label.SECTOR):
            builder.edge(RelType.IN_SECTOR, ref, mention.ref,
                         builder.evidence(mention.span, "cooc:project_sector", confidence))
        if not direct:
            continue
        for mention in index.in_sentence(sent, Label.COUNTRY):
            builder.edge(RelType.IN_COUNTRY, ref, mention.ref,
                         builder.evidence(mention.span, "cooc:project_country", confidence))
        for mention in index.in_sentence(sent, Label.PROGRAMME):
            builder.edge(RelType.PART_OF, ref, mention.ref,
                         builder.evidence(mention.span, "cooc:project_programme", confidence))
        record = builder.get(ref)
        if record is None:
            continue
        props: dict[str, Any] = {}
        for status, words in rules["status"].items():
            if _phrases_in(text, words):
                props["status"] = status
                break
        years = _YEARS.search(text)
        if years:
            props["start_year"], props["end_year"] = int(years.group(1)), int(years.group(2))
        launched = _LAUNCHED.search(text)
        if launched:
            props["start_year"] = int(launched.group(1))
        for key, value in props.items():
            record.props.setdefault(key, value)
    # "implemented by X" ties the project to the organization named after the phrase.
    for start, _ in _phrases_in(text, rules["implemented"]):
        char = sent.start_char + start
        orgs = [m for m in index.in_sentence(sent, Label.ORGANIZATION)
                if m.span.start_char > char]
        if not orgs:
            continue
        org = min(orgs, key=lambda m: m.span.start_char)
        if org.span.start_char - char > 60:
            continue
        for ref in refs:
            builder.edge(RelType.IMPLEMENTED_BY, ref, org.ref,
                         builder.evidence(org.span, "rule:implemented_by", confidence))


def _follows(sent: Span, builder: RecordBuilder, mentioned: list[Any],
             phrases: list[str]) -> None:
    ordered = sorted(mentioned, key=lambda m: m.span.start_char)
    for start, _ in _phrases_in(sent.text, phrases):
        char = sent.start_char + start
        before = [m for m in ordered if m.span.end_char <= char]
        after = [m for m in ordered if m.span.start_char > char]
        if before and after and before[-1].ref != after[0].ref:
            builder.edge(RelType.FOLLOWS, before[-1].ref, after[0].ref,
                         builder.evidence(sent, "rule:follows", 0.8))
