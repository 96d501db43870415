"""Country names and adjectives to ISO codes ("Kyrgyz Republic", "Tajik" -> TJK)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from graphhub.ids import normalise_key
from ingestion.extract.gazetteer import load_gazetteer


@dataclass(frozen=True)
class CountryRef:
    """A country by its English short name and ISO 3166 codes."""

    name: str
    iso2: str
    iso3: str


@cache
def by_iso3(iso3: str) -> CountryRef | None:
    """The country with this alpha-3 code."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return None
    name = getattr(country, "common_name", None) or country.name
    return CountryRef(name, country.alpha_2, country.alpha_3)


@cache
def resolve_country(text: str, allow_adjective: bool = True) -> CountryRef | None:
    """The country a name or (when allowed) an adjective designates, else None."""
    key = normalise_key(text)
    if key.startswith("the "):
        key = key[4:]
    aliases = load_gazetteer().country_aliases
    found = aliases.get(key) or aliases.get("the " + key)
    if found is not None:
        iso3, adjective = found
        return by_iso3(iso3) if allow_adjective or not adjective else None
    if len(key) < 4:
        return None
    try:
        country = pycountry.countries.lookup(key)
    except LookupError:
        return None
    return by_iso3(country.alpha_3)


def is_adjective(text: str) -> bool:
    """Whether the form is a nationality adjective ("Tajik") rather than a country name."""
    found = load_gazetteer().country_aliases.get(normalise_key(text))
    return bool(found and found[1])
