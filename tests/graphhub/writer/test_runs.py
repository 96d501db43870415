"""Run records: pid and host on every run; stale 'running' runs become 'interrupted'."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.writer.runs import finish_run, progress_run, start_run

pytestmark = pytest.mark.neo4j


def _gone_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_run_whose_process_is_gone_is_marked_interrupted_with_its_counts(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    assert start_run(driver, database, "run:dead", "load fiu-transfers x.csv") == []
    progress_run(driver, database, "run:dead", {"edges_TRANSFER": 5000})
    start_run(driver, database, "run:alive", "ingest docs")
    start_run(driver, database, "run:elsewhere", "ingest other")
    driver.execute_query(
        "MATCH (r:IngestRun {id: 'run:dead'}) SET r.pid = $pid", pid=_gone_pid(), database_=database
    )
    driver.execute_query(
        "MATCH (r:IngestRun {id: 'run:elsewhere'}) SET r.host = 'another-host', r.pid = 1",
        database_=database,
    )
    stale = start_run(driver, database, "run:next", "load fiu-transfers x.csv")
    assert [s.id for s in stale] == ["run:dead"]
    assert stale[0].progress["edges_TRANSFER"] == 5000
    line = stale[0].describe()
    assert "was interrupted" in line and "edges_TRANSFER 5,000" in line
    finish_run(driver, database, "run:next", {"errors": 0}, [])
    records, _, _ = driver.execute_query(
        "MATCH (r:IngestRun) RETURN r.id AS id, r.status AS status, r.pid AS pid, "
        "r.host AS host, r.edges_TRANSFER AS transfers ORDER BY r.id",
        database_=database,
    )
    runs = {r["id"]: r for r in records}
    assert {k: r["status"] for k, r in runs.items()} == {
        "run:alive": "running",  # this very process: alive
        "run:dead": "interrupted",
        "run:elsewhere": "running",  # another host's process cannot be checked from here
        "run:next": "ok",
    }
    assert runs["run:dead"]["transfers"] == 5000
    assert runs["run:next"]["pid"] == os.getpid()
    assert runs["run:next"]["host"] == socket.gethostname()
