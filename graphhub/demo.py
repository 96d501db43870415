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
    from ingestion.load import LoadOptions, load

    reports = settings.demo_dir / "reports"
    run = load(
        driver,
        settings.neo4j_database,
        "documents",
        [reports],
        state_dir=settings.state_dir,
        # Published reports; the FIU notes among them are restricted by their markings.
        options=LoadOptions.from_settings(settings, classification=PUBLIC),
        command=f"demo {reports}",
    )
    docs = run.documents
    line = (
        f"demo reports: {docs['written'] + docs['replaced']} ingested, "
        f"{docs['unchanged']} unchanged, {docs['failed']} failed; "
        f"{sum(run.nodes.values())} records, {sum(run.edges.values())} relations"
    )
    line += "".join(f"\n  error: {e}" for e in run.errors)
    return line + "\n" + _load_structured(driver, settings)


def _load_structured(driver: neo4j.Driver, settings: Settings) -> str:
    """Load the demo's contribution tables and FIU exports under one run."""
    from ingestion.load import LoadOptions, load
    from ingestion.resolve.known import seeded_resolver
    from ingestion.run import Run

    database = settings.neo4j_database
    run = Run.start(driver, database, settings.state_dir, "demo tables and fiu")
    # One resolver for both, so the export's parties meet the entities the tables named.
    resolver = seeded_resolver(driver, database, settings.aliases_file)
    for fmt, folder, classification in (
        ("contributions", "tables", PUBLIC),
        ("fiu-transfers", "fiu", None),
    ):
        options = LoadOptions.from_settings(
            settings, classification=classification, resolver=resolver
        )
        paths = [settings.demo_dir / folder]
        load(driver, database, fmt, paths, state_dir=settings.state_dir, options=options, run=run)
    run.finish(driver, database)
    parts = [
        f"{report.path.rsplit('/', 1)[-1]} {report.status} ({sum(report.edges.values())} relations)"
        for report in run.files
    ]
    line = "demo tables and FIU exports: " + ", ".join(parts)
    failures = [f"\n  error: {error}" for error in run.errors]
    if run.errors_file.count:
        failures.append(f"\n  {run.errors_file.count} bad rows: see {run.errors_file.path}")
    return line + "".join(failures)
