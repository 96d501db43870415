"""One call builds and renders a report, through a public runner only."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.queries.runner import Runner
from graphhub.reports.build import ReportRequest, render_report, write_report
from graphhub.reports.selection import make_selection

from .conftest import Doc

pytestmark = pytest.mark.neo4j


async def test_render_report_reads_through_the_runner(
    central_asia: list[Doc], runner: Runner
) -> None:
    rendered = await render_report(runner, ReportRequest(make_selection(countries="TJK"), "md"))
    assert rendered.filename == "donor-gap.md"
    assert rendered.media_type.startswith("text/markdown")
    assert "Tajikistan" in rendered.body.decode("utf-8")
    assert rendered.report.figures.fundings == 3
    # Region-free: fundings, three who-funds-what groupings, the totals per kind, documents
    # and overlaps.
    assert runner.round_trips == 7


async def test_a_runner_that_sees_restricted_data_is_refused(
    central_asia: list[Doc], async_driver: neo4j.AsyncDriver, neo4j_settings: Settings
) -> None:
    analyst = Runner(async_driver, neo4j_settings.neo4j_database, 10.0, restricted_ok=True)
    with pytest.raises(ValueError, match="public data only"):
        await render_report(analyst, ReportRequest(make_selection(countries="TKM")))
    assert analyst.round_trips == 0


def test_write_report_opens_its_own_driver(
    central_asia: list[Doc], neo4j_settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.html"
    rendered = write_report(
        neo4j_settings, ReportRequest(make_selection(region="Central Asia")), target
    )
    assert target.read_bytes() == rendered.body
    assert "Shadow Donor" not in rendered.body.decode("utf-8")
