"""Overlaps: country × sector cells where several donors fund projects in the same years.

A donor is active in a cell over the years of its projects there (start to end year, or
the years of its fundings when a project states no period). A cell overlaps when at least
``min_donors`` donors are active in one year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graphhub.reports.data import Funding, Place
from graphhub.reports.figures import in_scope
from graphhub.reports.selection import Scope


@dataclass(frozen=True)
class ActiveDonor:
    """A donor's projects in a cell and the years they run."""

    donor: str
    first_year: int
    last_year: int
    projects: tuple[tuple[str, str], ...]  # (project id, code or title)


@dataclass(frozen=True)
class Overlap:
    """A cell where donors meet, with the shared years and the projects involved."""

    country: Place
    sector: Place
    years: tuple[int, ...]
    donors: tuple[ActiveDonor, ...]

    @property
    def period(self) -> str:
        """``2011–2013`` (first to last shared year)."""
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}–{last}"


def _span(funding: Funding) -> tuple[int, int] | None:
    first = funding.start_year if funding.start_year is not None else funding.year
    last = funding.end_year if funding.end_year is not None else funding.year
    if first is None and last is None:
        return None
    first = first if first is not None else last
    last = last if last is not None else first
    assert first is not None and last is not None
    return (min(first, last), max(first, last))


def find_overlaps(
    fundings: Iterable[Funding], scope: Scope, min_donors: int = 2
) -> tuple[Overlap, ...]:
    """Cells with ``min_donors`` or more donors active in the same year, most crowded first."""
    spans: dict[tuple[str, str], dict[str, list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    projects: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    places: dict[tuple[str, str], tuple[Place, Place]] = {}
    names: dict[str, str] = {}
    for funding in fundings:
        span = _span(funding)
        if span is None:
            continue
        names[funding.donor_id] = funding.donor
        for country in funding.countries:
            if not in_scope(country, scope):
                continue
            for sector in funding.sectors:
                key = (country.key, sector.key)
                places[key] = (country, sector)
                spans[key][funding.donor_id].append(span)
                projects[key][funding.donor_id][funding.project_id] = (
                    funding.code or funding.title
                )
    found: list[Overlap] = []
    for key, by_donor in spans.items():
        if len(by_donor) < min_donors:
            continue
        active: dict[int, set[str]] = defaultdict(set)
        for donor_id, donor_spans in by_donor.items():
            for first, last in donor_spans:
                for year in range(first, last + 1):
                    active[year].add(donor_id)
        shared = sorted(year for year, donors in active.items() if len(donors) >= min_donors)
        if not shared:
            continue
        involved = {d for year in shared for d in active[year]}
        donors = tuple(
            sorted(
                (
                    ActiveDonor(
                        donor=names[d],
                        first_year=min(s[0] for s in by_donor[d]),
                        last_year=max(s[1] for s in by_donor[d]),
                        projects=tuple(sorted(projects[key][d].items(), key=lambda p: p[1])),
                    )
                    for d in involved
                ),
                key=lambda a: a.donor,
            )
        )
        found.append(Overlap(places[key][0], places[key][1], tuple(shared), donors))
    return tuple(
        sorted(found, key=lambda o: (-len(o.donors), -len(o.years), o.country.name, o.sector.name))
    )
