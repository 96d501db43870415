"""`graphhub serve` and `graphhub demo`: the API, alone or with the demo data."""

from __future__ import annotations

import secrets
from dataclasses import replace

import click
from starlette.datastructures import Secret

from graphhub.cli.context import settings as current_settings
from graphhub.cli.db import engine_config
from graphhub.config import API_ROLES, ApiKey, Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver
from graphhub.db.schema import migrate


@click.command()
@click.option("--host", default=None, help="Interface to listen on (GRAPHHUB_HOST).")
@click.option("--port", type=int, default=None, help="Port to listen on (GRAPHHUB_PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the GraphQL API, the explorer and /health (SIGTERM stops it within
    GRAPHHUB_SHUTDOWN_GRACE_S seconds, in-flight requests included)."""
    from graphhub.api.server import serve as serve_api

    settings = current_settings()
    serve_api(settings, host or settings.host, port or settings.port)


def _with_demo_keys(settings: Settings) -> Settings:
    """Without GRAPHHUB_API_KEYS the demo makes one key per role for this run and shows them."""
    if settings.api_keys:
        return settings
    keys = tuple(ApiKey(Secret(secrets.token_urlsafe(18)), role) for role in API_ROLES)
    click.echo("API keys for this demo run (send 'Authorization: Bearer <key>'):")
    for key in keys:
        click.echo(f"  {key.role:<12} {key.token}")
    return replace(settings, api_keys=keys)


@click.command()
@click.option("--port", type=int, default=None, help="Port to serve on (GRAPHHUB_PORT).")
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop there.")
def demo(port: int | None, no_serve: bool) -> None:
    """Start Neo4j, apply the schema, load the demo data and serve until Ctrl-C."""
    import uvicorn

    from graphhub.api.app import create_app
    from graphhub.demo import load_demo
    from graphhub.reports import write_sample_report

    settings = _with_demo_keys(current_settings())
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
            sample = write_sample_report(driver, settings)
            click.echo(f"sample donor-gap report (Central Asia): {sample}")
        if not no_serve:
            url = f"http://{settings.host}:{port or settings.port}"
            click.echo(f"serving on {url} (GraphQL at {url}/graphql, {url}/health); Ctrl-C stops")
            uvicorn.run(create_app(settings), host=settings.host, port=port or settings.port)
    finally:
        if started_here:
            click.echo(f"local Neo4j: {engine.stop(settings.state_dir)}")
