"""Building a donor-gap report and rendering it, in one call.

The CLI command, the HTTP route and the demo's sample report all come through here:
``render_report`` with a runner the caller owns (the HTTP route, on the app's driver), or
``write_report`` with settings, which opens its own driver and writes the file.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import neo4j

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.queries.errors import QueryTimeout
from graphhub.queries.runner import Runner
from graphhub.reports.errors import ReportTimeout
from graphhub.reports.facts import public_runner
from graphhub.reports.priorities import Priority
from graphhub.reports.render import MEDIA_TYPES, render
from graphhub.reports.report import DonorGapReport, build_report
from graphhub.reports.selection import Selection


@dataclass(frozen=True)
class ReportRequest:
    """What to report on and how: a selection, a format, priorities and templates."""

    selection: Selection
    fmt: str = "html"
    priorities: list[Priority] | None = None
    priorities_file: str | None = None  # the name the report gives the priorities
    templates: Path | None = None  # a folder of templates that override or extend ours


@dataclass(frozen=True)
class RenderedReport:
    """A built report and its rendering."""

    report: DonorGapReport
    fmt: str
    body: bytes

    @property
    def media_type(self) -> str:
        """The HTTP media type of ``body``."""
        return MEDIA_TYPES[self.fmt]

    @property
    def filename(self) -> str:
        """``donor-gap.<format>``."""
        return f"donor-gap.{self.fmt}"


def report_runner(driver: neo4j.AsyncDriver, settings: Settings) -> Runner:
    """The runner a report reads with: public data only, the settings' database and timeout."""
    return public_runner(driver, settings.neo4j_database, settings.query_timeout_s,
                         settings.funding_precedence)


async def render_report(runner: Runner, request: ReportRequest) -> RenderedReport:
    """Build the report ``request`` asks for through ``runner`` (public only) and render it.

    A query that runs past the runner's timeout is a ``ReportTimeout``.
    """
    try:
        report = await build_report(
            runner, request.selection, request.priorities, request.priorities_file
        )
    except QueryTimeout as exc:
        raise ReportTimeout(f"{request.selection.describe()}: {exc}") from None
    return RenderedReport(report, request.fmt, render(report, request.fmt, request.templates))


async def _render_on_own_driver(settings: Settings, request: ReportRequest) -> RenderedReport:
    driver = open_async_driver(settings)
    try:
        return await render_report(report_runner(driver, settings), request)
    finally:
        await driver.close()


def write_report(settings: Settings, request: ReportRequest, target: Path) -> RenderedReport:
    """Build, render and write the report to ``target``, on a driver of its own."""
    rendered = asyncio.run(_render_on_own_driver(settings, request))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(rendered.body)
    return rendered
