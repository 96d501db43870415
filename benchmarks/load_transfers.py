"""Bulk load of an FIU transfer export against a plain ``UNWIND ... CREATE``, in one run.

    python benchmarks/load_transfers.py --transfers 1000000 --entities 100000

Generates the export (``generate_transfers.py``, in a subprocess so its memory does
not count), starts a fresh local Neo4j with the schema applied, loads the file
through ``ingestion.transfers.load_transfers`` (read, validate, match parties, write
entities, accounts, HOLDS and TRANSFER relationships with provenance) and prints
transfers/s and the peak RSS of this process. Then it writes the same transfers
with the plainest driver code, ``UNWIND $rows AS r MATCH (a), (b) CREATE
(a)-[:T {...}]->(b)``, into a separate label set whose nodes are created beforehand
(untimed), with rows prepared in memory beforehand (untimed), and prints the ratio.

``--resume-cost`` measures what crash-safe resuming costs a clean load: the same file
is loaded into an emptied graph alternately by the bulk path as it is (each batch
takes the document's lock, checks and moves its ``loaded_through`` marker and the
run's counts in its transaction) and by the same writer without those statements
(the approach before markers), twice each after a warm-up; it prints the best time
of each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import neo4j

from graphhub.config import Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver
from graphhub.db.schema import migrate
from graphhub.writer import transfers
from ingestion.sources.fiu_transfers import read_transfers
from ingestion.transfers import load_transfers

ROOT = Path(__file__).resolve().parents[1]
PLAIN_LABEL = "BenchParty"
PLAIN_NODES = f"UNWIND $ids AS id CREATE (:{PLAIN_LABEL} {{id: id}})"
PLAIN_INDEX = (
    f"CREATE CONSTRAINT bench_party_id IF NOT EXISTS FOR (n:{PLAIN_LABEL}) REQUIRE n.id IS UNIQUE"
)
PLAIN_CREATE = f"""
UNWIND $rows AS r
MATCH (a:{PLAIN_LABEL} {{id: r.start}})
MATCH (b:{PLAIN_LABEL} {{id: r.end}})
CREATE (a)-[:T {{id: r.id, amount: r.amount, currency: r.currency, amount_usd: r.amount_usd,
                 date: r.date, reference: r.reference, reporting_fiu: r.reporting_fiu}}]->(b)
