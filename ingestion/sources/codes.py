"""Code lists the structured sources share: countries, regions, currencies, DAC sectors.

Countries are accepted as names or ISO 3166 codes (pycountry plus the extractor's
alias table); currencies must be ISO 4217; sector codes and names come from the bundled
DAC list (``data/dac_sectors.csv``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from graphhub.ids import normalise_key
from ingestion.extract.countries import by_iso3, resolve_country
from ingestion.extract.gazetteer import load_gazetteer

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Place:
    """A country (with ISO codes) or a region (by name) a row points at."""

    name: str
    iso3: str | None = None
    iso2: str | None = None

    @property
    def is_country(self) -> bool:
        """Whether this place is a country rather than a region."""
        return self.iso3 is not None


@cache
def country(text: str) -> Place | None:
    """The country named or coded by ``text`` ("KZ", "KAZ", "Kazakhstan", "Russia"), else None."""
    value = text.strip()
    if not value:
        return None
    if len(value) in (2, 3) and value.isalpha():
        code = value.upper()
        found = (
            pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else pycountry.countries.get(alpha_3=code)
        )
        if found is not None:
            ref = by_iso3(found.alpha_3)
            return Place(ref.name, ref.iso3, ref.iso2) if ref else None
    ref = resolve_country(value, allow_adjective=False)
    return Place(ref.name, ref.iso3, ref.iso2) if ref else None


@cache
def region(text: str) -> Place | None:
    """A known region ("Central Asia", "Western Asia") under its canonical name, else None."""
    entry = load_gazetteer().regions.get(normalise_key(text))
    return Place(entry.name) if entry else None


def place(text: str) -> Place | None:
    """A country, else a known region, else None."""
    return country(text) or region(text)


@cache
def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code."""
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


@cache
def dac_sectors() -> dict[str, str]:
    """DAC 5-digit purpose code -> name, from the bundled subset."""
    with (DATA / "dac_sectors.csv").open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return {row["code"]: row["name"] for row in csv.DictReader(lines)}


@cache
def _sector_names() -> dict[str, str]:
    return {normalise_key(name): code for code, name in dac_sectors().items()}


def is_dac_code(code: str) -> bool:
    """Whether ``code`` has the shape of a DAC 5-digit purpose code."""
    return len(code) == 5 and code.isdigit()


def sector(text: str) -> tuple[str, str | None]:
    """(name, DAC code) for a cell such as "16063", "16063 - Narcotics control" or a name.

    An unknown name is kept as a theme without a code; an unknown 5-digit code keeps
    the code and uses the text as the name, and the readers refuse it (``dac_sectors``
    is the whole DAC list).
    """
    value = " ".join(text.split())
    head, _, rest = value.partition(" ")
    if is_dac_code(head):
        name = rest.lstrip("-–: ").strip() or dac_sectors().get(head, head)
        return name, head
    code = _sector_names().get(normalise_key(value))
    return (dac_sectors()[code], code) if code else (value, None)
