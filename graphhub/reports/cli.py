"""What ``graphhub report donor-gap`` does, apart from parsing its options."""

from __future__ import annotations

from pathlib import Path

from graphhub.config import Settings
from graphhub.reports.build import ReportRequest, write_report
from graphhub.reports.priorities import load_priorities
from graphhub.reports.report import DonorGapReport
from graphhub.reports.selection import make_selection


def summary_line(report: DonorGapReport) -> str:
    """One line for the terminal: what the report found."""
    if report.empty:
        return f"no data for {report.selection.describe()}"
    figures = report.figures
    return (
        f"{report.selection.describe()}: USD {figures.total_usd:,.0f} of {report.counts} in "
        f"{figures.fundings} "
        f"fundings, {len(figures.donors)} donors, {len(figures.projects)} projects; "
        f"{len(report.gaps.gaps)} gaps, {len(report.overlaps)} overlaps, "
        f"{len(report.dependent_cells)} single-donor cells; {len(report.documents)} documents"
    )


def donor_gap_report(
    settings: Settings,
    *,
    region: str | None = None,
    countries: str | None = None,
    sectors: str | None = None,
    programme: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    kinds: str | None = None,
    priorities: Path | None = None,
    fmt: str = "html",
    output: Path | None = None,
    templates: Path | None = None,
) -> tuple[Path, str]:
    """Build, render and write the report; returns where it went and a summary line."""
    selection = make_selection(
        region=region, countries=countries, sectors=sectors, programme=programme,
        year_from=year_from, year_to=year_to, kinds=kinds,
    )
    request = ReportRequest(
        selection, fmt,
        priorities=load_priorities(priorities) if priorities else None,
        priorities_file=priorities.name if priorities else None,
        templates=templates,
    )
    target = output or Path(f"donor-gap.{fmt}")
    rendered = write_report(settings, request, target)
    return target, summary_line(rendered.report)