"""


def _unmarked_batch(
    tx: neo4j.ManagedTransaction, target: Any, batch: Any, spent: dict[str, float]
) -> bool:
    """The batch transaction without the resume marker: parties, HOLDS and transfers only."""
    transfers.write_rows(tx, target.doc_id, batch, spent)
    return True


def _wipe(driver: neo4j.Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def resume_cost(driver: neo4j.Driver, database: str, path: Path, batch: int) -> dict[str, Any]:
    """Best seconds of a clean load with and without the marker statements, and the ratio."""
    marked_writer = transfers.write_batch
    times: dict[str, list[float]] = {"marked": [], "unmarked": []}
    shares: list[float] = []  # marker statements' share of the writer's transaction time
    for round_ in range(3):
        for kind in ("marked", "unmarked"):
            _wipe(driver, database)
            transfers.write_batch = marked_writer if kind == "marked" else _unmarked_batch  # type: ignore[assignment]
            try:
                began = time.perf_counter()
                done = load_transfers(driver, database, path, batch_rows=batch)
                seconds = time.perf_counter() - began
                if kind == "marked" and round_:
                    shares.append(done.profile["marker"] / done.profile["transactions"])
            finally:
                transfers.write_batch = marked_writer  # type: ignore[assignment]
            if round_:  # the first round warms the engine's caches and query plans
                times[kind].append(seconds)
    best = {kind: min(values) for kind, values in times.items()}
    _wipe(driver, database)
    return {
        "marked_s": round(best["marked"], 2),
        "unmarked_s": round(best["unmarked"], 2),
        "ratio_marked_to_unmarked": round(best["marked"] / best["unmarked"], 3),
        "marker_share_of_transactions": round(min(shares), 4),
        "runs": {k: [round(v, 2) for v in vs] for k, vs in times.items()},
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(work: Path, transfers: int, entities: int) -> Path:
    output = work / f"transfers-{transfers}.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate_transfers.py"),
            "--transfers",
            str(transfers),
            "--entities",
            str(entities),
            "--seed",
            "1",
            "-o",
            str(output),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return output


def plain_rows(path: Path, batch: int) -> list[list[dict[str, Any]]]:
    """The same transfers as plain dict rows, in batches (prepared before timing)."""
    batches: list[list[dict[str, Any]]] = []
    for chunk in read_transfers(path, chunk_rows=batch):
        rows = chunk.transfer_rows()
        batches.append(
            [
                {
                    k: r[k]
                    for k in (
                        "id",
                        "start",
                        "end",
                        "amount",
                        "currency",
                        "amount_usd",
                        "date",
                        "reference",
                        "reporting_fiu",
                    )
                }
                for r in rows
            ]
        )
    return batches


def plain_load(driver: neo4j.Driver, database: str, batches: list[list[dict[str, Any]]]) -> float:
    """Seconds spent in the driver writing every batch with the plain query."""
    ids = sorted({r[k] for rows in batches for r in rows for k in ("start", "end")})
    driver.execute_query(PLAIN_INDEX, database_=database)
    for start in range(0, len(ids), 20_000):
        driver.execute_query(PLAIN_NODES, ids=ids[start : start + 20_000], database_=database)
    def write(tx: neo4j.ManagedTransaction, rows: list[dict[str, Any]]) -> None:
        tx.run(PLAIN_CREATE, rows=rows).consume()

    began = time.perf_counter()
    with driver.session(database=database) as session:
        for rows in batches:
            session.execute_write(write, rows)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=25_000, help="rows per transaction")
    parser.add_argument("--heap-mb", type=int, default=3072)
    parser.add_argument("--pagecache-mb", type=int, default=2048)
    parser.add_argument("--skip-plain", action="store_true", help="no plain UNWIND comparison")
    parser.add_argument(
        "--resume-cost", action="store_true", help="marker vs no marker, same file, same engine"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="graphhub-bulk-"))
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
    try:
        began = time.perf_counter()
        path = generate(work, args.transfers, args.entities)
        print(
            f"generated {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - began:.1f} s"
        )
        state = engine.start(config)
        with open_driver(settings, uri=state.uri) as driver:
            database = settings.neo4j_database
            migrate(driver, database)
            if args.resume_cost:
                cost = resume_cost(driver, database, path, args.batch)
                print(
                    f"resume marker: {cost['marked_s']} s with, {cost['unmarked_s']} s without; "
                    f"ratio {cost['ratio_marked_to_unmarked']}; the marker statements take "
                    f"{cost['marker_share_of_transactions']:.1%} of the marked transactions"
                )
                print(json.dumps({"resume_cost": cost, "peak_rss_mb": round(peak_rss_mb())}))
                return
            report = load_transfers(driver, database, path, batch_rows=args.batch)
            rss = peak_rss_mb()
            figures: dict[str, Any] = {
                "transfers": report.transfers,
                "entities": dict(report.entities),
                "holds": report.holds,
                "bad_rows": report.bad_rows,
                "seconds": round(report.seconds, 1),
                "transfers_per_s": round(report.rate),
                "peak_rss_mb": round(rss),
                "writer_seconds": {k: round(v, 1) for k, v in report.profile.items()},
            }
            print(f"bulk path: {report.rate:,.0f} transfers/s, peak RSS {rss:,.0f} MiB")
            if not args.skip_plain:
                batches = plain_rows(path, args.batch)
                count = sum(len(rows) for rows in batches)
                seconds = plain_load(driver, database, batches)
                plain_rate = count / seconds
                figures["plain_transfers_per_s"] = round(plain_rate)
                figures["ratio_bulk_to_plain"] = round(report.rate / plain_rate, 2)
                print(
                    f"plain UNWIND CREATE: {plain_rate:,.0f} transfers/s; "
                    f"bulk / plain = {report.rate / plain_rate:.2f}"
                )
            print(json.dumps(figures))
    finally:
        engine.stop(config.state_dir)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
