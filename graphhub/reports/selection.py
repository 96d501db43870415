"""What a report covers: a region or countries, sectors, a programme and a period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pycountry

from graphhub.queries.errors import BadInput
from graphhub.queries.kinds import FundingKind, describe_kinds, parse_kinds
from graphhub.reports.errors import SelectionError

# What a report sums unless told otherwise: what donors have committed.
DEFAULT_KINDS: tuple[FundingKind, ...] = (FundingKind.COMMITMENT,)


@dataclass(frozen=True)
class Selection:
    """The coordinator's choice; countries are ISO3 codes, sectors names or DAC codes;
    ``kinds`` the kinds of funding the report's figures sum (never others besides)."""

    region: str | None = None
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    programme: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[FundingKind, ...] = DEFAULT_KINDS

    @property
    def counts(self) -> str:
        """What the report's figures sum: ``commitments``, ``commitments and disbursements``."""
        return describe_kinds(self.kinds)

    def describe(self) -> str:
        """One line saying what the selection covers, for titles and file names."""
        parts = [self.region] if self.region else []
        if self.countries:
            parts.append(", ".join(self.countries))
        if not parts:
            parts.append("all countries")
        if self.sectors:
            parts.append("; ".join(self.sectors))
        if self.programme:
            parts.append(self.programme)
        parts.append(self.period())
        return " · ".join(parts)

    def period(self) -> str:
        """``2010–2014``, ``from 2010``, ``until 2014`` or ``all years``."""
        if self.year_from is not None and self.year_to is not None:
            if self.year_from == self.year_to:
                return str(self.year_from)
            return f"{self.year_from}–{self.year_to}"
        if self.year_from is not None:
            return f"from {self.year_from}"
        if self.year_to is not None:
            return f"until {self.year_to}"
        return "all years"


@dataclass(frozen=True)
class Scope:
    """A selection resolved against the graph: the ISO3 codes it covers and how they were found."""

    selection: Selection
    iso3: tuple[str, ...] = ()
    region_source: str | None = None  # "graph", "bundled" or None without a region
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def all_countries(self) -> bool:
        """True when neither a region nor countries were given."""
        return not self.selection.region and not self.selection.countries


def split_list(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """``"KAZ, KGZ"`` or ``["KAZ", "KGZ,TJK"]`` as a tuple of trimmed, non-empty items."""
    if values is None:
        return ()
    items = [values] if isinstance(values, str) else list(values)
    out: list[str] = []
    for item in items:
        out.extend(part.strip() for part in item.split(",") if part.strip())
    return tuple(dict.fromkeys(out))


def country_code(value: str) -> str:
    """The ISO3 code of a country given by name, ISO2 or ISO3 code."""
    text = value.strip()
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        raise SelectionError(f"unknown country {value!r}: give an ISO3 code such as KGZ") from None
    return str(country.alpha_3)


def make_selection(
    *,
    region: str | None = None,
    countries: Iterable[str] | str | None = None,
    sectors: Iterable[str] | str | None = None,
    programme: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    kinds: Iterable[str] | str | None = None,
) -> Selection:
    """A checked selection from loose input (CLI options or query parameters); ``kinds``
    such as ``"commitment,disbursement"`` (default: commitments)."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise SelectionError(f"the period runs backwards: from {year_from} to {year_to}")
    try:
        wanted = parse_kinds(split_list(kinds)) or DEFAULT_KINDS
    except BadInput as exc:
        raise SelectionError(str(exc)) from None
    return Selection(
        region=(region or "").strip() or None,
        countries=tuple(country_code(c) for c in split_list(countries)),
        sectors=split_list(sectors),
        programme=(programme or "").strip() or None,
        year_from=year_from,
        year_to=year_to,
        kinds=wanted,
    )
