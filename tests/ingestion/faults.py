"""Helpers of the fault tests: real processes, killed for real, and the graph they leave."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j

GRAPHHUB = str(Path(sys.executable).with_name("graphhub"))
# Set in the environment of every process a fault test starts; children inherit it.
MARK = "GRAPHHUB_FAULT_TEST_MARK"


@dataclass
class Launched:
    """A ``graphhub`` command started in the background, its output in files."""

    proc: subprocess.Popen[bytes]
    out: Path
    err: Path
    mark: str  # the value of MARK in its environment, inherited by its children

    def output(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL, then reap it."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)


def environment(uri: str, password: str, state_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a command against ``uri``, marked so its processes can be found."""
    env = dict(os.environ)
    env.update(
        GRAPHHUB_NEO4J_URI=uri,
        GRAPHHUB_NEO4J_PASSWORD=password,
        GRAPHHUB_STATE_DIR=str(state_dir),
        GRAPHHUB_LOG_LEVEL="INFO",
        **extra,
    )
    env[MARK] = uuid.uuid4().hex
    return env


def launch(args: list[str], env: dict[str, str], work: Path) -> Launched:
    """Start ``graphhub <args>``; stdout and stderr go to files in ``work``."""
    tag = uuid.uuid4().hex[:8]
    out, err = work / f"{tag}.out", work / f"{tag}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            [GRAPHHUB, *args], env=env, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL
        )
    return Launched(proc, out, err, env[MARK])


def run(args: list[str], env: dict[str, str], work: Path, timeout: float = 300) -> Launched:
    """Run ``graphhub <args>`` to its end."""
    launched = launch(args, env, work)
    launched.proc.wait(timeout=timeout)
    return launched


def marked_processes(mark: str) -> list[int]:
    """Pids of live processes whose environment carries ``mark`` (zombies are not alive)."""
    found = []
    needle = f"{MARK}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_gone(mark: str, timeout: float = 10.0) -> list[int]:
    """Wait until no process carries ``mark``; the ones still there after ``timeout``."""
    deadline = time.monotonic() + timeout
    while (left := marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def wait_for(check: Callable[[], bool], launched: Launched, timeout: float = 120.0) -> None:
    """Poll ``check`` until it holds; fails if the command ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if launched.proc.poll() is not None:
            raise AssertionError(f"the command ended before the fault point:\n{launched.output()}")
        time.sleep(0.02)
    raise AssertionError(f"the fault point was not reached in {timeout:.0f}s")


def wipe(driver: neo4j.Driver) -> None:
    """Empty the graph in bounded transactions: relationships first (a busy party can hold
    thousands, too many for one transaction's memory), then nodes."""
    with driver.session() as session:
        session.run(
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
        ).consume()
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def scalar(driver: neo4j.Driver, query: str, **params: Any) -> Any:
    """The first value of the first row, or None on a server that cannot answer."""
    try:
        records, _, _ = driver.execute_query(query, params)
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired):
        return None
    return records[0][0] if records else None


def snapshot(driver: neo4j.Driver, parties: str, links: str) -> dict[str, Any]:
    """What a load or ingest put in the graph, runs aside: counts, ids and ends."""

    def rows(query: str) -> list[tuple[Any, ...]]:
        records, _, _ = driver.execute_query(query)
        return [tuple(r.values()) for r in records]

    return {
        "labels": rows(
            "MATCH (n) WHERE NOT n:IngestRun UNWIND labels(n) AS l "
            "RETURN l, count(*) ORDER BY l"
        ),
        "types": rows(
            "MATCH ()-[r]->() WHERE type(r) <> 'INGESTED' "
            "RETURN type(r), count(*) ORDER BY type(r)"
        ),
        "parties": rows(parties),
        "links": rows(links),
    }
