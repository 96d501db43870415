"""What ``graphhub report donor-gap`` does, apart from parsing its options."""

from __future__ import annotations

import asyncio
from pathlib import Path

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.reports.priorities import Priority, load_priorities
from graphhub.reports.render import render
from graphhub.reports.report import DonorGapReport, build_report
from graphhub.reports.selection import Selection, make_selection


def summary_line(report: DonorGapReport) -> str:
    """One line for the terminal: what the report found."""
    if report.empty:
        return f"no data for {report.selection.describe()}"
    figures = report.figures
    return (
        f"{report.selection.describe()}: USD {figures.total_usd:,.0f} in {figures.fundings} "
        f"fundings, {len(figures.donors)} donors, {len(figures.projects)} projects; "
        f"{len(report.gaps.gaps)} gaps, {len(report.overlaps)} overlaps, "
        f"{len(report.dependent_cells)} single-donor cells; {len(report.documents)} documents"
    )


async def _build(
    settings: Settings, selection: Selection, priorities: list[Priority] | None,
    priorities_file: str | None,
) -> DonorGapReport:
    driver = open_async_driver(settings)
    try:
        return await build_report(
            driver, settings.neo4j_database, selection, priorities, priorities_file,
            timeout_s=settings.query_timeout_s,
        )
    finally:
        await driver.close()


def donor_gap_report(
    settings: Settings,
    *,
    region: str | None = None,
    countries: str | None = None,
    sectors: str | None = None,
    programme: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    priorities: Path | None = None,
    fmt: str = "html",
    output: Path | None = None,
    templates: Path | None = None,
) -> tuple[Path, str]:
    """Build, render and write the report; returns where it went and a summary line."""
    selection = make_selection(
        region=region, countries=countries, sectors=sectors, programme=programme,
        year_from=year_from, year_to=year_to,
    )
    wanted = load_priorities(priorities) if priorities else None
    report = asyncio.run(
        _build(settings, selection, wanted, priorities.name if priorities else None)
    )
    body = render(report, fmt, templates)
    target = output or Path(f"donor-gap.{fmt}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    return target, summary_line(report)
