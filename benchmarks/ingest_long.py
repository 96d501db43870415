"""Ingestion of one long report: seconds per MB, words/s and peak memory by size.

Each size is one report built from the demo reports, repeated with their figures
varied (so that records differ), ingested end to end (``ingestion.load``: read,
extract section by section, resolve, write in one transaction) into a fresh local
Neo4j. Every size runs in a fresh process, so its peak RSS is its own (the Neo4j
engine is a separate process and not counted). Wall-clock and CPU seconds (of the
ingesting process) are both given: on a shared machine the CPU figure is the steadier.

Usage: python benchmarks/ingest_long.py [--sizes 0.1,1,2,20,40]   (MB; default 0.1,1,2)
The target: words/s at 20 MB at least 0.8 of words/s at 0.1 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = (
    "project_taj_k45.txt",
    "seizure_report_tajikistan_2009.txt",
    "donor_update_2010.txt",
    "project_uzb_k25.md",
    "office_note_almaty_2009.md",
    "project_kgz_k50.md",
)
_NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3}(?:,\d{3})+|\d{3,})(?![\w/])")


def _vary(text: str, copy: int) -> str:
    """The text with its amounts and quantities (not its years) raised by ``copy``."""

    def raised(match: re.Match[str]) -> str:
        raw = match.group(1)
        number = int(raw.replace(",", ""))
        if "," not in raw and 1900 <= number <= 2099:
            return raw
        return f"{number + copy:,}" if "," in raw else str(number + copy)

    return _NUMBER.sub(raised, text)


def long_report(size_bytes: int) -> str:
    """A report of about ``size_bytes`` UTF-8 bytes: the demo reports over and over."""
    texts = [(ROOT / "demo" / "reports" / name).read_text(encoding="utf-8") for name in REPORTS]
    parts = ["Compiled field reports, Central Asia\n"]
    size, copy = 0, 0
    while size < size_bytes:
        part = f"Part {copy + 1}\n\n{_vary(texts[copy % len(texts)], copy)}\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        copy += 1
    return "\n".join(parts)


def measure(megabytes: float, uri: str) -> dict[str, float]:
    """Ingest one report of this size; runs in its own process."""
    from graphhub.config import Settings
    from graphhub.db.driver import open_driver
    from ingestion.extract.pipeline import get_nlp, sector_matcher
    from ingestion.load import LoadOptions, load

    settings = Settings.from_env()
    get_nlp()
    sector_matcher()
    with tempfile.TemporaryDirectory(prefix="graphhub-long-") as work:
        path = Path(work) / f"report-{megabytes}mb.txt"
        text = long_report(int(megabytes * 1024 * 1024))
        path.write_text(text, encoding="utf-8")
        words = len(text.split())
        del text
        warm = Path(work) / "warm-up.txt"
        warm.write_text(f"Warm-up {megabytes}\n\n" + long_report(2000), encoding="utf-8")
        with open_driver(settings, uri) as driver:
            # The engine plans each statement once: warm it up, as a running service is.
            load(
                driver,
                settings.neo4j_database,
                "documents",
                [warm],
                options=LoadOptions(max_bytes=1024 * 1024),
            )
            loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            start, cpu = time.perf_counter(), time.process_time()
            summary = load(
                driver,
                settings.neo4j_database,
                "documents",
                [path],
                options=LoadOptions(max_bytes=60 * 1024 * 1024),
            )
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            nodes = sum(summary.nodes.values())
    if summary.errors:
        raise SystemExit(f"{megabytes} MB: {summary.errors}")
    return {
        "mb": megabytes,
        "words": words,
        "seconds": seconds,
        "cpu": cpu,
        "nodes": nodes,
        "model_rss_mb": loaded,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.1,1,2", help="report sizes in MB, comma-separated")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--uri", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.uri)))
        return

    from graphhub.config import Settings
    from graphhub.db import engine
    from graphhub.db.driver import open_driver
    from graphhub.db.schema import migrate

    settings = Settings.from_env()
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    rows: list[dict[str, float]] = []
    with engine.throwaway(settings.engine_dir, str(settings.neo4j_password), heap_mb=2048) as state:
        with open_driver(settings, state.uri) as driver:
            migrate(driver, settings.neo4j_database)
        print(
            f"{'MB':>6} {'words':>9} {'seconds':>9} {'s/MB':>8} {'words/s':>8} "
            f"{'CPU s':>8} {'words/CPU s':>11} {'nodes':>7} {'model RSS':>10} "
            f"{'peak RSS':>9}",
            flush=True,
        )
        for size in sizes:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(size), "--uri", state.uri],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            if done.returncode != 0:
                print(f"{size:>6} failed: {done.stderr.strip()[-500:]}", flush=True)
                continue
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(
                f"{row['mb']:>6} {row['words']:>9.0f} {row['seconds']:>9.1f} "
                f"{row['seconds'] / row['mb']:>8.1f} {row['words'] / row['seconds']:>8.0f} "
                f"{row['cpu']:>8.1f} {row['words'] / row['cpu']:>11.0f} "
                f"{row['nodes']:>7.0f} {row['model_rss_mb']:>8.0f}MB "
                f"{row['peak_rss_mb']:>7.0f}MB",
                flush=True,
            )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        for what in ("seconds", "cpu"):
            ratio = (last["words"] / last[what]) / (first["words"] / first[what])
            print(
                f"words/{what} at {last['mb']} MB is {ratio:.2f} of that at {first['mb']} MB "
                "(target >= 0.80 at 20 MB)"
            )


if __name__ == "__main__":
    main()
