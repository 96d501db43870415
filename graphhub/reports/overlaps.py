"""Overlaps: country × sector cells where several donors fund projects in the same years.

Which cells overlap, and in which years, is the API's answer (``queries.funding.overlaps``);
this module adds, for each donor there, its projects in the cell and the years they run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphhub.reports.facts import Funding, Place, SharedCell


@dataclass(frozen=True)
class ActiveDonor:
    """A donor's projects in a cell and the years they run."""

    donor: str
    first_year: int | None
    last_year: int | None
    projects: tuple[tuple[str, str], ...]  # (project id, code or title)

    @property
    def period(self) -> str:
        """``2011–2014``, one year, or an empty string."""
        if self.first_year is None or self.last_year is None:
            return ""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


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
        if not self.years:
            return ""
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}–{last}"


def _span(funding: Funding) -> tuple[int | None, int | None]:
    first = funding.start_year if funding.start_year is not None else funding.year
    last = funding.end_year if funding.end_year is not None else funding.year
    return first, last if last is not None else first


def _active(
    donor: Place, cell: SharedCell, fundings: list[Funding], projects: dict[str, str]
) -> ActiveDonor:
    mine = [
        f for f in fundings
        if f.donor_id == donor.key and f.project_id in projects
        and any(c.key == cell.country.key for c in f.countries)
        and any(s.key == cell.sector.key for s in f.sectors)
    ]
    spans = [_span(f) for f in mine]
    firsts = [a for a, _ in spans if a is not None]
    lasts = [b for _, b in spans if b is not None]
    return ActiveDonor(
        donor=donor.name,
        first_year=min(firsts, default=None),
        last_year=max(lasts, default=None),
        projects=tuple(sorted({(f.project_id, projects[f.project_id]) for f in mine},
                              key=lambda p: p[1])),
    )


def describe_overlaps(cells: Iterable[SharedCell], fundings: Iterable[Funding]) -> tuple[
    Overlap, ...
]:
    """The API's overlapping cells with each donor's projects there, most crowded first."""
    rows = list(fundings)
    found = []
    for cell in cells:
        projects = {p.key: p.name for p in cell.projects}
        donors = tuple(
            sorted((_active(d, cell, rows, projects) for d in cell.donors), key=lambda a: a.donor)
        )
        found.append(Overlap(cell.country, cell.sector, tuple(sorted(cell.years)), donors))
    return tuple(
        sorted(found, key=lambda o: (-len(o.donors), -len(o.years), o.country.name, o.sector.name))
    )
