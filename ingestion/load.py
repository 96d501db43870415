"""The one entry point of ingestion: files of one format into the graph, as one run.

``load(driver, database, "contributions", paths, state_dir=...)`` expands folders (the
format's file endings), then sends every file along its format's route:

- ``documents``: narrative text, read, classified and extracted (``ingestion.narrative``);
- ``file``: a structured file is one document: checked, given its id (the file's hash
  and the load's options), skipped when already in the graph, read by the format's
  reader, resolved and written in one transaction (``ingestion.commit``);
- ``bulk``: streamed in batches, resumable (``ingestion.transfers``).

A file that fails is reported with its reason and the run goes on; the run's records
refused by a reader go to its errors file (``ingestion.run``). The CLI, the upload
endpoint, the demo and the benchmarks all come through here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from graphhub.config import DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_FILE_MB, Settings
from graphhub.ids import content_hash
from graphhub.model import RESTRICTED, Label
from graphhub.writer.documents import present_documents
from ingestion import narrative, transfers
from ingestion.classification import DECLARED, DEFAULT, Classified
from ingestion.classification import check as check_classification
from ingestion.commit import DocumentInfo, commit_extraction
from ingestion.errors import IngestionError, RecordError
from ingestion.formats import Format, Identity, Route, format_named
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.readers.paths import found_files
from ingestion.resolve import Resolver
from ingestion.resolve.identity import SourceIdentityResolver
from ingestion.resolve.known import known_nodes, seeded_resolver
from ingestion.run import FileReport, Run
from ingestion.sources.files import check_file, load_fingerprint

DEFAULT_MAX_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024


@dataclass(frozen=True)
class LoadOptions:
    """What a caller may set for a load; every field has the default the CLI uses."""

    classification: str | None = None  # declared; undeclared means restricted
    mapping: Path | None = None  # a column mapping, for formats that take one
    max_bytes: int = DEFAULT_MAX_BYTES  # per file (streamed exports have no limit)
    limits: ReadLimits | None = None  # archive, column and field limits (from the environment)
    aliases_file: Path | None = None
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS  # a cell of a streamed export
    batch_rows: int = transfers.BATCH_ROWS  # rows per transaction of a streamed export
    group_size: int = narrative.EXTRACT_GROUP  # narrative documents extracted together
    # A resolver shared by several loads (one run over several formats); else one per load.
    resolver: Resolver | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **given: Any) -> LoadOptions:
        """The options the ``GRAPHHUB_*`` settings give, with ``given`` on top."""
        base: dict[str, Any] = {
            "max_bytes": settings.max_file_mb * 1024 * 1024,
            "aliases_file": settings.aliases_file,
            "max_field_chars": settings.max_field_chars,
            "batch_rows": settings.bulk_batch_rows,
        }
        return cls(**{**base, **given})


class Progress:
    """What a load reports as it goes (the CLI draws bars from it); silent by default."""

    def files(self, total: int) -> None:
        """How many files the load will go through."""

    def started(self, path: Path, fmt: Format) -> None:
        """A file is about to be loaded."""

    def rows(self, path: Path, done: int) -> None:
        """Rows of a streamed file loaded so far."""

    def finished(self, path: Path) -> None:
        """A file is done (whatever came of it)."""


@dataclass
class _Load:
    """One load under way: where it writes, its run, its options and its resolver."""

    driver: neo4j.Driver
    database: str
    fmt: Format
    run: Run
    options: LoadOptions
    progress: Progress
    _resolver: Resolver | None = field(default=None, repr=False)
    _mapping: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def resolver(self) -> Resolver:
        """The load's resolver, seeded from the graph on first use."""
        if self._resolver is None:
            self._resolver = self.options.resolver or self._new_resolver()
        return self._resolver

    def _new_resolver(self) -> Resolver:
        if self.fmt.identity is Identity.SOURCE:
            return SourceIdentityResolver()
        return seeded_resolver(self.driver, self.database, self.options.aliases_file)

    def mapping(self) -> Mapping[str, Any] | None:
        """The column mapping given with the load, read once (a bad one fails each file)."""
        if self.fmt.mapping is None or self.options.mapping is None:
            return None
        if self._mapping is None:
            self._mapping = self.fmt.mapping(self.options.mapping)
        return self._mapping


def load(
    driver: neo4j.Driver,
    database: str,
    format_name: str,
    paths: Iterable[Path],
    *,
    state_dir: Path | None = None,
    options: LoadOptions | None = None,
    progress: Progress | None = None,
    command: str | None = None,
    run: Run | None = None,
) -> Run:
    """Load files and folders of one format as one run, and return the run.

    Errors of files and records are in the run, never raised; a database that goes
    away (``neo4j.exceptions.DriverError``) is. Given ``run``, the files join that run
    and the caller finishes it; else the run is started here (its files under
    ``state_dir``, by default ``GRAPHHUB_STATE_DIR``) and finished at the end.
    """
    fmt = format_named(format_name)
    roots = [Path(p) for p in paths]
    own = run is None
    if run is None:
        words = " ".join(str(p) for p in roots)
        state = state_dir or Settings.from_env().state_dir
        run = Run.start(driver, database, state, command or f"load {fmt.name} {words}")
    job = _Load(driver, database, fmt, run, options or LoadOptions(), progress or Progress())
    files = list(found_files(roots, fmt.suffixes))
    job.progress.files(len(files))
    _ROUTES[fmt.route](job, files)
    if own:
        run.finish(driver, database)
    return run


