"""Seizure rules: "seized 349 kg of heroin in Khorog", "1.2 tons of opium were seized by X"."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from graphhub.ids import normalise_key
from graphhub.model import Label, RelType
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.countries import resolve_country
from ingestion.extract.dates import find_date
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.mentions import MentionIndex
from ingestion.extract.parsed import ents_in, sentence_of, sentences
from ingestion.extract.quantities import parse_quantity
from ingestion.resolve.seizures import natural_key

_PART_WORDS = frozenset({"including", "includes", "included", "which", "among", "comprising"})
# Words that may stand between a drug and the quantity after it.
_LINKS = frozenset({"for", "accounted", "amounted", "to", "totalled", "totaled", "totalling",
                    "totaling", "reached", "was", "were", "came", "at", ":", "-", "–"})
_NEGATIONS = frozenset({"not", "never", "n't", "nothing"})
_BREAKS = frozenset({"and", "or", ",", ";", "in", "from", "since"})
_SEIZING_KINDS = frozenset({"law_enforcement", "agency", "government", None})


def extract(doc: Doc, builder: RecordBuilder, index: MentionIndex) -> None:
    """A Seizure node per quantity of a drug in a sentence that speaks of seizing."""
    gaz = load_gazetteer()
    triggers = frozenset(gaz.triggers["seizure"])
    for sent in sentences(doc):
        if not any(t.lower_ in triggers and not _negated(t) for t in sent):
            continue
        ents = ents_in(sent)
        quantities = [e for e in ents if e.label_ == "QUANTITY"]
        drugs = [e for e in ents if e.label_ == "DRUG"]
        if not quantities or not drugs:
            continue
        context = _context(sent, index)
        previous: Span | None = None
        for quantity in quantities:
            drug = _drug_of(doc, quantity, drugs)
            if drug is None:
                continue
            parsed = parse_quantity(quantity.text)
            if parsed is None:
                continue
            entry = gaz.drugs.get(normalise_key(drug.text))
            drug_name = entry.name if entry else drug.text.lower()
            props: dict[str, Any] = {"drug": drug_name, **context["props"]}
            if parsed.unit == "kg":
                props["quantity_kg"] = parsed.value
            else:
                props["quantity_l"] = parsed.value
            if previous is not None and _PART_WORDS & {
                t.lower_ for t in doc[previous.end: quantity.start]
            }:
                props["part_of_total"] = True
            previous = quantity
            # Keyed by what tells seizures apart (ingestion.resolve.seizures): the same
            # seizure repeated in the document is one record.
            ref = "seizure:" + "|".join(natural_key(props, context["country"], context["org"]))
            span = doc[min(quantity.start, drug.start): max(quantity.end, drug.end)]
            builder.node(Label.SEIZURE, ref, f"{quantity.text} of {drug.text}",
                         builder.evidence(span, "rule:seizure", 0.85), props)
            for rel, target in (("country", RelType.IN_COUNTRY), ("org", RelType.BY)):
                if context[rel] is not None:
                    builder.edge(target, ref, context[rel],
                                 builder.evidence(span, "rule:seizure", 0.75))


def _negated(token: Token) -> bool:
    """"has not been dismantled", "nothing was found": the act did not happen."""
    doc = token.doc
    before = doc[max(sentence_of(token).start, token.i - 3) : token.i]
    return any(t.lower_ in _NEGATIONS for t in before)


def _drug_of(doc: Doc, quantity: Span, drugs: list[Span]) -> Span | None:
    """The drug a quantity measures: "2.3 tons of hashish", "15 kg heroin", or named
    before it and linked by a verb of amount: "cannabis accounted for 15.2 tons",
    "... and hashish for 2.1 tons"."""
    for drug in drugs:
        gap = [t.lower_ for t in doc[quantity.end: drug.start]]
        if 0 <= drug.start - quantity.end <= 3 and (not gap or gap[-1] == "of") and not (
                _BREAKS & set(gap)):
            return drug
    before = [d for d in drugs if 0 <= quantity.start - d.end <= 3]
    if before:
        drug = max(before, key=lambda d: d.end)
        links = {t.lower_ for t in doc[drug.end: quantity.start]}
        if links <= _LINKS:
            return drug
    return None


def _context(sent: Span, index: MentionIndex) -> dict[str, Any]:
    """Date, place, country and seizing organization of a seizure sentence."""
    props: dict[str, Any] = {}
    for ent in ents_in(sent):
        if ent.label_ == "DATE" and "date" not in props:
            props["date"] = find_date(ent.text)
        if ent.label_ in ("GPE", "LOC", "FAC") and "place" not in props:
            props["place"] = ent.text
    countries = index.in_sentence(sent, Label.COUNTRY)
    country = countries[0].ref if countries else None
    org: str | None = None
    for mention in index.in_sentence(sent, Label.ORGANIZATION):
        if mention.ref.startswith("org:government of"):
            continue
        org = mention.ref
        break
    if country is None and "place" in props:
        found = resolve_country(props["place"])
        country = "country:" + found.iso3 if found else None
    return {"props": props, "country": country, "org": org}
