"""The shared FTS flow-search page (Afghanistan 2020): internal flows are onward money, and
the chains donor -> Afghanistan Humanitarian Fund -> partners are found."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.model import PUBLIC
from graphhub.queries import chains
from graphhub.queries.runner import Runner
from ingestion.load import load_file

pytestmark = [pytest.mark.neo4j, pytest.mark.shared_data]

FOLDER = ("external", "funding", "ocha_fts_afghanistan_2020")
PAGE = "fts_api_flow_custom-search_locationid-1_year-2020_page1.json"
FUND = "Afghanistan Humanitarian Fund"


def _names(node: Any) -> set[str]:
    """The names a node is known by: a government donor is shown by its country's name and
    keeps FTS's own spelling as an alias."""
    return {node.get("name"), *(node.get("aliases") or [])}


def _orgs(flow: dict, side: str) -> list[str]:
    return [o["name"] for o in flow[side] if o.get("type") == "Organization"]


async def _chains(settings: Settings, fund: str) -> chains.Page[chains.Chain]:
    driver = open_async_driver(settings)
    try:
        runner = Runner(driver, settings.neo4j_database, 60.0, restricted_ok=False)
        return await chains.funding_chains(runner, organization=fund, first=200)
    finally:
        await driver.close()


def test_fts_page_onward_flows_and_chains_through_the_pooled_fund(
    shared_data: Path, driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    path = shared_data.joinpath(*FOLDER, PAGE)
    if not path.is_file():
        pytest.skip(f"{path} not found")
    flows = json.loads(path.read_text(encoding="utf-8"))["data"]["flows"]
    internal = {f["id"] for f in flows if f.get("boundary") == "internal"}
    report = load_file(driver, neo4j_settings.neo4j_database, "fts", path,
                       classification=PUBLIC, state_dir=tmp_path)
    assert report.status == "written", report.failure
    records, _, _ = driver.execute_query(
        "MATCH (:Organization)-[f:FUNDS]->(:Project) "
        "RETURN f.flow_id AS flow, f.onward AS onward, f.boundary AS boundary",
        database_=neo4j_settings.neo4j_database,
    )
    onward = {r["flow"] for r in records if r["onward"]}
    loaded = {r["flow"] for r in records}
    # Every internal flow that loaded is onward money, and nothing else is.
    assert onward == internal & loaded and onward
    assert all(r["boundary"] == "internal" for r in records if r["onward"])

    [fund] = driver.execute_query(
        "MATCH (o:Organization {name: $name}) RETURN o.id AS id", name=FUND,
        database_=neo4j_settings.neo4j_database,
    ).records
    page = asyncio.run(_chains(neo4j_settings, fund["id"]))
    # Donors' incoming flows to the fund, times the fund's internal flows to partners
    # other than itself: every pair is one two-step chain (the page holds one level only).
    into_fund = [f for f in flows if f["id"] in loaded and f.get("boundary") == "incoming"
                 and FUND in _orgs(f, "destinationObjects")
                 and FUND not in _orgs(f, "sourceObjects")]
    # Two internal flows of the page name no recipient (parents whose child flows carry the
    # money): onward, but no step leads anywhere from them.
    out_of_fund = [f for f in flows if f["id"] in onward and FUND in _orgs(f, "sourceObjects")
                   and _orgs(f, "destinationObjects")
                   and FUND not in _orgs(f, "destinationObjects")]
    print(f"{len(into_fund)} flows into the fund, {len(out_of_fund)} out; {page.total} chains")
    assert into_fund and out_of_fund
    assert page.total == len(into_fund) * len(out_of_fund)
    assert all(c.pattern == "funds" and len(c.steps) == 2 for c in page.items)
    first_steps = Counter(c.steps[0].rel.get("flow_id") for c in page.items)
    assert all(n == len(out_of_fund) for n in first_steps.values())
    # The estimate: each step's amount times the donor's share of the fund's incoming
    # commitments and paid flows.
    incoming = sum(f["amountUSD"] for f in into_fund if f["status"] in ("commitment", "paid"))
    for chain in page.items:
        donor, grant = chain.steps
        given = sum(f["amountUSD"] for f in into_fund if f["status"] in ("commitment", "paid")
                    and _orgs(f, "sourceObjects")[0] in _names(donor.from_org))
        assert grant.share == pytest.approx(given / incoming)
        assert grant.estimate_usd == pytest.approx(grant.amount_usd * given / incoming)
