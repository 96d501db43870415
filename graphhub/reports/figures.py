"""The report's figures: funding by country × sector, by donor, by year and by project.

USD sums come from the API's who-funds-what rows (a funding of a project in several
countries or sectors is split evenly between them, so totals add up); the fundings list
adds which projects and donors stand behind each figure. Every sum is of the selection's
kinds of funding only; the totals of each kind stand apart (``kinds``). Fundings without a
USD amount are counted, never summed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graphhub.reports.facts import (
    Amount,
    Funding,
    KindTotal,
    Place,
    ProjectFacts,
    cell_in_scope,
)
from graphhub.reports.selection import Scope


@dataclass(frozen=True)
class DonorAmount:
    """A donor's share of some figure."""

    donor_id: str
    donor: str
    amount_usd: float


@dataclass(frozen=True)
class CellFigure:
    """Funding of one country × sector cell."""

    country: Place
    sector: Place
    amount_usd: float
    donors: tuple[DonorAmount, ...]  # largest first
    project_ids: tuple[str, ...]
    fundings: int
    first_year: int | None
    last_year: int | None

    @property
    def key(self) -> tuple[str, str]:
        """(ISO3, lower-cased sector name)."""
        return (self.country.key, self.sector.key)


@dataclass(frozen=True)
class DonorFigure:
    """What one donor gives in the selection."""

    donor_id: str
    donor: str
    amount_usd: float
    project_ids: tuple[str, ...]
    countries: tuple[str, ...]
    fundings: int


@dataclass(frozen=True)
class YearFigure:
    """Funding of one year (``year`` None: fundings that state no year)."""

    year: int | None
    amount_usd: float
    donors: int
    projects: int


@dataclass(frozen=True)
class ProjectFigure(ProjectFacts):
    """A project behind the figures, with its donors and sources."""

    donors: tuple[DonorAmount, ...]
    amount_usd: float
    sources: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The HTML id of the project's row."""
        return "project-" + "".join(ch if ch.isalnum() else "-" for ch in self.project_id)

    @property
    def period(self) -> str:
        """``2011–2014``, ``from 2011`` or an empty string."""
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return f"from {self.start_year}" if self.start_year else ""


@dataclass(frozen=True)
class Figures:
    """Everything counted from the fundings of a scope."""

    total_usd: float
    fundings: int
    without_usd: int
    cells: tuple[CellFigure, ...]
    donors: tuple[DonorFigure, ...]
    years: tuple[YearFigure, ...]
    projects: tuple[ProjectFigure, ...]
    kinds: tuple[KindTotal, ...] = ()  # every kind in the scope, each apart

    @property
    def empty(self) -> bool:
        """True when the scope has no funding at all."""
        return self.fundings == 0


def _usd(funding: Funding) -> float:
    return funding.amount_usd or 0.0


def _donor_amounts(amounts: dict[str, float], names: dict[str, str]) -> tuple[DonorAmount, ...]:
    return tuple(
        sorted(
            (DonorAmount(d, names[d], round(a, 2)) for d, a in amounts.items()),
            key=lambda x: (-x.amount_usd, x.donor),
        )
    )


def in_scope(place: Place, scope: Scope) -> bool:
    """Whether a project's country belongs to the scope's cells."""
    return scope.all_countries or place.key in scope.iso3


def _cells_of(funding: Funding, scope: Scope) -> list[tuple[str, str]]:
    return [
        (country.key, sector.key)
        for country in funding.countries
        for sector in funding.sectors
        if cell_in_scope(country, sector, scope)
    ]


