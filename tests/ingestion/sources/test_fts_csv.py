"""OCHA FTS flows as CSV, loaded as contribution tables with the shipped mapping
(mappings/fts_flows.yaml), against the real FTS files of the shared data."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import neo4j
import pandas as pd
import pytest

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.model import PUBLIC
from graphhub.queries.filters import FundingFilter
from graphhub.queries.funding import FundingRow, GroupBy, who_funds_what
from graphhub.queries.kinds import FundingKind
from graphhub.queries.runner import Runner
from ingestion.load import load_file
from ingestion.run import Run

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]
MAPPING = ROOT / "mappings" / "fts_flows.yaml"
FTS = Path("external/funding/ocha_fts_afghanistan_2020")

PER_DONOR = """
MATCH (d:Organization)-[f:FUNDS]->(:Project)
RETURN d.name AS name, coalesce(d.aliases, []) AS aliases, sum(f.amount) AS total,
       count(f) AS fundings
"""


def _load(driver: neo4j.Driver, database: str, path: Path, state: Path) -> list[dict[str, str]]:
    """Load one FTS CSV; the rows it refused, as the run's errors file lists them."""
    run = Run.start(driver, database, state, f"load {path.name}")
    report = load_file(
        driver, database, "contributions", path, run=run, mapping=MAPPING, classification=PUBLIC
    )
    run.finish(driver, database)
    assert report.status == "written", report.failure
    if not run.errors_file.path.exists():
        return []
    with run.errors_file.path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_incoming_flows_total_per_donor_as_the_file_says(
    driver: neo4j.Driver, neo4j_settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = shared_data / FTS / "fts_incoming_funding_afg.csv"
    refused = _load(driver, database, path, tmp_path / "state")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["usd"] = frame["amountUSD"].astype(float)

    for row in refused:
        print(f"refused: row {row['row']}, {row['column']}: {row['reason']}")
    # Only flows without a donor or with an amount of 0 are refused, each with its reason.
    expected = {
        i + 2: ("srcOrganization" if not r.srcOrganization else "amountUSD")
        for i, r in enumerate(frame.itertuples())
        if not r.srcOrganization or r.usd == 0
    }
    assert {int(r["row"]): r["column"] for r in refused} == expected
    assert all(r["reason"] for r in refused)
    # The flow to Afghanistan and Jordan is split between them, not refused.
    split_row = int(frame.index[frame["destLocations"] == "AFG,JOR"][0]) + 2
    assert split_row not in expected
    countries = driver.execute_query(
        "MATCH ()-[f:FUNDS {flow_id: $id}]->() RETURN f.country AS c, f.amount AS a, "
        "f.split_by AS by ORDER BY c",
        id=frame.loc[split_row - 2, "id"],
        database_=database,
    ).records
    assert [(r["c"], r["by"]) for r in countries] == [("AFG", ["country"]), ("JOR", ["country"])]
    assert sum(r["a"] for r in countries) == frame.loc[split_row - 2, "usd"]

    in_file = frame[frame["srcOrganization"] != ""].groupby("srcOrganization")["usd"].sum()
    records = driver.execute_query(PER_DONOR, database_=database).records
    by_name: dict[str, float] = {}
    for record in records:
        for name in [record["name"], *record["aliases"]]:
            by_name[name] = record["total"]
    donors = [d for d, usd in in_file.items() if usd > 0]
    assert len(records) == len(donors)  # no two donors of the file became one
    for donor in donors:
        assert by_name.get(donor) == pytest.approx(in_file[donor], abs=0.01), donor


def test_internal_flows_are_onward_money(
    driver: neo4j.Driver, neo4j_settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = shared_data / FTS / "fts_internal_funding_afg.csv"
    refused = _load(driver, database, path, tmp_path / "state")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    loaded = int((frame["amountUSD"].astype(float) > 0).sum())
    assert len(refused) == len(frame) - loaded
    flows = driver.execute_query(
        "MATCH ()-[f:FUNDS]->() RETURN f.onward AS onward, f.boundary AS boundary, "
        "count(DISTINCT f.flow_id) AS flows",
        database_=database,
    ).records
    assert [(r["onward"], r["boundary"], r["flows"]) for r in flows] == [(True, "internal", loaded)]
    # A flow without a destination project is a project of its own, as the FTS reader keys it.
    codes = driver.execute_query(
        "MATCH (p:Project) RETURN count(p) AS n, all(c IN collect(p.code) "
        "WHERE c STARTS WITH 'fts:flow:') AS keyed",
        database_=database,
    ).records[0]
    assert codes["n"] == loaded and codes["keyed"]


async def _by(settings: Settings, group: GroupBy) -> list[FundingRow]:
    # In FTS every flow is one flow whatever its status: its "funding" is commitments and
    # paid contributions together, which the caller asks for by naming both kinds.
    kinds = [FundingKind.COMMITMENT, FundingKind.DISBURSEMENT, FundingKind.PLEDGE]
    driver = open_async_driver(settings)
    try:
        runner = Runner(driver, settings.neo4j_database, 60.0, restricted_ok=False)
        return await who_funds_what(runner, [group], FundingFilter(kinds=kinds))
    finally:
        await driver.close()


def test_donor_totals_count_the_pooled_fund_chain_once(
    driver: neo4j.Driver, neo4j_settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    """Incoming and internal flows loaded together: donors' totals are the incoming file's
    own, the fund's grants to its partners are not counted again as donor money, and by
    implementer the partners are credited with what reached them."""
    database = neo4j_settings.neo4j_database
    incoming_path = shared_data / FTS / "fts_incoming_funding_afg.csv"
    internal_path = shared_data / FTS / "fts_internal_funding_afg.csv"
    _load(driver, database, incoming_path, tmp_path / "state")
    _load(driver, database, internal_path, tmp_path / "state")
    incoming = pd.read_csv(incoming_path, dtype=str, keep_default_na=False)
    internal = pd.read_csv(internal_path, dtype=str, keep_default_na=False)
    for frame in (incoming, internal):
        frame["usd"] = frame["amountUSD"].astype(float)

    rows = asyncio.run(_by(neo4j_settings, GroupBy.DONOR))
    counted = {row.donor.id: row for row in rows if row.donor is not None}
    assert sum(row.amount_usd or 0.0 for row in rows) == pytest.approx(
        incoming["usd"][incoming["srcOrganization"] != ""].sum(), abs=0.01
    )
    records = driver.execute_query(PER_DONOR.replace("RETURN", "RETURN d.id AS id,"),
                                   database_=database).records
    names = {r["id"]: {r["name"], *r["aliases"]} for r in records}
    in_file = incoming[incoming["srcOrganization"] != ""].groupby("srcOrganization")["usd"].sum()
    for donor_id, row in counted.items():
        given = sum(usd for name, usd in in_file.items() if name in names[donor_id])
        assert (row.amount_usd or 0.0) == pytest.approx(given, abs=0.01), names[donor_id]
    # The fund gives only onward money: none of it is counted, all of it is reported beside.
    fund = next(row for row in rows if row.donor is not None
                and row.donor.name == "Afghanistan Humanitarian Fund")
    fund_grants = internal[internal["srcOrganization"] == "Afghanistan Humanitarian Fund"]
    assert (fund.amount_usd or 0.0) == 0.0
    assert fund.onward_usd == pytest.approx(fund_grants["usd"].sum(), abs=0.01)

    # By implementer, onward money counts where it arrived: every partner's total is what
    # the incoming and internal files say reached it.
    by_implementer = asyncio.run(_by(neo4j_settings, GroupBy.IMPLEMENTER))
    reached = pd.concat([incoming, internal]).groupby("destOrganization")["usd"].sum()
    totals = {row.implementer.name: row.amount_usd or 0.0
              for row in by_implementer if row.implementer is not None}
    for name in ("Action Contre la Faim", "World Food Programme"):
        assert totals[name] == pytest.approx(reached[name], abs=0.01), name
