"""`graphhub demo` end to end: its own Neo4j, the demo data, the app, and Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import neo4j
import pytest

from graphhub.config import Settings
from graphhub.db import engine

GRAPHHUB = str(Path(sys.executable).with_name("graphhub"))


@pytest.mark.neo4j
@pytest.mark.model
def test_demo_serves_and_ctrl_c_stops_its_neo4j(tmp_path: Path) -> None:
    port, bolt = engine.free_port(), engine.free_port()
    env = {k: v for k, v in os.environ.items() if k != "GRAPHHUB_NEO4J_URI"}
    env.update(
        GRAPHHUB_STATE_DIR=str(tmp_path / "state"),
        GRAPHHUB_NEO4J_LOCAL_PORT=str(bolt),
        GRAPHHUB_NEO4J_HEAP_MB="768",
        GRAPHHUB_PORT=str(port),
        GRAPHHUB_API_KEYS="demo-test-key:partner",
    )
    demo = subprocess.Popen(
        [GRAPHHUB, "demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        health = None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and demo.poll() is None:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(1)
        assert health is not None, "the demo never served /health"
        assert health.json()["status"] == "ok"
        assert health.json()["neo4j"]["version"].startswith("5.26.")
        answer = httpx.post(
            f"{base}/graphql",
            json={"query": "{ __typename }"},
            headers={"Authorization": "Bearer demo-test-key"},
            timeout=10,
        )
        assert answer.json()["data"]["__typename"] == "Query"
        state = engine.read_state(tmp_path / "state")
        assert state is not None and engine.status(tmp_path / "state").running
    finally:
        demo.send_signal(signal.SIGINT)
        output, _ = demo.communicate(timeout=180)
    assert demo.returncode == 0, output
    assert "demo reports:" in output
    assert "sample donor-gap report" in output
    assert "stopped pid" in output
    assert not engine.status(tmp_path / "state").running
    assert not engine.port_in_use(bolt)


@pytest.mark.neo4j
@pytest.mark.model
def test_the_demo_loads_its_table_and_fiu_export_onto_the_reports_entities(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    from dataclasses import replace

    from graphhub.demo import load_demo

    settings = replace(neo4j_settings, state_dir=tmp_path / "state")
    summary = load_demo(driver, settings)
    assert "contributions.csv written" in summary and "transfers.csv written" in summary
    assert "error" not in summary
    database = neo4j_settings.neo4j_database
    records, _, _ = driver.execute_query(
        "MATCH (n:Company) WHERE n.name STARTS WITH 'Pamir Transit' "
        "RETURN count(n) AS companies, collect(size(n.sources))[0] AS sources",
        database_=database,
    )
    # One Pamir Transit LLC: named in the FIU notes and a party of the export.
    assert records[0]["companies"] == 1 and records[0]["sources"] >= 2
    funds, _, _ = driver.execute_query(
        "MATCH (:Organization)-[f:FUNDS]->(:Project {code: 'TAJ/K45'}) "
        "WHERE any(s IN f.sources WHERE EXISTS { MATCH (d:Document {id: s, kind: 'table'}) }) "
        "RETURN count(f) AS n",
        database_=database,
    )
    assert funds[0]["n"] >= 5
