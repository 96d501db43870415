"""The ``graphhub`` command line.

Exit codes: 0 success; 1 the work ran but something failed (bad input, a failed
check); 2 wrong usage; 3 the environment is not ready (no Java or Maven, no
Neo4j reachable, a bad GRAPHHUB_* value).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import neo4j
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graphhub import __version__, logs
from graphhub.config import ConfigError, Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver, server_version
from graphhub.db.errors import DatabaseError
from graphhub.db.schema import migrate

if TYPE_CHECKING:
    from ingestion.jobs import RunSummary

EXIT_FAILED = 1
EXIT_ENVIRONMENT = 3


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        raise  # unreachable: _fail exits


def _fail(message: str, code: int) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


def engine_config(settings: Settings, data_dir: Path | None = None) -> engine.EngineConfig:
    """How to run the local engine with these settings."""
    return engine.EngineConfig(
        engine_dir=settings.engine_dir,
        state_dir=settings.state_dir,
        data_dir=data_dir or settings.state_dir / "data",
        port=settings.local_port,
        password=str(settings.neo4j_password),
        heap_mb=settings.local_heap_mb,
        pagecache_mb=settings.local_pagecache_mb,
    )


@click.group()
@click.version_option(__version__, prog_name="graphhub")
def main() -> None:
    """graphhub: who funds what, and which money flows reach which trafficking groups."""
    settings = _settings()
    logs.configure(settings.log_level, settings.log_format)


@main.group()
def db() -> None:
    """Run and inspect Neo4j: the local engine, or the server at GRAPHHUB_NEO4J_URI."""


@db.command("start")
def db_start() -> None:
    """Start the local Neo4j engine in the background (builds it on first use)."""
    settings = _settings()
    if not settings.uses_local_engine:
        click.echo(f"GRAPHHUB_NEO4J_URI is set ({settings.neo4j_uri}): nothing to start")
        return
    if engine.needs_build(settings.engine_dir):
        click.echo("building the local Neo4j engine (first use; Maven caches it in ~/.m2) ...")
    try:
        state = engine.start(engine_config(settings))
    except DatabaseError as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    click.echo(f"Neo4j running: pid {state.pid}, {state.uri}, data {state.data_dir}")


@db.command("stop")
def db_stop() -> None:
    """Stop the local Neo4j engine that `graphhub db start` began."""
    settings = _settings()
    if not settings.uses_local_engine:
        click.echo(f"GRAPHHUB_NEO4J_URI is set ({settings.neo4j_uri}): graphhub did not start it")
        return
    click.echo(engine.stop(settings.state_dir))


@db.command("status")
def db_status() -> None:
    """Say whether Neo4j is running and reachable (exit 1 when it is not)."""
    settings = _settings()
    if settings.uses_local_engine:
        current = engine.status(settings.state_dir)
        click.echo(f"local Neo4j {current.message}")
        if not current.running:
            sys.exit(EXIT_FAILED)
    try:
        with open_driver(settings) as driver:
            version, edition = server_version(driver)
    except (DatabaseError, neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
        _fail(f"Neo4j not reachable: {exc}", EXIT_FAILED)
        return
    click.echo(f"Neo4j {version} {edition} reachable")


@db.command("migrate")
def db_migrate() -> None:
    """Create the graph model's constraints and indexes (idempotent)."""
    settings = _settings()
    try:
        with open_driver(settings) as driver:
            report = migrate(driver, settings.neo4j_database)
    except (DatabaseError, neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    if report.changed:
        click.echo(f"created {len(report.created)}: {', '.join(report.created)}")
        click.echo(f"already present: {len(report.present)}")
    else:
        click.echo(f"nothing to do: all {len(report.present)} constraints and indexes present")


@main.command()
@click.option("--host", default=None, help="Interface to listen on (GRAPHHUB_HOST).")
@click.option("--port", type=int, default=None, help="Port to listen on (GRAPHHUB_PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the GraphQL API, the explorer and /health."""
    import uvicorn

    from graphhub.api.app import create_app

    settings = _settings()
    app = create_app(settings)
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")


@main.command()
@click.option("--port", type=int, default=None, help="Port to serve on (GRAPHHUB_PORT).")
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop there.")
def demo(port: int | None, no_serve: bool) -> None:
    """Start Neo4j, apply the schema, load the demo data and serve until Ctrl-C."""
    import uvicorn

    from graphhub.api.app import create_app
    from graphhub.demo import load_demo

    settings = _settings()
    started_here = False
    try:
        if settings.uses_local_engine and not engine.status(settings.state_dir).running:
            click.echo("starting the local Neo4j ...")
            engine.start(engine_config(settings))
            started_here = True
        with open_driver(settings) as driver:
            report = migrate(driver, settings.neo4j_database)
            click.echo(f"schema: {len(report.created)} created, {len(report.present)} present")
            click.echo(load_demo(driver, settings))
        if not no_serve:
            url = f"http://{settings.host}:{port or settings.port}"
            click.echo(f"serving on {url} (GraphQL at {url}/graphql, {url}/health); Ctrl-C stops")
            uvicorn.run(create_app(settings), host=settings.host, port=port or settings.port)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
    finally:
        if started_here:
            click.echo(f"local Neo4j: {engine.stop(settings.state_dir)}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--quiet", is_flag=True, help="No progress bar; the summary only.")
def ingest(paths: tuple[Path, ...], quiet: bool) -> None:
    """Ingest reports (.txt .md .html .pdf .docx) from files or folders (recursive).

    Exit code 1 when any file failed; the others are still ingested.
    """
    from ingestion.jobs import ingest_paths
    from ingestion.readers import iter_paths

    settings = _settings()
    files = list(iter_paths(paths))
    try:
        with open_driver(settings) as driver, _progress(quiet) as bar:
            task = bar.add_task("ingesting", total=len(files))
            summary = ingest_paths(
                driver,
                settings.neo4j_database,
                files,
                max_bytes=settings.max_file_mb * 1024 * 1024,
                aliases_file=settings.aliases_file,
                command="ingest " + " ".join(str(p) for p in paths),
                progress=lambda name: bar.update(task, advance=1, description=Path(name).name),
            )
    except (DatabaseError, neo4j.exceptions.ServiceUnavailable) as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    _print_summary(summary)
    if summary.failed:
        sys.exit(EXIT_FAILED)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description:<40.40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=quiet,
        console=Console(stderr=True),
    )


def _print_summary(summary: RunSummary) -> None:
    console = Console()
    table = Table(title=f"ingest run {summary.run_id}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for outcome in ("written", "replaced", "unchanged", "failed", "restricted"):
        table.add_row(f"documents {outcome}", str(summary.documents.get(outcome, 0)))
    for label, count in sorted(summary.nodes.items()):
        table.add_row(f"records {label}", str(count))
    for rel, count in sorted(summary.edges.items()):
        table.add_row(f"relations {rel}", str(count))
    table.add_row("words read", str(summary.words))
    table.add_row("warnings", str(len(summary.warnings)))
    table.add_row("errors", str(len(summary.errors)))
    console.print(table)
    for warning in summary.warnings[:20]:
        console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    if len(summary.warnings) > 20:
        console.print(f"... and {len(summary.warnings) - 20} more warnings")
    for error in summary.errors:
        console.print(f"[red]error[/red] {error}", highlight=False)
