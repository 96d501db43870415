"""Ingestion runs in the graph: an ``IngestRun`` node per run, its progress and its end.

A run records its process (pid, host, start tick); the next run marks runs of this host
left 'running' by a process that is gone as 'interrupted', keeping their progress counts.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from graphhub.writer.cypher import cypher

log = logging.getLogger("graphhub.runs")

_LINK_RUN = cypher("link_run")
_START_RUN = cypher("start_run")

_RUNNING = cypher("running")

_INTERRUPT = cypher("interrupt")

_PROGRESS_RUN = cypher("progress_run")

_FINISH_RUN = cypher("finish_run")

# Properties of a run that say what it is, not how far it got.
_RUN_FIELDS = frozenset(
    {"id", "command", "started_at", "status", "pid", "host", "process_started", "errors",
     "progress_at", "interrupted_at", "finished_at", "interrupted_reason"}
)


@dataclass(frozen=True)
class InterruptedRun:
    """A run that was still 'running' although its process is gone, and what it had committed."""

    id: str
    command: str
    started_at: str
    progress: dict[str, Any]

    def describe(self) -> str:
        """One line for the next run to print."""
        counts = {k: v for k, v in self.progress.items() if isinstance(v, int) and k != "errors"}
        parts = [f"{k} {v:,}" for k, v in sorted(counts.items()) if k != "loaded_through_row"]
        if "loaded_through_row" in counts and self.progress.get("loading"):
            where = f"rows up to {counts['loaded_through_row']:,} of {self.progress['loading']}"
            parts.append(where)
        done = ", ".join(parts) or "nothing"
        return (
            f"previous run {self.id} ({self.command}, started {self.started_at}) was "
            f"interrupted; it had committed: {done}"
        )


def _process_started(pid: int) -> int | None:
    """When ``pid`` started, in clock ticks since boot (Linux); tells a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in brackets may hold spaces; the fields after it are plain.
    return int(stat.rsplit(")", 1)[1].split()[19])


def _process_alive(pid: int | None, started: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, but cannot be ours unless started matches
    now = _process_started(pid)
    return started is None or now is None or now == started


def interrupt_stale_runs(driver: neo4j.Driver, database: str, run_id: str) -> list[InterruptedRun]:
    """Mark runs of this host still 'running' whose process is gone as 'interrupted'."""
    host = socket.gethostname()
    records, _, _ = driver.execute_query(_RUNNING, id=run_id, database_=database)
    stale: list[InterruptedRun] = []
    for record in records:
        if record["host"] not in (None, host):
            continue  # another machine's run: its process cannot be checked from here
        if _process_alive(record["pid"], record["process_started"]):
            continue
        reason = f"interrupted: its process (pid {record['pid']} on {host}) is gone"
        marked, _, _ = driver.execute_query(
            _INTERRUPT, id=record["id"], now=now(), reason=reason, database_=database
        )
        if not marked:
            continue  # another new run marked it first
        progress = {k: v for k, v in record["props"].items() if k not in _RUN_FIELDS}
        run = InterruptedRun(
            str(record["id"]), str(record["command"]), str(record["started_at"]), progress
        )
        log.warning(run.describe())
        stale.append(run)
    return stale


def start_run(
    driver: neo4j.Driver, database: str, run_id: str, command: str
) -> list[InterruptedRun]:
    """Record the start of an ingestion run (with its pid and host).

    Runs of this host left 'running' by a process that is gone are marked 'interrupted'
    first (their progress counts stay) and returned, each also logged.
    """
    stale = interrupt_stale_runs(driver, database, run_id)
    pid = os.getpid()
    driver.execute_query(
        _START_RUN,
        id=run_id,
        command=command,
        now=now(),
        pid=pid,
        host=socket.gethostname(),
        process_started=_process_started(pid),
        database_=database,
    )
    return stale


def progress_run(driver: neo4j.Driver, database: str, run_id: str, counts: dict[str, int]) -> None:
    """Record how far a run has got, so that an interrupted run still shows its counts."""
    driver.execute_query(_PROGRESS_RUN, id=run_id, counts=counts, now=now(), database_=database)


def finish_run(
    driver: neo4j.Driver,
    database: str,
    run_id: str,
    counts: dict[str, int],
    errors: list[str],
) -> None:
    """Record a run's counts and errors; its status says whether anything failed."""
    driver.execute_query(
        _FINISH_RUN,
        id=run_id,
        counts=counts,
        errors=errors,
        status="failed" if errors else "ok",
        now=now(),
        database_=database,
    )


def link_run(tx: neo4j.ManagedTransaction, run_id: str, doc_ids: list[str]) -> None:
    """Link a run to the documents it wrote (in the transaction that writes them)."""
    tx.run(_LINK_RUN, run=run_id, docs=doc_ids).consume()


def now() -> str:
    """The time now, as the graph stores it (UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
