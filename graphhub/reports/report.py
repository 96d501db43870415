"""The donor-gap report as plain data: built from the graph, handed to the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from graphhub.queries.funding import GroupBy
from graphhub.queries.provenance import Document
from graphhub.queries.runner import Runner
from graphhub.reports.concentration import Concentration, concentrations
from graphhub.reports.facts import (
    fetch_amounts,
    fetch_documents,
    fetch_fundings,
    fetch_kind_totals,
    fetch_shared_cells,
    require_public,
)
from graphhub.reports.figures import Figures, ProjectFigure, count_figures
from graphhub.reports.gaps import GapAnalysis, find_gaps
from graphhub.reports.overlaps import Overlap, describe_overlaps
from graphhub.reports.priorities import Priority
from graphhub.reports.regions import resolve_scope
from graphhub.reports.selection import Scope, Selection


@dataclass(frozen=True)
class DonorGapReport:
    """Everything a donor-gap report shows, for one selection."""

    title: str
    scope: Scope
    figures: Figures
    gaps: GapAnalysis
    overlaps: tuple[Overlap, ...]
    concentrations: tuple[Concentration, ...]
    documents: tuple[Document, ...]  # newest first
    generated_at: str
    priorities_file: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    onward_left_out: int = 0  # fundings of onward money, counted where they came from
    superseded_left_out: int = 0  # fundings a better-ranked source states

    @property
    def counts(self) -> str:
        """What the figures sum: ``commitments``, ``commitments and disbursements``."""
        return self.selection.counts

    @property
    def selection(self) -> Selection:
        """The selection the report was asked for."""
        return self.scope.selection

    @property
    def empty(self) -> bool:
        """True when the selection has no public funding at all."""
        return self.figures.empty

    @property
    def latest_source(self) -> Document | None:
        """The most recently changed document behind the report."""
        dated = [d for d in self.documents if d.date]
        return max(dated, key=lambda d: d.date or "") if dated else None

    @property
    def documents_by_id(self) -> dict[str, Document]:
        """Documents keyed by id, for the project table's source links."""
        return {d.id: d for d in self.documents}

    @property
    def projects_by_id(self) -> dict[str, ProjectFigure]:
        """Projects keyed by id, for the links from cells to the projects behind them."""
        return {p.project_id: p for p in self.figures.projects}

    @property
    def dependent_cells(self) -> tuple[Concentration, ...]:
        """Cells that depend on one donor."""
        return tuple(c for c in self.concentrations if c.dependent)


async def build_report(
    runner: Runner,
    selection: Selection,
    priorities: list[Priority] | None = None,
    priorities_file: str | None = None,
    title: str | None = None,
) -> DonorGapReport:
    """Read the graph for a selection and compute the report's figures, gaps and overlaps.

    ``runner`` must not see restricted data (ValueError otherwise): a report is public.
    """
    require_public(runner)
    scope = await resolve_scope(runner, selection)
    every = await fetch_fundings(runner, scope)
    fundings = [f for f in every if f.counts]
    figures = count_figures(
        fundings,
        scope,
        cell_rows=await fetch_amounts(runner, scope, ()),
        donor_rows=await fetch_amounts(runner, scope, (GroupBy.DONOR,)),
        year_rows=await fetch_amounts(runner, scope, (GroupBy.YEAR,)),
        kinds=await fetch_kind_totals(runner, scope),
    )
    documents = await fetch_documents(runner, {s for f in fundings for s in f.sources})
    onward = sum(1 for f in every if f.onward and not f.superseded)
    superseded = sum(1 for f in every if f.superseded)
    notes = list(scope.notes)
    notes.append(
        f"every figure sums {selection.counts} only; other kinds of funding are shown apart "
        "on the first page and never added to them"
    )
    if onward:
        notes.append(
            f"{onward} fundings of onward money (an intermediary passing on what it received) "
            "are not counted again: the money counts where it came from"
        )
    if superseded:
        notes.append(
            f"{superseded} fundings that a better-ranked source also states (same project, "
            "kind and year) are corroboration and not counted"
        )
    if selection.programme:
        notes.append("overlaps consider every programme's projects in the selected cells")
    if figures.without_usd:
        notes.append(
            f"{figures.without_usd} of {figures.fundings} fundings state no amount convertible "
            "to USD; they are counted but not summed"
        )
    return DonorGapReport(
        title=title or f"Donor gaps: {selection.describe()}",
        scope=scope,
        figures=figures,
        gaps=find_gaps(figures.cells, scope, priorities),
        overlaps=describe_overlaps(await fetch_shared_cells(runner, scope), fundings),
        concentrations=concentrations(figures.cells),
        documents=tuple(documents),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        priorities_file=priorities_file,
        notes=tuple(notes),
        onward_left_out=onward,
        superseded_left_out=superseded,
    )
