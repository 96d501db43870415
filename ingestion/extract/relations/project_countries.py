"""The country a project works in, from its code ("TAJ/E24") and its own paragraph.

A code segment from ``project_code_countries.jsonl`` gives the country (or, for
regional codes, the region); a country named in the project's title, or as the
subject of its paragraph's first sentence, gives it too. Donors are never taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from graphhub.ids import normalise_key
from graphhub.model import Label, RelType
from ingestion.errors import IngestionError
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.countries import by_iso3, is_adjective
from ingestion.extract.gazetteer import load_gazetteer, read_jsonl
from ingestion.extract.mentions import Mention, MentionIndex
from ingestion.extract.parsed import sentence_of, sentences_after
from ingestion.extract.relations.common import governing

CODE_METHOD, CODE_CONFIDENCE = "code-prefix", 0.9
PARAGRAPH_METHOD, PARAGRAPH_CONFIDENCE = "project-paragraph", 0.7


@dataclass(frozen=True)
class CodePlace:
    """What a code segment stands for: a country (ISO alpha-3) or a region name."""

    iso3: str | None
    region: str | None


@cache
def code_places() -> dict[str, CodePlace]:
    """Code segment -> place, read once from the data file."""
    table: dict[str, CodePlace] = {}
    for number, row in enumerate(read_jsonl("project_code_countries.jsonl"), start=1):
        segment, iso3, region = row.get("segment"), row.get("iso3"), row.get("region")
        if not segment or (iso3 is None) == (region is None):
            raise IngestionError(
                "bad code segment row", path="project_code_countries.jsonl", row=number,
                reason="needs a segment and exactly one of iso3 or region",
            )
        if iso3 is not None and by_iso3(iso3) is None:
            raise IngestionError("unknown country code", path="project_code_countries.jsonl",
                                 row=number, field="iso3", reason=repr(iso3))
        table[segment.upper()] = CodePlace(iso3, region)
    return table


def place_of_code(code: str) -> CodePlace | None:
    """The place a project code names: its first known segment before the serial."""
    segments = code.upper().split("/")
    places = code_places()
    # The last segment is the serial ("E24"); "AD/KYR/G64" names its country second.
    return next((places[s] for s in segments[:-1] if s in places), None)


def extract(doc: Doc, builder: RecordBuilder, index: MentionIndex) -> None:
    """Add IN_COUNTRY (or IN_REGION) edges to each project from its code and paragraph."""
    first: dict[str, Mention] = {}  # each project's first mention in this text
    for found in index.by_sentence.values():
        for mention in found:
            known = first.get(mention.ref)
            if known is None or mention.span.start_char < known.span.start_char:
                first[mention.ref] = mention
    donors = _donor_countries(builder)
    for project in builder.nodes_with(Label.PROJECT):
        own = first.get(project.ref)
        if own is None:
            continue
        _from_code(builder, project.ref, str(project.props.get("code") or project.name), own)
    for pos, start in enumerate(index.section_starts):
        _from_paragraph(doc, builder, index, index.section_refs[pos], start, donors)


def _from_code(builder: RecordBuilder, ref: str, code: str, mention: Mention) -> None:
    place = place_of_code(code)
    if place is None:
        return
    evidence = builder.evidence(mention.span, CODE_METHOD, CODE_CONFIDENCE)
    if place.iso3 is not None:
        country = by_iso3(place.iso3)
        if country is None:
            return
        target = "country:" + country.iso3
        builder.node(Label.COUNTRY, target, country.name, evidence,
                     {"iso3": country.iso3, "iso2": country.iso2})
        builder.edge(RelType.IN_COUNTRY, ref, target, evidence)
    elif place.region is not None:
        entry = load_gazetteer().regions.get(normalise_key(place.region))
        name = entry.name if entry is not None else place.region
        target = "region:" + normalise_key(name)
        builder.node(Label.REGION, target, name, evidence)
        builder.edge(RelType.IN_REGION, ref, target, evidence)


def _donor_countries(builder: RecordBuilder) -> set[str]:
    """Country refs that fund something, directly or through their government."""
    refs: set[str] = set()
    for edge in builder.edges_of(RelType.FUNDS):
        refs.add(edge.start)
        record = builder.get(edge.start)
        if record is not None and record.props.get("country"):
            refs.add("country:" + str(record.props["country"]))
    return refs


def _from_paragraph(doc: Doc, builder: RecordBuilder, index: MentionIndex, ref: str,
                    start: int, donors: set[str]) -> None:
    """Countries named in the heading line (by name) or as subject of the next sentence."""
    heading = sentence_of(doc.char_span(start, start + 1, alignment_mode="expand") or doc[:1])
    chosen: list[Mention] = [
        m for m in index.in_sentence(heading, Label.COUNTRY)
        if m.span.start_char >= start and not is_adjective(m.span.text)
    ]
    following = next((s for s in sentences_after(heading) if s.text.strip()), None)
    if following is not None and index.section_project(following.start_char) == ref:
        chosen += [m for m in index.in_sentence(following, Label.COUNTRY)
                   if governing(m.span.root).dep_ in ("nsubj", "nsubjpass")]
    for mention in chosen:
        if mention.ref in donors or mention.resolved:
            continue
        builder.edge(RelType.IN_COUNTRY, ref, mention.ref,
                     builder.evidence(mention.span, PARAGRAPH_METHOD, PARAGRAPH_CONFIDENCE))
