"""OCHA FTS flows as CSV, loaded as contribution tables with the shipped mapping
(mappings/fts_flows.yaml), against the real FTS files of the shared data."""

from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pandas as pd
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC
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
