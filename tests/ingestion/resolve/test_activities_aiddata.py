"""The AidData Afghanistan IATI subset loaded with a table derived from it (codes = the
identifiers' own codes): one Project per activity, and the figures of one source."""

from __future__ import annotations

import asyncio
import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.queries.double_counting import double_counting
from graphhub.queries.runner import Runner
from ingestion.load import load_file
from ingestion.resolve.activities import trailing_parts

pytestmark = [pytest.mark.neo4j, pytest.mark.shared_data]

SUBSET = "external/iati/examples/aiddata_afghanistan_aims_iati_1.04_subset.xml"
KINDS = {"C": "commitment", "D": "disbursement"}


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def derive_table(xml: Path, target: Path) -> int:
    """A contribution table of the activities with one funder: one row per transaction,
    coded by the identifier's shortest specific trailing part. Returns the activities."""
    activities = 0
    with target.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Donor", "Code", "Title", "Country", "Amount", "Currency", "Year", "Type"])
        for activity in ET.parse(xml).getroot().iter("iati-activity"):
            funders = [_text(o) for o in activity.iter("participating-org")
                       if o.get("role") == "Funding"]
            code = trailing_parts(_text(activity.find("iati-identifier")))[-1]
            if len(funders) != 1:
                continue
            rows = 0
            for transaction in activity.iter("transaction"):
                typed = transaction.find("transaction-type")
                kind = KINDS.get(typed.get("code", "")) if typed is not None else None
                value = transaction.find("value")
                if kind is None or value is None:
                    continue
                out.writerow([funders[0], code, _text(activity.find("title")), "AF", _text(value),
                              value.get("currency", "USD"), value.get("value-date", "")[:4], kind])
                rows += 1
            activities += 1 if rows else 0
    return activities


def _count(driver: neo4j.Driver, database: str, query: str) -> float:
    records, _, _ = driver.execute_query(query, database_=database)
    return float(records[0][0] or 0)


TOTAL = "MATCH (:Organization)-[f:FUNDS]->(:Project) RETURN sum(f.amount_usd)"
PROJECTS = "MATCH (p:Project) RETURN count(p)"


async def _check(settings: Settings) -> tuple[int, int, float]:
    driver = open_async_driver(settings)
    try:
        runner = Runner(driver, settings.neo4j_database, 60.0, restricted_ok=False)
        found = await double_counting(runner, settings.funding_precedence)
    finally:
        await driver.close()
    return len(found.activities), len(found.flows), found.excess_usd


def test_the_aiddata_subset_and_its_table_are_one_set_of_figures(
    driver: neo4j.Driver, neo4j_settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    xml = shared_data / SUBSET
    table = tmp_path / "aims-afghanistan.csv"
    tabled = derive_table(xml, table)
    assert load_file(driver, database, "iati", xml, classification="public").status == "written"
    iati_projects = _count(driver, database, PROJECTS)
    iati_total = _count(driver, database, TOTAL)
    report = load_file(driver, database, "contributions", table, classification="public")
    assert report.status == "written", report.failure
    both_total = _count(driver, database, TOTAL)
    assert _count(driver, database, PROJECTS) == iati_projects  # no activity twice
    activities, flows, excess = asyncio.run(_check(neo4j_settings))
    print(f"\nAidData subset: {iati_projects:.0f} projects, {tabled} in the derived table; "
          f"USD {iati_total:,.2f} from IATI alone, {both_total:,.2f} with the table; "
          f"{activities} activities in two sources, {flows} repeated flows, excess {excess:,.2f}")
    assert activities == tabled
    assert flows >= tabled
    # The table states what the XML states: every funding is one FUNDS of both formats.
    assert round(both_total, 2) == round(iati_total, 2)
    assert excess == 0.0
    records, _, _ = driver.execute_query(
        "MATCH (:Organization)-[f:FUNDS]->(:Project) WHERE f.amount IS NOT NULL "
        "RETURN f.source_kinds AS kinds, count(*) AS n", database_=database)
    by_kinds = {tuple(r["kinds"]): r["n"] for r in records}
    print(f"FUNDS by source kinds: {by_kinds}")
    assert set(by_kinds) <= {("contributions", "iati"), ("iati",)}
