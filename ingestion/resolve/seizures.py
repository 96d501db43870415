"""The identity of a seizure: what makes two reports speak of the same one.

Two seizure records are the same seizure when they agree on all of:

- the drug (its gazetteer name: "heroin", "hashish", ...);
- the quantity, in kilograms (or litres for a liquid), to the gram: "1.2 tons" and
  "1,200 kg" agree, "349 kg" and "350 kg" do not;
- the date, as precisely as the report gives it ("2014-05-03", "2014-05" or "2014"):
  a report giving only the month and one giving the day are kept apart;
- the place: the country the seizure is tied to (its ISO code), else the place named;
- the seizing agency, when the report names one (its canonical id).

A seizure with no date at all is the same only within its own document: two undated
"10 kg of heroin in Tajikistan" from two reports may well be two seizures.
"""

from __future__ import annotations

from typing import Any

from graphhub.ids import make_id
from graphhub.model import Label, RelType
from ingestion.records import Extraction, NodeRecord


def quantity_key(props: dict[str, Any]) -> str:
    """The quantity part of the key: kilograms (or litres) to three decimals."""
    for unit in ("quantity_kg", "quantity_l"):
        value = props.get(unit)
        if isinstance(value, int | float):
            return f"{float(value):.3f} {unit[len('quantity_'):]}"
    return ""


def natural_key(props: dict[str, Any], place: str | None, agency: str | None) -> list[str]:
    """Drug, quantity, date, place and agency: the parts the identity compares."""
    return [str(props.get("drug") or ""), quantity_key(props), str(props.get("date") or ""),
            place or str(props.get("place") or ""), agency or ""]


def seizure_ends(extraction: Extraction) -> dict[str, dict[RelType, str]]:
    """For each seizure ref, the ref its country (IN_COUNTRY) and its agency (BY) edge end
    at, the first of each kind the document states."""
    seizures = {node.ref for node in extraction.nodes if node.label is Label.SEIZURE}
    ends: dict[str, dict[RelType, str]] = {}
    for edge in extraction.edges:
        if edge.start in seizures and edge.type in (RelType.IN_COUNTRY, RelType.BY):
            ends.setdefault(edge.start, {}).setdefault(edge.type, edge.end)
    return ends


def seizure_id(record: NodeRecord, doc_id: str, place: str | None,
               agency: str | None) -> str:
    """The id of a seizure from its natural key (within the document when undated)."""
    key = natural_key(record.props, place, agency)
    if not record.props.get("date"):
        return make_id("seizure", doc_id, *key)
    return make_id("seizure", *key)
