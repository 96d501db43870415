"""The ``graphhub`` command line: the ``main`` group and its command groups.

Each command group lives in its own module; :mod:`graphhub.cli.exits` holds the exit
codes and which error ends a command with which; :mod:`graphhub.cli.display` what
the commands print.
"""

from __future__ import annotations

from typing import Any

import click

from graphhub import __version__, logs
from graphhub.cli import check, db, exits, export, ingest, load, report, review, schema, serve
from graphhub.config import Settings


class _Main(click.Group):
    """The top group: every command runs inside the exit-code rules."""

    def invoke(self, ctx: click.Context) -> Any:
        with exits.mapped():
            return super().invoke(ctx)


@click.group(cls=_Main)
@click.version_option(__version__, prog_name="graphhub")
@click.pass_context
def main(ctx: click.Context) -> None:
    """graphhub: who funds what, and which money flows reach which trafficking groups."""
    settings = Settings.from_env()
    ctx.obj = settings
    logs.configure(settings.log_level, settings.log_format)


for _command in (
    db.group,
    schema.group,
    serve.serve,
    serve.demo,
    ingest.ingest,
    report.group,
    load.group,
    export.group,
    check.group,
    review.group,
):
    main.add_command(_command)
