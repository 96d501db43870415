"""Gaps: priority cells that get little or no funding.

Two rules, and every gap says which it used:

- ``target``: the priorities file gives ``target_usd``; the gap is target minus funded.
- ``median``: no target; the cell is compared with the median funding of its sector across
  the selection's countries (countries without funding in the sector count as zero).

Without a priorities file every country × sector of the selection is measured against the
median rule and those below it are listed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

import pycountry

from graphhub.reports.facts import Place, sector_matches
from graphhub.reports.figures import CellFigure
from graphhub.reports.priorities import Priority
from graphhub.reports.selection import Scope

TARGET = "target"
MEDIAN = "median"
UNFUNDED = "unfunded"
UNDER = "under-funded"
MET = "met"


@dataclass(frozen=True)
class Gap:
    """How one cell compares with what it should get."""

    country: Place
    sector: Place
    priority: Priority | None
    funded_usd: float
    rule: str  # TARGET or MEDIAN
    reference_usd: float  # the target, or the sector's median across the selection
    gap_usd: float  # reference minus funded, never below zero
    status: str  # UNFUNDED, UNDER or MET
    donors: tuple[str, ...]
    project_ids: tuple[str, ...]

    @property
    def rule_text(self) -> str:
        """What the reference figure is, in words."""
        if self.rule == TARGET:
            return "target from the priorities file"
        return f"median funding of {self.sector.name} across the selected countries"


@dataclass(frozen=True)
class GapAnalysis:
    """All gaps of a report and what was left out."""

    gaps: tuple[Gap, ...]
    with_priorities: bool
    ignored: tuple[Priority, ...]  # priorities outside the selection

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules used, in a fixed order."""
        used = {g.rule for g in self.gaps}
        return tuple(rule for rule in (TARGET, MEDIAN) if rule in used)


def country_place(iso3: str, cells: Iterable[CellFigure]) -> Place:
    """The country as the graph names it, else as ISO 3166 does."""
    for cell in cells:
        if cell.country.key == iso3:
            return cell.country
    found = pycountry.countries.get(alpha_3=iso3)
    return Place(iso3, str(getattr(found, "common_name", None) or found.name) if found else iso3)


def _scope_countries(scope: Scope, cells: tuple[CellFigure, ...]) -> list[str]:
    if not scope.all_countries:
        return list(scope.iso3)
    return sorted({c.country.key for c in cells if c.country.key != "unspecified"})


def sector_median(sector: Place, countries: list[str], cells: tuple[CellFigure, ...]) -> float:
    """Median funding of a sector over the countries, zero where a country has none."""
    if not countries:
        return 0.0
    funded = {c.country.key: c.amount_usd for c in cells if c.sector.key == sector.key}
    return float(statistics.median(funded.get(iso3, 0.0) for iso3 in countries))


def _status(funded: float, reference: float) -> str:
    if funded <= 0:
        return UNFUNDED
    return MET if funded >= reference else UNDER


def _gap(
    country: Place, sector: Place, priority: Priority | None, cell: CellFigure | None,
    rule: str, reference: float,
) -> Gap:
    funded = cell.amount_usd if cell else 0.0
    return Gap(
        country=country,
        sector=sector,
        priority=priority,
        funded_usd=funded,
        rule=rule,
        reference_usd=round(reference, 2),
        gap_usd=round(max(reference - funded, 0.0), 2),
        status=_status(funded, reference),
        donors=tuple(d.donor for d in cell.donors) if cell else (),
        project_ids=cell.project_ids if cell else (),
    )


def find_gaps(
    cells: tuple[CellFigure, ...], scope: Scope, priorities: list[Priority] | None
) -> GapAnalysis:
    """Measure priority cells (or, without priorities, every cell) against targets or medians."""
    countries = _scope_countries(scope, cells)
    sectors = {c.sector.key: c.sector for c in cells if c.sector.key != "unspecified"}
    if priorities is None:
        gaps = []
        for sector in sorted(sectors.values(), key=lambda s: s.name):
            median = sector_median(sector, countries, cells)
            for iso3 in countries:
                cell = next((c for c in cells if c.key == (iso3, sector.key)), None)
                gap = _gap(country_place(iso3, cells), sector, None, cell, MEDIAN, median)
                if gap.status != MET:
                    gaps.append(gap)
        gaps.sort(key=lambda g: (g.funded_usd, -g.gap_usd, g.country.name, g.sector.name))
        return GapAnalysis(tuple(gaps), with_priorities=False, ignored=())
    found: list[Gap] = []
    ignored: list[Priority] = []
    for priority in priorities:
        sector = next(
            (s for s in sectors.values() if sector_matches(s, priority.sector)),
            Place(priority.sector.lower(), priority.sector),
        )
        selected_sector = not scope.selection.sectors or any(
            sector_matches(sector, wanted) for wanted in scope.selection.sectors
        )
        in_countries = scope.all_countries or priority.country in countries
        if not in_countries or not selected_sector:
            ignored.append(priority)
            continue
        cell = next((c for c in cells if c.key == (priority.country, sector.key)), None)
        if priority.target_usd is not None:
            rule, reference = TARGET, priority.target_usd
        else:
            rule, reference = MEDIAN, sector_median(sector, countries, cells)
        found.append(
            _gap(country_place(priority.country, cells), sector, priority, cell, rule, reference)
        )
    order = {UNFUNDED: 0, UNDER: 1, MET: 2}
    found.sort(
        key=lambda g: (
            g.priority.level if g.priority else 9, order[g.status], -g.gap_usd, g.country.name
        )
    )
    return GapAnalysis(tuple(found), with_priorities=True, ignored=tuple(ignored))
