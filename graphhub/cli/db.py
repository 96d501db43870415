"""`graphhub db`: start, stop and inspect Neo4j, and apply the graph model's schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graphhub.cli import exits
from graphhub.cli.context import settings as current_settings
from graphhub.config import Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver, server_version
from graphhub.db.schema import migrate


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


@click.group("db")
def group() -> None:
    """Run and inspect Neo4j: the local engine, or the server at GRAPHHUB_NEO4J_URI."""


@group.command("start")
def db_start() -> None:
    """Start the local Neo4j engine in the background (builds it on first use)."""
    settings = current_settings()
    if not settings.uses_local_engine:
        click.echo(f"GRAPHHUB_NEO4J_URI is set ({settings.neo4j_uri}): nothing to start")
        return
    if engine.needs_build(settings.engine_dir):
        click.echo("building the local Neo4j engine (first use; Maven caches it in ~/.m2) ...")
    state = engine.start(engine_config(settings))
    click.echo(f"Neo4j running: pid {state.pid}, {state.uri}, data {state.data_dir}")


@group.command("stop")
def db_stop() -> None:
    """Stop the local Neo4j engine that `graphhub db start` began."""
    settings = current_settings()
    if not settings.uses_local_engine:
        click.echo(f"GRAPHHUB_NEO4J_URI is set ({settings.neo4j_uri}): graphhub did not start it")
        return
    click.echo(engine.stop(settings.state_dir))


@group.command("status")
@exits.mapped(exits.NOT_REACHABLE)
def db_status() -> None:
    """Say whether Neo4j is running and reachable (exit 1 when it is not).

    The local engine is running, stopped (by `graphhub db stop`), crashed (a stale pid
    file) or never started here; each but the first exits 1.
    """
    settings = current_settings()
    if settings.uses_local_engine:
        current = engine.status(settings.state_dir)
        click.echo(f"local Neo4j {current.message}")
        if not current.running:
            sys.exit(exits.FAILED)
    with open_driver(settings) as driver:
        version, edition = server_version(driver)
    click.echo(f"Neo4j {version} {edition} reachable")


@group.command("migrate")
@exits.mapped(exits.SERVER_NOT_READY)
def db_migrate() -> None:
    """Create the graph model's constraints and indexes (idempotent)."""
    settings = current_settings()
    with open_driver(settings) as driver:
        report = migrate(driver, settings.neo4j_database)
    if report.changed:
        click.echo(f"created {len(report.created)}: {', '.join(report.created)}")
        click.echo(f"already present: {len(report.present)}")
    else:
        click.echo(f"nothing to do: all {len(report.present)} constraints and indexes present")
