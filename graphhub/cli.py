"""The ``graphhub`` command line.

Exit codes: 0 success; 1 the work ran but something failed (bad input, a failed
check); 2 wrong usage; 3 the environment is not ready (no Java or Maven, no
Neo4j reachable, a bad GRAPHHUB_* value).
"""

from __future__ import annotations

import secrets
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click
import neo4j
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from starlette.datastructures import Secret

from graphhub import __version__, logs
from graphhub.config import API_ROLES, ApiKey, ConfigError, Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver, server_version
from graphhub.db.errors import DatabaseError
from graphhub.db.schema import migrate

if TYPE_CHECKING:
    from ingestion.formats import Format
    from ingestion.run import Run

EXIT_FAILED = 1
EXIT_ENVIRONMENT = 3
# Output width when stdout is not a terminal: wide enough that no message is wrapped.
PIPE_WIDTH = 10_000


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
    """Say whether Neo4j is running and reachable (exit 1 when it is not).

    The local engine is running, stopped (by `graphhub db stop`), crashed (a stale pid
    file) or never started here; each but the first exits 1.
    """
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


@main.group("schema")
def schema_group() -> None:
    """The GraphQL schema of the API."""


@schema_group.command("export")
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


@main.command()
@click.option("--host", default=None, help="Interface to listen on (GRAPHHUB_HOST).")
@click.option("--port", type=int, default=None, help="Port to listen on (GRAPHHUB_PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the GraphQL API, the explorer and /health (SIGTERM stops it within
    GRAPHHUB_SHUTDOWN_GRACE_S seconds, in-flight requests included)."""
    from graphhub.api.server import serve as serve_api

    settings = _settings()
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


@main.command()
@click.option("--port", type=int, default=None, help="Port to serve on (GRAPHHUB_PORT).")
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop there.")
def demo(port: int | None, no_serve: bool) -> None:
    """Start Neo4j, apply the schema, load the demo data and serve until Ctrl-C."""
    import uvicorn

    from graphhub.api.app import create_app
    from graphhub.demo import load_demo
    from graphhub.reports import write_sample_report

    settings = _with_demo_keys(_settings())
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
    except DatabaseError as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
    finally:
        if started_here:
            click.echo(f"local Neo4j: {engine.stop(settings.state_dir)}")


_CLASSIFICATION = click.option(
    "--classification",
    type=click.Choice(["public", "restricted"]),
    default=None,
    help="Declare how the documents are classified. Undeclared documents are restricted; "
    "markers in a text (FOUO, confidential, an FIU note ...) make it restricted whatever "
    "is declared.",
)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_CLASSIFICATION
@click.option("--quiet", is_flag=True, help="No progress bar; the summary only.")
def ingest(paths: tuple[Path, ...], classification: str | None, quiet: bool) -> None:
    """Ingest reports (.txt .md .html .pdf .docx) from files or folders (recursive).

    A folder may declare the classification of the documents under it in a file named
    .classification (one word: public or restricted); the stricter of it and
    --classification applies. Exit code 1 when any file failed; the others are still
    ingested.
    """
    settings = _settings()
    try:
        with open_driver(settings) as driver, _progress(quiet) as bar:
            summary = _run_load(
                driver, settings, "documents", paths, bar, classification, None,
                command="ingest " + " ".join(str(p) for p in paths),
            )
    except (DatabaseError, neo4j.exceptions.ServiceUnavailable) as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    _print_summary(summary)
    if summary.failed:
        sys.exit(EXIT_FAILED)


def _console(stderr: bool = False) -> Console:
    """Rich output: a terminal's own width, else one unwrapped line per message (pipes, CI)."""
    if (sys.stderr if stderr else sys.stdout).isatty():
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=PIPE_WIDTH, soft_wrap=True)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description:<40.40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=quiet,
        console=_console(stderr=True),
    )


