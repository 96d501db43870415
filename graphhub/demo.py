"""The demo: the bundled reports, contribution table and FIU export under ``demo/``.

Everything is loaded like any user's files: the reports through ``graphhub ingest``'s
path, then ``demo/tables/*.csv`` and ``demo/fiu/*.csv`` through ``graphhub load``'s,
so the FIU export's parties resolve onto the entities the FIU notes name.
"""

from __future__ import annotations

import neo4j

from graphhub.config import Settings
from graphhub.model import PUBLIC


def load_demo(driver: neo4j.Driver, settings: Settings) -> str:
    """Ingest the demo corpus (unchanged documents are skipped); returns a short summary."""
    from ingestion.jobs import ingest_paths

    reports = settings.demo_dir / "reports"
    summary = ingest_paths(
        driver,
        settings.neo4j_database,
        [reports],
        max_bytes=settings.max_file_mb * 1024 * 1024,
        aliases_file=settings.aliases_file,
        command=f"demo {reports}",
        # Published reports; the FIU notes among them are restricted by their markings.
        classification=PUBLIC,
    )
    docs = summary.documents
    line = (
        f"demo reports: {docs['written'] + docs['replaced']} ingested, "
        f"{docs['unchanged']} unchanged, {docs['failed']} failed; "
        f"{sum(summary.nodes.values())} records, {sum(summary.edges.values())} relations"
    )
    line += "".join(f"\n  error: {e}" for e in summary.errors)
    return line + "\n" + _load_structured(driver, settings)


def _load_structured(driver: neo4j.Driver, settings: Settings) -> str:
    """Load the demo's contribution tables and FIU exports under one run."""
    from ingestion import structured

    database = settings.neo4j_database
    max_bytes = settings.max_file_mb * 1024 * 1024
    tables = sorted((settings.demo_dir / "tables").glob("*.csv"))
    exports = sorted((settings.demo_dir / "fiu").glob("*.csv"))
    run = structured.start_load(driver, database, settings.state_dir, "demo tables and fiu")
    resolver = structured.seeded_resolver(driver, database, settings.aliases_file)
    for path in tables:
        structured.load_contributions(
            driver, database, path, run=run, resolver=resolver, max_bytes=max_bytes,
            classification=PUBLIC,
        )
    for path in exports:
        structured.load_fiu_transfers(driver, database, path, run=run, max_bytes=max_bytes)
    structured.finish_load(driver, database, run)
    parts = [
        f"{report.path.rsplit('/', 1)[-1]} {report.status} ({sum(report.edges.values())} relations)"
        for report in run.files
    ]
    line = "demo tables and FIU exports: " + ", ".join(parts)
    failures = [f"\n  error: {r.path}: {r.failure}" for r in run.files if r.failure]
    if run.errors.count:
        failures.append(f"\n  {run.errors.count} bad rows: see {run.errors.path}")
    return line + "".join(failures)