def _documents(job: _Load, files: list[tuple[Path, Path]]) -> None:
    def done(path: str) -> None:
        job.progress.finished(Path(path))

    narrative.ingest_documents(
        job.driver,
        job.database,
        files,
        job.run,
        max_bytes=job.options.max_bytes,
        resolver=job.resolver,
        progress=done,
        group_size=job.options.group_size,
        classification=job.options.classification,
    )


def _each_file(load_one: Callable[[_Load, Path, FileReport], None]) -> Callable[..., None]:
    """A route that loads files one by one; a file-level error fails that file only."""

    def route(job: _Load, files: list[tuple[Path, Path]]) -> None:
        for path, _ in files:
            job.progress.started(path, job.fmt)
            report = job.run.add(FileReport(str(path), job.fmt.name))
            try:
                load_one(job, path, report)
            except (IngestionError, neo4j.exceptions.Neo4jError) as exc:
                report.status = "failed"
                report.failure = str(exc)
            except neo4j.exceptions.DriverError:
                raise  # the database is gone: the run cannot go on (the command says so)
            except Exception as exc:  # a reader's error on input nobody foresaw: this file only
                report.status = "failed"
                report.failure = f"could not be read ({type(exc).__name__}: {exc})"
            job.progress.finished(path)

    return route


def _structured(job: _Load, path: Path, report: FileReport) -> None:
    """One structured file as one document (see the module's docstring)."""
    assert job.fmt.read is not None
    check_file(path, job.options.max_bytes)
    mapping = job.mapping()
    declared = check_classification(job.options.classification)
    how = Classified(declared, DECLARED) if declared else Classified(RESTRICTED, DEFAULT)
    report.classification = how.label
    # The same file loaded with other options (a corrected mapping, another declared
    # classification) is a new version of its document, which replaces the earlier load.
    fingerprint: dict[str, Any] = {"classification": declared}
    if job.fmt.mapping is not None:
        fingerprint["mapping"] = mapping
    report.doc_id = doc_id = load_fingerprint(content_hash(path), fingerprint)
    if present_documents(job.driver, job.database, [doc_id]):
        report.status = "unchanged"
        return
    limits = job.options.limits or current_limits()
    read = job.fmt.read(path, doc_id=doc_id, limits=limits, mapping=mapping)
    job.run.record_errors(report, list(read.errors))
    report.records = read.records
    doc = DocumentInfo(
        id=doc_id,
        title=path.name,
        kind=job.fmt.kind,
        path=str(path.resolve()),
        classification=how.classification,
        props={"size": path.stat().st_size, **read.props},
        classified=how,
    )
    committed = commit_extraction(
        job.driver, job.database, doc, read.extraction, job.resolver, job.run.run_id,
        structured=True,
    )
    report.status = committed.status
    report.nodes.update(committed.nodes_by_label)
    report.edges.update(committed.edges_by_type)
    report.warnings.extend(committed.warnings)
    if read.broken is not None:
        report.status = "failed"
        report.failure = read.broken


def _streamed(job: _Load, path: Path, report: FileReport) -> None:
    """An FIU transfer export through the bulk path; a stopped load is resumed."""
    known = [n for n in known_nodes(job.driver, job.database) if n.label is not Label.ORGANIZATION]

    def on_errors(errors: list[RecordError]) -> None:
        job.run.record_errors(report, list(errors))

    done = transfers.load_transfers(
        job.driver,
        job.database,
        path,
        known=known,
        run_id=job.run.run_id,
        max_field_chars=job.options.max_field_chars,
        batch_rows=job.options.batch_rows,
        read_rows=max(job.options.batch_rows, transfers.READ_ROWS),
        progress=lambda rows: job.progress.rows(path, rows),
        on_errors=on_errors,
        mapping=job.mapping(),
    )
    report.classification = "restricted (always)"
    report.doc_id = done.doc_id
    report.status = done.status
    report.records = done.rows_read
    report.nodes.update(done.entities)
    if done.transfers:
        report.edges["TRANSFER"] = done.transfers
    if done.holds:
        report.edges["HOLDS"] = done.holds
    report.warnings.extend(done.warnings)
    if done.resumed:
        report.resumed = (
            f"rows up to {done.resumed_through:,} were in the graph already "
            f"({done.transfers_kept:,} transfers kept); loaded the rows after them"
        )


_ROUTES: dict[Route, Callable[[_Load, list[tuple[Path, Path]]], None]] = {
    Route.DOCUMENTS: _documents,
    Route.FILE: _each_file(_structured),
    Route.BULK: _each_file(_streamed),
}


def load_file(
    driver: neo4j.Driver,
    database: str,
    format_name: str,
    path: Path,
    *,
    run: Run | None = None,
    state_dir: Path | None = None,
    **options: Any,
) -> FileReport:
    """Load one file of a format and return its report (``options``: ``LoadOptions`` fields).

    In ``run`` when given; else in a run of its own that the graph does not record (no
    ``IngestRun`` node), as a library caller loading one file expects.
    """
    if run is None:
        run = Run(f"run:{uuid.uuid4().hex[:16]}", state_dir or Settings.from_env().state_dir)
    load(driver, database, format_name, [path], options=LoadOptions(**options), run=run)
    return run.files[-1]