def _print_summary(summary: Run) -> None:
    console = _console()
    table = Table(title=f"ingest run {summary.run_id}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for outcome in ("written", "replaced", "unchanged", "failed", "restricted"):
        table.add_row(f"documents {outcome}", str(summary.documents.get(outcome, 0)))
    for how, count in sorted(summary.classified.items()):
        table.add_row(f"documents {how}", str(count))
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


@main.group()
def report() -> None:
    """Reports for coordinators: HTML, Markdown or PDF from the graph's public data."""


@report.command("donor-gap")
@click.option("--region", default=None, help='A region, e.g. "Central Asia".')
@click.option("--countries", default=None, help="Countries (ISO3 codes or names), comma-separated.")
@click.option("--sectors", default=None, help="Sectors (names or DAC codes), comma-separated.")
@click.option("--programme", default=None, help="Only projects that are part of this programme.")
@click.option("--from", "year_from", type=int, default=None, help="First year of the period.")
@click.option("--to", "year_to", type=int, default=None, help="Last year of the period.")
@click.option(
    "--priorities", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="CSV or YAML: country, sector, priority, optional target_usd.",
)
@click.option("--format", "fmt", type=click.Choice(["html", "md", "pdf"]), default="html",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the report (default: donor-gap.<format>).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A folder of templates that override or extend ours.")
def report_donor_gap(
    region: str | None, countries: str | None, sectors: str | None, programme: str | None,
    year_from: int | None, year_to: int | None, priorities: Path | None, fmt: str,
    output: Path | None, templates: Path | None,
) -> None:
    """Funding, gaps, overlaps and donor concentration for a selection."""
    from graphhub.reports.cli import donor_gap_report
    from graphhub.reports.errors import ReportError

    settings = _settings()
    try:
        path, summary = donor_gap_report(
            settings, region=region, countries=countries, sectors=sectors, programme=programme,
            year_from=year_from, year_to=year_to, priorities=priorities, fmt=fmt,
            output=output, templates=templates,
        )
    except ReportError as exc:
        _fail(str(exc), EXIT_FAILED)
        return
    except (DatabaseError, neo4j.exceptions.ServiceUnavailable) as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    click.echo(f"{summary}\nwritten: {path}")


# -- structured sources in, selections out ------------------------------------------------


@main.group()
def load() -> None:
    """Load structured sources: contribution tables, IATI XML, FIU transfer exports, FtM.

    Each file is one document (id = content hash): an unchanged file is skipped. Bad
    rows are written to <state dir>/runs/<run id>-errors.csv and the good ones load;
    exit code 1 when any file or row failed.
    """


def _run_load(
    driver: neo4j.Driver,
    settings: Settings,
    kind: str,
    paths: tuple[Path, ...],
    bar: Progress,
    classification: str | None,
    mapping: Path | None,
    command: str | None = None,
) -> Run:
    from ingestion.formats import Route
    from ingestion.load import LoadOptions, load
    from ingestion.load import Progress as LoadProgress

    class Bars(LoadProgress):
        task: TaskID | None = None
        rows_task: TaskID | None = None

        def files(self, total: int) -> None:
            self.task = bar.add_task(f"loading {kind}", total=total)

        def started(self, path: Path, fmt: Format) -> None:
            assert self.task is not None
            bar.update(self.task, description=path.name)
            if fmt.route is Route.BULK:
                self.rows_task = bar.add_task(f"  rows of {path.name}", total=_count_lines(path))

        def rows(self, path: Path, done: int) -> None:
            if self.rows_task is not None:
                bar.update(self.rows_task, completed=done)

        def finished(self, path: Path) -> None:
            assert self.task is not None
            bar.update(self.task, advance=1, description=path.name)

    options = LoadOptions.from_settings(settings, classification=classification, mapping=mapping)
    return load(
        driver,
        settings.neo4j_database,
        kind,
        paths,
        state_dir=settings.state_dir,
        options=options,
        progress=Bars(),
        command=command or f"load {kind} " + " ".join(str(f) for f in paths),
    )


def _load_files(
    kind: str,
    files: tuple[Path, ...],
    mapping: Path | None,
    quiet: bool,
    classification: str | None = None,
) -> None:
    settings = _settings()
    try:
        with open_driver(settings) as driver, _progress(quiet) as bar:
            run = _run_load(driver, settings, kind, files, bar, classification, mapping)
    except (DatabaseError, neo4j.exceptions.ServiceUnavailable) as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    _print_load_summary(run)
    if run.failed:
        sys.exit(EXIT_FAILED)


def _count_lines(path: Path) -> int:
    """Data rows of a CSV (lines less the header), counted in blocks without parsing."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
    return max(count - 1, 1)


def _print_load_summary(run: Run) -> None:
    console = _console()
    for notice in run.notices:
        console.print(f"[yellow]interrupted[/yellow] {notice}", highlight=False)
    table = Table(title=f"load run {run.run_id}", show_header=True)
    columns = ("file", "status", "classification", "records", "bad", "nodes", "relations")
    for column in columns:
        table.add_column(column, justify="right" if column in columns[3:] else "left")
    for report in run.files:
        table.add_row(
            Path(report.path).name,
            report.status,
            report.classification or "",
            str(report.records),
            str(report.bad_records),
            str(sum(report.nodes.values())),
            str(sum(report.edges.values())),
        )
    console.print(table)
    for report in run.files:
        if report.resumed:
            line = f"[yellow]resumed[/yellow] {report.path}: {report.resumed}"
            console.print(line, highlight=False)
        for warning in report.warnings[:10]:
            console.print(f"[yellow]warning[/yellow] {report.path}: {warning}", highlight=False)
        if report.failure:
            console.print(f"[red]error[/red] {report.path}: {report.failure}", highlight=False)
    if run.errors_file.count:
        console.print(
            f"[red]{run.errors_file.count} bad records[/red] written to {run.errors_file.path}",
            highlight=False,
        )
    console.print(f"summary: {run.summary_path}", highlight=False)


_FILES = click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
_QUIET = click.option("--quiet", is_flag=True, help="No progress bars; the summary only.")


@load.command("contributions")
@_FILES
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML mapping this table's column names onto fields (columns: {Geber: donor}).",
)
@_CLASSIFICATION
@_QUIET
def load_contributions_cmd(
    files: tuple[Path, ...], mapping: Path | None, classification: str | None, quiet: bool
) -> None:
    """Donor contribution tables (CSV or XLSX): donor, country, project, sector, amount.

    Undeclared tables are restricted: pass --classification public for published data."""
    _load_files("contributions", files, mapping, quiet, classification)


@load.command("iati")
@_FILES
@_CLASSIFICATION
@_QUIET
def load_iati_cmd(files: tuple[Path, ...], classification: str | None, quiet: bool) -> None:
    """IATI activity XML (2.01-2.03, and 1.0x): one document per file.

    Undeclared files are restricted: pass --classification public for published data."""
    _load_files("iati", files, None, quiet, classification)


@load.command("fiu-transfers")
@_FILES
@_QUIET
def load_fiu_cmd(files: tuple[Path, ...], quiet: bool) -> None:
    """FIU transfer exports (CSV), any size (streamed), as restricted TRANSFER relationships.

    A load that was stopped part way (killed, or Neo4j went away) resumes after the
    rows it had committed when run again on the same file.
    """
    _load_files("fiu-transfers", files, None, quiet)


@load.command("ftm")
@_FILES
@_CLASSIFICATION
@_QUIET
def load_ftm_cmd(files: tuple[Path, ...], classification: str | None, quiet: bool) -> None:
    """FollowTheMoney entities (JSON lines): restricted nodes and relationships unless
    declared public (published data such as sanctions lists)."""
    _load_files("ftm", files, None, quiet, classification)


@main.group()
def export() -> None:
    """Write graph data out: FtM JSON lines, or tables for spreadsheets.

    An operator tool: it reads restricted data directly from Neo4j, without the
    API's access checks. Keep what it writes where restricted data may be kept.
    """


@export.command("ftm")
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
    import json

    from graphhub.queries import export as queries
    from ingestion.sources.ftm import to_ftm

    chosen = [x for x in (entity_id, finding_id, restricted or None) if x]
    if len(chosen) != 1:
        raise click.UsageError("choose exactly one of --entity, --finding, --restricted")
    settings = _settings()
    database = settings.neo4j_database
    count = 0
    try:
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
    except queries.ExportError as exc:
        _fail(str(exc), EXIT_FAILED)
        return
    except (DatabaseError, neo4j.exceptions.ServiceUnavailable) as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    click.echo(f"{count} FtM entities written to {output}")


@export.command("table")
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
    settings = _settings()
    try:
        with open_driver(settings) as driver:
            columns, rows = queries.table_rows(
                driver, settings.neo4j_database, query, restricted_ok=query == "transfers"
            )
            count = queries.write_table(output, columns, rows)
    except (DatabaseError, neo4j.exceptions.ServiceUnavailable) as exc:
        _fail(str(exc), EXIT_ENVIRONMENT)
        return
    click.echo(f"{count} rows written to {output}")


if TYPE_CHECKING:
    from rich.progress import TaskID

