"""`graphhub export`: graph data out, as FtM JSON lines or tables for spreadsheets."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graphhub.cli.context import settings as current_settings
from graphhub.db.driver import open_driver


@click.group("export")
def group() -> None:
    """Write graph data out: FtM JSON lines, or tables for spreadsheets.

    An operator tool: it reads restricted data directly from Neo4j, without the
    API's access checks. Keep what it writes where restricted data may be kept.
    """


@group.command("ftm")
@click.option("--entity", "entity_id", default=None, help="Id of a person, company or account.")
@click.option(
    "--hops",
    type=click.IntRange(0, 4),
    default=1,
    show_default=True,
    help="With --entity: how many relationships away to include.",
)
@click.option("--finding", "finding_id", default=None, help="Id of an FIU finding.")
@click.option("--restricted", is_flag=True, help="Every restricted entity and relationship.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The FtM JSON-lines file to write.",
)
def export_ftm(
    entity_id: str | None, hops: int, finding_id: str | None, restricted: bool, output: Path
) -> None:
    """A selection as FollowTheMoney entities (JSON lines) that FtM tools read."""
    from graphhub.queries import export as queries
    from ingestion.sources.ftm import to_ftm

    chosen = [x for x in (entity_id, finding_id, restricted or None) if x]
    if len(chosen) != 1:
        raise click.UsageError("choose exactly one of --entity, --finding, --restricted")
    settings = current_settings()
    database = settings.neo4j_database
    count = 0
    with open_driver(settings) as driver:
        if entity_id:
            selection = queries.entity_neighbourhood(driver, database, entity_id, hops)
        elif finding_id:
            selection = queries.finding_subgraph(driver, database, finding_id)
        else:
            selection = queries.restricted_subgraph(driver, database)
        with output.open("w", encoding="utf-8") as handle:
            for entity in to_ftm(selection.nodes, selection.edges):
                handle.write(json.dumps(entity, ensure_ascii=False) + "\n")
                count += 1
    click.echo(f"{count} FtM entities written to {output}")


@group.command("table")
@click.argument("query", type=click.Choice(["fundings", "projects", "transfers", "seizures"]))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="A .csv or .xlsx file.",
)
def export_table(query: str, output: Path) -> None:
    """A fixed table as CSV or XLSX: fundings, projects, transfers or seizures.

    `transfers` is FIU data (restricted): this operator command writes it in full.
    The other tables hold public data only.
    """
    from graphhub.queries import export as queries

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise click.UsageError("the output must end in .csv or .xlsx")
    settings = current_settings()
    with open_driver(settings) as driver:
        columns, rows = queries.table_rows(
            driver, settings.neo4j_database, query, restricted_ok=query == "transfers"
        )
        count = queries.write_table(output, columns, rows)
    click.echo(f"{count} rows written to {output}")
