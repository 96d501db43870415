"""How concentrated a cell's funding is: top donor share, Herfindahl index, dependency."""

from __future__ import annotations

from dataclasses import dataclass

from graphhub.reports.figures import CellFigure

# A cell whose largest donor gives this share or more depends on that donor.
DEPENDENCY_SHARE = 0.8


@dataclass(frozen=True)
class Concentration:
    """Concentration of one cell's funding among its donors."""

    cell: CellFigure
    top_donor: str
    top_share: float  # 0..1
    herfindahl: float  # sum of squared shares, 0..1; 1 = a single donor
    dependent: bool

    @property
    def donors(self) -> int:
        """How many donors fund the cell."""
        return len(self.cell.donors)


def concentration(cell: CellFigure) -> Concentration | None:
    """The cell's concentration, or None when it has no funding in USD to share out."""
    if cell.amount_usd <= 0 or not cell.donors:
        return None
    shares = [d.amount_usd / cell.amount_usd for d in cell.donors]
    top = max(range(len(shares)), key=lambda i: shares[i])
    top_share = shares[top]
    return Concentration(
        cell=cell,
        top_donor=cell.donors[top].donor,
        top_share=round(top_share, 4),
        herfindahl=round(sum(s * s for s in shares), 4),
        dependent=top_share >= DEPENDENCY_SHARE,
    )


def concentrations(cells: tuple[CellFigure, ...]) -> tuple[Concentration, ...]:
    """Concentration of every funded cell, most concentrated first."""
    found = [c for c in (concentration(cell) for cell in cells) if c is not None]
    return tuple(
        sorted(found, key=lambda c: (-c.herfindahl, -c.cell.amount_usd, c.cell.country.name))
    )
