"""`graphhub schema`: the GraphQL schema of the API."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("schema")
def group() -> None:
    """The GraphQL schema of the API."""


@group.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the SDL (default: schema.graphql at the project root).",
)
def schema_export(output: Path | None) -> None:
    """Write the API's schema as SDL (schema.graphql; a test checks it is in sync)."""
    from graphhub.api.sdl import SCHEMA_FILE, export

    click.echo(f"wrote {export(output or SCHEMA_FILE)}")
