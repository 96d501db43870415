"""The sample report that ``make demo`` writes from the demo data."""

from __future__ import annotations

import asyncio
from pathlib import Path

import neo4j

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.reports.priorities import load_priorities
from graphhub.reports.render import render
from graphhub.reports.report import build_report
from graphhub.reports.selection import make_selection

SAMPLE_PRIORITIES = Path(__file__).with_name("data") / "sample_priorities.yaml"


async def _sample(settings: Settings, out: Path, fmt: str) -> Path:
    selection = make_selection(region="Central Asia")
    driver = open_async_driver(settings)
    try:
        report = await build_report(
            driver, settings.neo4j_database, selection,
            load_priorities(SAMPLE_PRIORITIES), priorities_file=SAMPLE_PRIORITIES.name,
            timeout_s=settings.query_timeout_s,
        )
    finally:
        await driver.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render(report, fmt))
    return out


def write_sample_report(
    driver: neo4j.Driver, settings: Settings, out: Path | None = None, fmt: str = "html"
) -> Path:
    """Write the Central Asia donor-gap report of the loaded graph; returns its path.

    The report reads through the async query functions the API uses, so it opens its own
    async driver to the server ``settings`` name (the one ``driver`` talks to).
    """
    driver.verify_connectivity()
    target = out or settings.state_dir / "reports" / f"donor-gap-central-asia.{fmt}"
    return asyncio.run(_sample(settings, target, fmt))
