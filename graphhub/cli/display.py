"""What the commands print: the console, progress bars and run summaries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from rich.progress import TaskID

    from ingestion.formats import Format
    from ingestion.load import Progress as LoadProgress
    from ingestion.run import Run

# Output width when stdout is not a terminal: wide enough that no message is wrapped.
PIPE_WIDTH = 10_000


def console(stderr: bool = False) -> Console:
    """Rich output: a terminal's own width, else one unwrapped line per message (pipes, CI)."""
    if (sys.stderr if stderr else sys.stdout).isatty():
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=PIPE_WIDTH, soft_wrap=True)


def progress(quiet: bool) -> Progress:
    """Progress bars on stderr (none when ``quiet``)."""
    return Progress(
        TextColumn("{task.description:<40.40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=quiet,
        console=console(stderr=True),
    )


def load_bars(bar: Progress, title: str) -> LoadProgress:
    """What a load reports, drawn on ``bar``: its files, and the rows of a streamed file."""
    from ingestion.formats import Route
    from ingestion.load import Progress as LoadProgress

    class Bars(LoadProgress):
        task: TaskID | None = None
        rows_task: TaskID | None = None

        def files(self, total: int) -> None:
            self.task = bar.add_task(title, total=total)

        def started(self, path: Path, fmt: Format) -> None:
            assert self.task is not None
            bar.update(self.task, description=path.name)
            if fmt.route is Route.BULK:
                self.rows_task = bar.add_task(f"  rows of {path.name}", total=count_lines(path))

        def rows(self, path: Path, done: int) -> None:
            if self.rows_task is not None:
                bar.update(self.rows_task, completed=done)

        def finished(self, path: Path) -> None:
            assert self.task is not None
            bar.update(self.task, advance=1, description=path.name)

    return Bars()


def count_lines(path: Path) -> int:
    """Data rows of a CSV (lines less the header), counted in blocks without parsing."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
    return max(count - 1, 1)


def ingest_summary(summary: Run) -> None:
    """The table of an ingest run, then its warnings (the first 20) and errors."""
    out = console()
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
    out.print(table)
    for warning in summary.warnings[:20]:
        out.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    if len(summary.warnings) > 20:
        out.print(f"... and {len(summary.warnings) - 20} more warnings")
    for error in summary.errors:
        out.print(f"[red]error[/red] {error}", highlight=False)


def load_summary(run: Run) -> None:
    """The table of a load run (a row per file), then what each file reported."""
    out = console()
    for notice in run.notices:
        out.print(f"[yellow]interrupted[/yellow] {notice}", highlight=False)
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
    out.print(table)
    for report in run.files:
        if report.resumed:
            line = f"[yellow]resumed[/yellow] {report.path}: {report.resumed}"
            out.print(line, highlight=False)
        for warning in report.warnings[:10]:
            out.print(f"[yellow]warning[/yellow] {report.path}: {warning}", highlight=False)
        if report.failure:
            out.print(f"[red]error[/red] {report.path}: {report.failure}", highlight=False)
    if run.errors_file.count:
        out.print(
            f"[red]{run.errors_file.count} bad records[/red] written to {run.errors_file.path}",
            highlight=False,
        )
    out.print(f"summary: {run.summary_path}", highlight=False)
