"""A contribution table whose ``boundary`` column marks internal flows: donor -> pooled fund
-> partners, loaded with a mapping (``columns: {boundary: boundary}``) and traced as chains.

The ``boundary`` field of contribution tables (internal rows are onward money) is part of
the shared data contract; until the table reader has it, this test says so and skips.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.model import PUBLIC
from graphhub.queries import chains
from graphhub.queries.runner import Runner
from ingestion.load import load_file
from ingestion.sources import tables

pytestmark = pytest.mark.neo4j

TABLE = """donor,project,amount,currency,year,kind,implementer,boundary
Eastern Relief Office,Lake fund 2021,2000000,USD,2021,paid,Lake Pooled Fund,incoming
Western Aid Bureau,Lake fund 2021,1000000,USD,2021,paid,Lake Pooled Fund,incoming
Lake Pooled Fund,Wells in the north,900000,USD,2021,paid,Clearwater Partners,internal
Lake Pooled Fund,Schools in the south,300000,USD,2021,paid,Bright Slate Trust,internal
"""


async def _chains(settings: Settings, donor: str) -> chains.Page[chains.Chain]:
    driver = open_async_driver(settings)
    try:
        runner = Runner(driver, settings.neo4j_database, 60.0, restricted_ok=False)
        return await chains.funding_chains(runner, donor=donor)
    finally:
        await driver.close()


@pytest.mark.skipif("boundary" not in tables.FIELDS,
                    reason="contribution tables have no boundary field yet")
def test_internal_rows_make_chains(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    table, mapping = tmp_path / "lake.csv", tmp_path / "lake.yaml"
    table.write_text(TABLE, encoding="utf-8")
    mapping.write_text("columns:\n  boundary: boundary\n", encoding="utf-8")
    report = load_file(driver, neo4j_settings.neo4j_database, "contributions", table,
                       classification=PUBLIC, mapping=mapping, state_dir=tmp_path)
    assert report.status == "written", report.failure
    database = neo4j_settings.neo4j_database
    records, _, _ = driver.execute_query(
        "MATCH (d:Organization)-[f:FUNDS]->(:Project) RETURN d.name AS donor, "
        "coalesce(f.onward, false) AS onward ORDER BY donor", database_=database)
    assert [tuple(r.values()) for r in records] == [
        ("Eastern Relief Office", False), ("Lake Pooled Fund", True),
        ("Lake Pooled Fund", True), ("Western Aid Bureau", False)]
    [east] = driver.execute_query(
        "MATCH (o:Organization {name: 'Eastern Relief Office'}) RETURN o.id AS id",
        database_=database).records
    page = asyncio.run(_chains(neo4j_settings, east["id"]))
    assert [[(s.from_name, s.to_name, s.amount_usd) for s in c.steps] for c in page.items] == [
        [("Eastern Relief Office", "Lake Pooled Fund", 2_000_000.0),
         ("Lake Pooled Fund", "Clearwater Partners", 900_000.0)],
        [("Eastern Relief Office", "Lake Pooled Fund", 2_000_000.0),
         ("Lake Pooled Fund", "Bright Slate Trust", 300_000.0)],
    ]
    # Eastern gave two thirds of the fund's incoming money.
    assert [c.steps[1].estimate_usd for c in page.items] == [
        pytest.approx(600_000.0), pytest.approx(200_000.0)]
