"""One ingestion run, whatever it loads: its id, what each file did, its errors and summary.

A run is an ``IngestRun`` node in the graph (``graphhub.writer.runs``) and two files
under ``<state_dir>/runs``: ``<run_id>.json``, the summary, and ``<run_id>-errors.csv``
(file,row,column,value,reason), one line per record a reader refused, created on the
first. Every input (narrative documents, tables, IATI, FtM, FTS, FIU exports) reports
into the same ``Run``: one ``FileReport`` per file or document.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from graphhub.writer.runs import finish_run, progress_run, start_run
from ingestion.errors import IngestionError

ERROR_COLUMNS = ("file", "row", "column", "value", "reason")
# Record-level errors also kept on the IngestRun node; all of them are in the errors file.
RUN_ERRORS_KEPT = 100
# What a file or document ended as.
STATUSES = ("written", "replaced", "unchanged", "failed")


class ErrorFile:
    """The record errors of one run as CSV, created on the first error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.first: list[str] = []

    def add(self, errors: Iterable[IngestionError]) -> None:
        """Append errors (file, row, column, value, reason)."""
        errors = list(errors)
        rows = [
            (e.path or "", "" if e.row is None else e.row, e.field or "", _text(e.value), _why(e))
            for e in errors
        ]
        if not rows:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        with self.path.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            if fresh:
                writer.writerow(ERROR_COLUMNS)
            writer.writerows(rows)
        for error in errors:
            if len(self.first) < RUN_ERRORS_KEPT:
                self.first.append(str(error))
        self.count += len(rows)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _at(path: str, message: str) -> str:
    """``message`` after the file's path, unless it names the path already."""
    return message if message.startswith(path) else f"{path}: {message}"


def _why(error: IngestionError) -> str:
    return f"{error.message} ({error.reason})" if error.reason else error.message


@dataclass
class FileReport:
    """What loading one file (or one narrative document) did."""

    path: str
    kind: str
    status: str = "failed"  # one of STATUSES
    doc_id: str | None = None
    records: int = 0
    bad_records: int = 0
    nodes: Counter[str] = field(default_factory=Counter)
    edges: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    failure: str | None = None
    # "public (declared)", "restricted (default)": what the file went in as, and why.
    classification: str | None = None
    resumed: str | None = None  # what an interrupted earlier load had committed, when resumed
    words: int = 0  # words of a narrative document's text

    def summary(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        # asdict would rebuild the Counters from (key, value) pairs: plain dicts instead.
        fields = {k: v for k, v in vars(self).items() if k not in ("nodes", "edges")}
        return {**fields, "nodes": dict(self.nodes), "edges": dict(self.edges)}


@dataclass
class Run:
    """One run of ``graphhub ingest`` or ``graphhub load``: its files, errors and summary."""

    run_id: str
    state_dir: Path
    command: str = ""
    files: list[FileReport] = field(default_factory=list)
    # Notices about the run as a whole (an earlier run found interrupted, ...).
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.errors_file = ErrorFile(self.state_dir / "runs" / f"{self.run_id}-errors.csv")

    @classmethod
    def start(cls, driver: neo4j.Driver, database: str, state_dir: Path, command: str) -> Run:
        """Begin a run: its ``IngestRun`` node; earlier runs whose process is gone are
        marked interrupted, and said so in ``notices``."""
        run = cls(f"run:{uuid.uuid4().hex[:16]}", state_dir, command)
        for stale in start_run(driver, database, run.run_id, command):
            run.notices.append(
                f"{stale.describe()}; what it wrote is kept and skipped, this run loads the rest"
            )
        return run

    def add(self, report: FileReport) -> FileReport:
        """Count one file's report in the run."""
        self.files.append(report)
        return report

    def record_errors(self, report: FileReport, errors: list[IngestionError]) -> None:
        """Record errors (refused rows, elements) of one file in the errors file."""
        report.bad_records += len(errors)
        self.errors_file.add(errors)

    @property
    def summary_path(self) -> Path:
        return self.state_dir / "runs" / f"{self.run_id}.json"

    @property
    def documents(self) -> Counter[str]:
        """Files and documents by outcome (written, replaced, unchanged, failed), and how
        many of those loaded went in restricted."""
        counts = Counter(f.status for f in self.files)
        counts["restricted"] = sum(
            1
            for f in self.files
            if f.status != "failed" and (f.classification or "").startswith("restricted")
        )
        return counts

    @property
    def nodes(self) -> Counter[str]:
        return sum((f.nodes for f in self.files), Counter())

    @property
    def edges(self) -> Counter[str]:
        return sum((f.edges for f in self.files), Counter())

    @property
    def classified(self) -> Counter[str]:
        """Files written, by classification and why: "public (declared)", "restricted (marker)"."""
        return Counter(
            f.classification for f in self.files if f.classification and f.status != "failed"
        )

    @property
    def words(self) -> int:
        return sum(f.words for f in self.files)

    @property
    def warnings(self) -> list[str]:
        """The run's notices, then each file's warnings after its path."""
        return self.notices + [_at(f.path, w) for f in self.files for w in f.warnings]

    @property
    def errors(self) -> list[str]:
        """Files that failed, each with its reason (refused records are in the errors file)."""
        return [_at(f.path, f.failure) for f in self.files if f.failure]

    @property
    def failed(self) -> bool:
        """True when a file failed or a record was refused."""
        return self.errors_file.count > 0 or any(f.status == "failed" for f in self.files)

    @property
    def status(self) -> str:
        return "failed" if self.failed else "ok"

    def counts(self) -> dict[str, int]:
        """Flat counts for the IngestRun node."""
        flat: Counter[str] = Counter()
        flat.update({f"documents_{k}": v for k, v in self.documents.items()})
        flat.update({f"nodes_{k}": v for k, v in self.nodes.items()})
        flat.update({f"edges_{k}": v for k, v in self.edges.items()})
        flat.update({f"classified_{k.replace(' ', '_')}": v for k, v in self.classified.items()})
        flat["records"] = sum(f.records for f in self.files)
        flat["bad_records"] = self.errors_file.count
        flat["errors"] = self.errors_file.count + sum(f.status == "failed" for f in self.files)
        return dict(flat)

    def progress(self, driver: neo4j.Driver, database: str) -> None:
        """Record how far the run has got (an interrupted run still shows its counts)."""
        progress_run(driver, database, self.run_id, self.counts())

    def finish(self, driver: neo4j.Driver, database: str) -> None:
        """Record the run's counts and errors on its IngestRun and write its summary JSON."""
        errors = self.errors + self.errors_file.first
        if self.errors_file.count:
            errors.append(
                f"{self.errors_file.count} bad records in all; see {self.errors_file.path}"
            )
        finish_run(driver, database, self.run_id, self.counts(), errors)
        self.summary_path.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "run_id": self.run_id,
            "command": self.command,
            "status": self.status,
            "counts": self.counts(),
            "errors_file": str(self.errors_file.path) if self.errors_file.count else None,
            "notices": self.notices,
            "files": [f.summary() for f in self.files],
        }
        self.summary_path.write_text(json.dumps(summary, indent=1, default=str) + "\n", "utf-8")
