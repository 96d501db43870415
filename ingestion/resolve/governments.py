"""Governments named by their country: one organization per country, keyed by its ISO code.

Sources name a government donor in many ways: "Denmark", "USA", "Government of the
United States", "United States of America, Government of", "Japanese Government". Each
form is certain evidence of one organization, so all resolve to one node whose id
comes from the country's ISO 3166 alpha-3 code (``government_id``), whatever the
spelling and whichever document came first.
"""

from __future__ import annotations

from graphhub.ids import make_id
from ingestion.extract.countries import CountryRef, resolve_country
from ingestion.resolve.tables import simple_form

_GOVERNMENT = ("government", "govt", "gov")
_JOINERS = frozenset({"of", "the"})


def government_id(iso3: str) -> str:
    """The id of the government of the country with this alpha-3 code."""
    return make_id("org", "government", iso3.upper())


def government_name(country: CountryRef) -> str:
    """The name a government gets when no alias file names it: "Government of Japan"."""
    return f"Government of {country.name}"


def government_of(name: str) -> CountryRef | None:
    """The country whose government ``name`` designates, else None.

    The whole name must be the country ("Denmark", "USA") or the country with the word
    government before or after it ("Government of the United States", "United States
    of America, Government of", "Japanese Government"); "Danish Red Cross" is not.
    """
    words = simple_form(name).split()
    rest = [w for w in words if w not in _GOVERNMENT]
    said_government = len(rest) < len(words)
    if said_government:
        while rest and rest[0] in _JOINERS:
            rest.pop(0)
        while rest and rest[-1] in _JOINERS:
            rest.pop()
    if not rest:
        return None
    return resolve_country(" ".join(rest), allow_adjective=said_government)
