"""The sample report that ``make demo`` writes from the demo data."""

from __future__ import annotations

from pathlib import Path

import neo4j

from graphhub.config import Settings
from graphhub.reports.build import ReportRequest, write_report
from graphhub.reports.priorities import load_priorities
from graphhub.reports.selection import make_selection

SAMPLE_PRIORITIES = Path(__file__).with_name("data") / "sample_priorities.yaml"


def write_sample_report(
    driver: neo4j.Driver, settings: Settings, out: Path | None = None, fmt: str = "html"
) -> Path:
    """Write the Central Asia donor-gap report of the loaded graph; returns its path.

    The report reads through the async query functions the API uses, so it opens its own
    async driver to the server ``settings`` name (the one ``driver`` talks to).
    """
    driver.verify_connectivity()
    target = out or settings.state_dir / "reports" / f"donor-gap-central-asia.{fmt}"
    request = ReportRequest(
        make_selection(region="Central Asia"), fmt,
        priorities=load_priorities(SAMPLE_PRIORITIES), priorities_file=SAMPLE_PRIORITIES.name,
    )
    write_report(settings, request, target)
    return target