def count_figures(
    fundings: Iterable[Funding],
    scope: Scope,
    cell_rows: Iterable[Amount],
    donor_rows: Iterable[Amount],
    year_rows: Iterable[Amount],
    kinds: Iterable[KindTotal] = (),
) -> Figures:
    """Put the API's sums (by cell; by donor and cell; by year and cell) and the fundings
    behind them together; fundings that do not count (onward, superseded) are left out."""
    rows = [f for f in fundings if f.counts]
    names = {f.donor_id: f.donor for f in rows}
    behind: dict[tuple[str, str], list[Funding]] = defaultdict(list)
    for funding in rows:
        for key in _cells_of(funding, scope):
            behind[key].append(funding)
    donor_cells: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    donor_totals: dict[str, float] = defaultdict(float)
    for amount in donor_rows:
        assert amount.donor and amount.country and amount.sector
        names.setdefault(amount.donor.key, amount.donor.name)
        donor_cells[(amount.country.key, amount.sector.key)][amount.donor.key] += amount.amount_usd
        donor_totals[amount.donor.key] += amount.amount_usd
    cells = []
    for amount in cell_rows:
        assert amount.country and amount.sector
        key = (amount.country.key, amount.sector.key)
        years = [f.year for f in behind[key] if f.year is not None]
        cells.append(
            CellFigure(
                country=amount.country,
                sector=amount.sector,
                amount_usd=amount.amount_usd,
                donors=_donor_amounts(donor_cells[key], names),
                project_ids=tuple(sorted({f.project_id for f in behind[key]})),
                fundings=amount.fundings,
                first_year=min(years, default=None),
                last_year=max(years, default=None),
            )
        )
    cells.sort(key=lambda c: (c.country.name, c.sector.name))
    year_totals: dict[int | None, float] = defaultdict(float)
    for amount in year_rows:
        year_totals[amount.year] += amount.amount_usd
    return Figures(
        total_usd=round(sum(c.amount_usd for c in cells), 2),
        fundings=len(rows),
        without_usd=sum(1 for f in rows if f.amount_usd is None),
        cells=tuple(cells),
        donors=_by_donor(rows, scope, donor_totals, names),
        years=_by_year(rows, year_totals),
        projects=_by_project(rows, names),
        kinds=tuple(kinds),
    )


def _by_donor(
    rows: list[Funding], scope: Scope, totals: dict[str, float], names: dict[str, str]
) -> tuple[DonorFigure, ...]:
    groups: dict[str, list[Funding]] = defaultdict(list)
    for funding in rows:
        groups[funding.donor_id].append(funding)
    figures = [
        DonorFigure(
            donor_id=donor_id,
            donor=names[donor_id],
            amount_usd=round(totals.get(donor_id, 0.0), 2),
            project_ids=tuple(sorted({f.project_id for f in group})),
            countries=tuple(
                sorted({c.name for f in group for c in f.countries if in_scope(c, scope)})
            ),
            fundings=len(group),
        )
        for donor_id, group in groups.items()
    ]
    return tuple(sorted(figures, key=lambda d: (-d.amount_usd, d.donor)))


def _by_year(rows: list[Funding], totals: dict[int | None, float]) -> tuple[YearFigure, ...]:
    groups: dict[int | None, list[Funding]] = defaultdict(list)
    for funding in rows:
        groups[funding.year].append(funding)
    figures = [
        YearFigure(
            year=year,
            amount_usd=round(totals.get(year, 0.0), 2),
            donors=len({f.donor_id for f in group}),
            projects=len({f.project_id for f in group}),
        )
        for year, group in groups.items()
    ]
    # Years in order; fundings without a year last.
    return tuple(sorted(figures, key=lambda y: (y.year is None, y.year or 0)))


def _by_project(rows: list[Funding], names: dict[str, str]) -> tuple[ProjectFigure, ...]:
    groups: dict[str, list[Funding]] = defaultdict(list)
    for funding in rows:
        groups[funding.project_id].append(funding)
    figures = []
    for project_id, group in groups.items():
        donors: dict[str, float] = defaultdict(float)
        for funding in group:
            donors[funding.donor_id] += _usd(funding)
        first = group[0]
        figures.append(
            ProjectFigure(
                project_id=project_id,
                code=first.code,
                title=first.title,
                status=first.status,
                start_year=first.start_year,
                end_year=first.end_year,
                countries=first.countries,
                sectors=first.sectors,
                donors=_donor_amounts(donors, names),
                amount_usd=round(sum(donors.values()), 2),
                sources=tuple(sorted({s for f in group for s in f.sources})),
            )
        )
    return tuple(sorted(figures, key=lambda p: (p.code or "~", p.title)))
