"""The demo: the bundled reports under ``demo/`` ingested like any user's files."""

from __future__ import annotations

import neo4j

from graphhub.config import Settings


def load_demo(driver: neo4j.Driver, settings: Settings) -> str:
    """Ingest the demo corpus (unchanged documents are skipped); returns a one-line summary."""
    from ingestion.jobs import ingest_paths

    reports = settings.demo_dir / "reports"
    summary = ingest_paths(
        driver,
        settings.neo4j_database,
        [reports],
        max_bytes=settings.max_file_mb * 1024 * 1024,
        aliases_file=settings.aliases_file,
        command=f"demo {reports}",
    )
    docs = summary.documents
    line = (
        f"demo reports: {docs['written'] + docs['replaced']} ingested, "
        f"{docs['unchanged']} unchanged, {docs['failed']} failed; "
        f"{sum(summary.nodes.values())} records, {sum(summary.edges.values())} relations"
    )
    return line + "".join(f"\n  error: {e}" for e in summary.errors)
