"""`graphhub ingest`: reports (text, HTML, PDF, Word) through the extraction pipeline."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graphhub.cli import display, exits
from graphhub.cli.context import settings as current_settings
from graphhub.cli.load import run_load
from graphhub.cli.options import CLASSIFICATION
from graphhub.db.driver import open_driver


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--classification", **CLASSIFICATION)
@click.option("--quiet", is_flag=True, help="No progress bar; the summary only.")
def ingest(paths: tuple[Path, ...], classification: str | None, quiet: bool) -> None:
    """Ingest reports (.txt .md .html .pdf .docx) from files or folders (recursive).

    A folder may declare the classification of the documents under it in a file named
    .classification (one word: public or restricted); the stricter of it and
    --classification applies. Exit code 1 when any file failed; the others are still
    ingested.
    """
    settings = current_settings()
    with open_driver(settings) as driver, display.progress(quiet) as bar:
        summary = run_load(
            driver, settings, "documents", paths, bar, classification, None,
            command="ingest " + " ".join(str(p) for p in paths),
        )
    display.ingest_summary(summary)
    if summary.failed:
        sys.exit(exits.FAILED)
