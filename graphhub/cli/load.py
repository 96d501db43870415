"""`graphhub load`: one subcommand per structured format of ``ingestion.formats.FORMATS``.

The registry is the only place that knows the formats: :func:`command` builds a
format's subcommand from its entry (``--mapping`` when it takes one,
``--classification`` when it may be declared, a bar for its rows when it streams),
so a new format gets its command with no change here. :func:`run_load` is the
one call into the ingestion line, shared with ``graphhub ingest``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from graphhub.cli import display, exits
from graphhub.cli.context import settings as current_settings
from graphhub.cli.options import CLASSIFICATION
from graphhub.config import Settings
from graphhub.db.driver import open_driver

if TYPE_CHECKING:
    import neo4j
    from rich.progress import Progress

    from ingestion.formats import Format
    from ingestion.run import Run

_DECLARABLE = "Undeclared files are restricted: pass --classification public for published data."
_RESUMABLE = (
    "A load that was stopped part way (killed, or Neo4j went away) resumes after the "
    "rows it had committed when run again on the same file."
)


def loadable() -> dict[str, Format]:
    """The formats with a ``load`` subcommand: all but narrative documents (``ingest``)."""
    from ingestion.formats import FORMATS, Route

    return {name: fmt for name, fmt in FORMATS.items() if fmt.route is not Route.DOCUMENTS}


class _Formats(click.Group):
    """Subcommands built from the registry when asked for (the readers load only then)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(loadable())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        fmt = loadable().get(cmd_name)
        return None if fmt is None else command(fmt)


@click.group("load", cls=_Formats)
def group() -> None:
    """Load structured sources: one subcommand per format (tables, IATI, FTS, FIU, FtM).

    Each file is one document (id = content hash): an unchanged file is skipped. Bad
    rows are written to <state dir>/runs/<run id>-errors.csv and the good ones load;
    exit code 1 when any file or row failed.
    """


def command(fmt: Format) -> click.Command:
    """``load NAME FILE...``: the format's options, then --quiet."""
    from ingestion.formats import Route

    def callback(files: tuple[Path, ...], quiet: bool, **options: Any) -> None:
        load_files(fmt.name, files, quiet, options.get("mapping"), options.get("classification"))

    params: list[click.Parameter] = [
        click.Argument(
            ["files"],
            nargs=-1,
            required=True,
            type=click.Path(exists=True, path_type=Path),
        )
    ]
    if fmt.mapping is not None:
        params.append(
            click.Option(
                ["--mapping"],
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                default=None,
                help=fmt.mapping_help,
            )
        )
    if fmt.declarable:
        params.append(click.Option(["--classification"], **CLASSIFICATION))
    params.append(
        click.Option(["--quiet"], is_flag=True, help="No progress bars; the summary only.")
    )
    endings = " ".join(fmt.suffixes)
    notes = [f"FILES may be folders: their files ending in {endings} are loaded (recursive)."]
    notes += [_DECLARABLE] if fmt.declarable else []
    notes += [_RESUMABLE] if fmt.route is Route.BULK else []
    notes += [f"README section '{fmt.readme}' documents its fields."] if fmt.readme else []
    return click.Command(
        fmt.name, callback=callback, params=params, help="\n\n".join([fmt.summary, *notes])
    )


def run_load(
    driver: neo4j.Driver,
    settings: Settings,
    kind: str,
    paths: tuple[Path, ...],
    bar: Progress,
    classification: str | None,
    mapping: Path | None,
    command: str | None = None,
) -> Run:
    """Load ``paths`` of format ``kind`` as one run, drawing its progress on ``bar``."""
    from ingestion.load import LoadOptions, load

    options = LoadOptions.from_settings(settings, classification=classification, mapping=mapping)
    return load(
        driver,
        settings.neo4j_database,
        kind,
        paths,
        state_dir=settings.state_dir,
        options=options,
        progress=display.load_bars(bar, f"loading {kind}"),
        command=command or f"load {kind} " + " ".join(str(f) for f in paths),
    )


def load_files(
    kind: str,
    files: tuple[Path, ...],
    quiet: bool,
    mapping: Path | None = None,
    classification: str | None = None,
) -> None:
    """Load ``files`` of one format as one run; print its summary; exit 1 when any failed."""
    settings = current_settings()
    with open_driver(settings) as driver, display.progress(quiet) as bar:
        run = run_load(driver, settings, kind, files, bar, classification, mapping)
    display.load_summary(run)
    if run.failed:
        sys.exit(exits.FAILED)
