"""Interrupted FIU loads at scale: kill the loader, stop Neo4j, kill its Java; then rerun.

    python benchmarks/load_faults.py --transfers 300000 --entities 30000 --seed 7

Generates the export, starts a fresh local Neo4j and loads the file once with
``graphhub load fiu-transfers`` (the clean graph: persons, companies, every party
id, every transfer's ends). Then for each fault — the loader killed with SIGKILL
at 75k rows, the engine stopped at 50k, the engine's Java killed with SIGKILL at
25k (the same shares of a smaller file) — it empties the graph, loads until the
fault row is committed, applies the fault (starting the engine again on the same
data), reruns the load and compares
with the clean graph. Prints, per fault: the rows committed before it, parties
missing or extra, transfers whose ends differ, the rerun's seconds, and the peak
RSS of the loader processes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphhub.config import Settings  # noqa: E402
from graphhub.db import engine  # noqa: E402
from graphhub.db.driver import open_driver  # noqa: E402
from graphhub.db.schema import migrate  # noqa: E402
from tests.ingestion.faults import (  # noqa: E402
    environment,
    launch,
    run,
    scalar,
    snapshot,
    wait_for,
    wait_gone,
    wipe,
)

PARTIES = "MATCH (e:Entity) RETURN e.id, labels(e), e.key, e.name ORDER BY e.id"
ENDS = "MATCH (a)-[t:TRANSFER]->(b) RETURN t.id, a.id, b.id ORDER BY t.id"
THROUGH = "MATCH (d:Document {kind: 'fiu-transfers'}) RETURN d.loaded_through"
# The fault rows of the 300k-transfer case, as shares of the file so smaller runs work too.
FAULTS = (("loader SIGKILL", 0.25), ("engine stopped", 1 / 6), ("Java SIGKILL", 1 / 12))


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _compare(clean: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
    parties_clean = {row[0] for row in clean["parties"]}
    parties_now = {row[0] for row in now["parties"]}
    ends_clean = {row[0]: row[1:] for row in clean["links"]}
    ends_now = {row[0]: row[1:] for row in now["links"]}
    return {
        "equal": clean == now,
        "parties_missing": len(parties_clean - parties_now),
        "parties_extra": len(parties_now - parties_clean),
        "transfers": len(ends_now),
        "transfers_other_ends": sum(ends_now.get(t) != e for t, e in ends_clean.items()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transfers", type=int, default=300_000)
    parser.add_argument("--entities", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap-mb", type=int, default=2048)
    parser.add_argument("--pagecache-mb", type=int, default=1024)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="graphhub-faults-"))
    settings = Settings.from_env()
    config = engine.EngineConfig(
        engine_dir=settings.engine_dir,
        state_dir=work / "state",
        data_dir=work / "data",
        port=engine.free_port(),
        password=str(settings.neo4j_password),
        heap_mb=args.heap_mb,
        pagecache_mb=args.pagecache_mb,
    )
    export = work / "transfers.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate_transfers.py"),
         "--transfers", str(args.transfers), "--entities", str(args.entities),
         "--seed", str(args.seed), "-o", str(export)],
        check=True, stdout=subprocess.DEVNULL,
    )
    load = ["load", "fiu-transfers", str(export), "--quiet"]
    size_mb = round(export.stat().st_size / 1e6)
    figures: dict[str, Any] = {"transfers": args.transfers, "file_mb": size_mb}
    try:
        state = engine.start(config)
        driver = open_driver(settings, uri=state.uri)
        migrate(driver, settings.neo4j_database)

        def env() -> dict[str, str]:
            return environment(state.uri, config.password, work / "runs")

        began = time.perf_counter()
        done = run(load, env(), work, timeout=7200)
        assert done.proc.returncode == 0, done.output()
        figures["clean_seconds"] = round(time.perf_counter() - began, 1)
        figures["loader_peak_rss_mb"] = round(_children_peak_mb())
        clean = snapshot(driver, PARTIES, ENDS)
        figures["clean_persons"] = scalar(driver, "MATCH (n:Person) RETURN count(n)")
        figures["clean_companies"] = scalar(driver, "MATCH (n:Company) RETURN count(n)")
        print(json.dumps(figures), flush=True)
        for fault, share in FAULTS:
            row = int(args.transfers * share)
            wipe(driver)
            loading = launch(load, env(), work)
            reached = lambda d=driver, r=row: int(scalar(d, THROUGH) or 0) >= r  # noqa: E731
            wait_for(reached, loading, timeout=7200)
            if fault == "engine stopped":
                engine.stop(config.state_dir)
            elif fault == "Java SIGKILL":
                os.kill(state.pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(state.pid, 0)
            loading.kill()
            left = wait_gone(loading.mark)
            if fault != "loader SIGKILL":
                driver.close()
                state = engine.start(config)
                driver = open_driver(settings, uri=state.uri)
            committed = int(scalar(driver, THROUGH) or 0) - 1
            began = time.perf_counter()
            again = run(load, env(), work, timeout=7200)
            result = {
                "fault": fault,
                "at_row": row,
                "rows_committed_before": committed,
                "orphan_processes": len(left),
                "rerun_exit": again.proc.returncode,
                "rerun_seconds": round(time.perf_counter() - began, 1),
                **_compare(clean, snapshot(driver, PARTIES, ENDS)),
            }
            print(json.dumps(result), flush=True)
        print(json.dumps({"loader_peak_rss_mb": round(_children_peak_mb())}))
        driver.close()
    finally:
        engine.stop(config.state_dir)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
