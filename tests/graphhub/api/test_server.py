"""A real `graphhub serve` process: a fragment bomb never stalls /health, SIGTERM stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from graphhub.config import Settings
from graphhub.db.engine import free_port
from tests.graphhub.api.conftest import TOKENS
from tests.graphhub.api.test_limits import fragment_bomb

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[3]
ANALYST = {"Authorization": f"Bearer {TOKENS['fiu_analyst']}"}
PARTNER = {"Authorization": f"Bearer {TOKENS['partner']}"}


@pytest.fixture
def server(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    # A dense web of restricted transfers: cycles through it keep Neo4j busy for seconds.
    database = neo4j_settings.neo4j_database
    driver.execute_query(
        """UNWIND range(1, 40) AS i CREATE (:Entity:Company {id: 'c' + i, name: 'C' + i,
           classification: 'restricted'})""", database_=database)
    driver.execute_query(
        """MATCH (a:Entity), (b:Entity) WHERE a <> b
           CREATE (a)-[:TRANSFER {id: a.id + '>' + b.id, amount_usd: 1.0,
                   classification: 'restricted'}]->(b)""", database_=database)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GRAPHHUB_NEO4J_URI": str(neo4j_settings.neo4j_uri),
        "GRAPHHUB_NEO4J_DATABASE": database,
        "GRAPHHUB_STATE_DIR": str(tmp_path / "state"),
        "GRAPHHUB_API_KEYS": ",".join(f"{token}:{role}" for role, token in TOKENS.items()),
        "GRAPHHUB_QUERY_TIMEOUT_S": "30",
        "GRAPHHUB_SHUTDOWN_GRACE_S": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "from graphhub.cli import main; main()", "serve",
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("graphhub serve did not answer /health within 60 s")
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _poll_health(url: str, stop: threading.Event, delays: list[float]) -> None:
    with httpx.Client(timeout=5) as client:
        while not stop.is_set():
            start = time.monotonic()
            try:
                ok = client.get(f"{url}/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            delays.append(time.monotonic() - start if ok else float("inf"))
            time.sleep(0.2)


def test_bombs_never_stall_health_and_sigterm_stops_the_server(
    server: tuple[subprocess.Popen[bytes], str],
) -> None:
    process, url = server
    delays: list[float] = []
    stop = threading.Event()
    poller = threading.Thread(target=_poll_health, args=(url, stop, delays), daemon=True)
    poller.start()
    slow: dict[str, Any] = {}

    def slow_query() -> None:  # in flight when SIGTERM comes
        try:
            slow["response"] = httpx.post(
                f"{url}/graphql", headers=ANALYST, timeout=60,
                json={"query": '{ cycles(entity: "c1", maxLength: 6, first: 5) { amountUsd } }'})
        except httpx.HTTPError as exc:
            slow["error"] = exc

    try:
        answers = []
        with httpx.Client(timeout=30) as client:
            start = time.monotonic()
            for levels in (30, 40, 60):
                response = client.post(f"{url}/graphql", headers=PARTNER,
                                       json={"query": fragment_bomb(levels)})
                answers.append(response)
            bombs_s = time.monotonic() - start
        worker = threading.Thread(target=slow_query, daemon=True)
        worker.start()
        time.sleep(2.5)  # /health keeps answering while Neo4j works on the slow query
    finally:
        stop.set()
        poller.join(timeout=10)
    for response in answers:
        assert response.status_code == 200
        assert {e["extensions"]["code"] for e in response.json()["errors"]} == {"BAD_INPUT"}
    assert bombs_s < 3, bombs_s
    assert len(delays) >= 5 and max(delays) < 1.0, delays
    assert "response" not in slow and "error" not in slow  # still running

    sigterm_at = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=15)
    stopped_s = time.monotonic() - sigterm_at
    worker.join(timeout=10)
    print(f"3 bombs answered in {bombs_s:.2f} s; /health max {max(delays):.3f} s over "
          f"{len(delays)} polls; stopped {stopped_s:.2f} s after SIGTERM")
    assert stopped_s < 5, stopped_s
