"""Structured sources into the graph: contribution tables, IATI activity files, FtM entities.

Each file is one ``Document`` (id = content hash; kind ``table``, ``iati`` or ``ftm``)
whose records go through the resolver, seeded from the graph, and the batch writer
in one transaction (``load_extraction``): a file is in the graph wholly or not at
all, and a file already there is skipped before it is parsed. An IATI file is one
document holding all its activities; the file size limit (``GRAPHHUB_MAX_FILE_MB``)
bounds what that transaction holds.

Bad rows and elements do not stop a file: each becomes a line of the run's errors
file, ``<state_dir>/runs/<run_id>-errors.csv`` (file,row,column,value,reason), beside
the run's summary ``<run_id>.json``, and the ``IngestRun`` counts them. FIU transfer
exports take the bulk path (``ingestion.bulk``) under the same run.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from graphhub.config import DEFAULT_MAX_FIELD_CHARS
from graphhub.ids import content_hash, make_id
from graphhub.model import RESTRICTED, Label, RelType
from ingestion import bulk
from ingestion.classification import DECLARED, DEFAULT, Classified
from ingestion.classification import check as check_classification
from ingestion.errors import IngestionError, ReadError, RecordError
from ingestion.known import known_nodes, present_documents
from ingestion.load import DocumentInfo, LoadReport, load_extraction
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.records import Extraction, NodeRecord
from ingestion.resolve import Decision, Resolution, ResolvedNode, Resolver
from ingestion.resolve.keys import kind_of
from ingestion.sources.files import check_file, load_fingerprint
from ingestion.sources.ftm import read_ftm
from ingestion.sources.iati import read_iati
from ingestion.sources.tables import load_mapping, read_contributions

ERROR_COLUMNS = ("file", "row", "column", "value", "reason")
KINDS = ("contributions", "iati", "ftm", "fiu-transfers")
# Record-level errors also kept on the IngestRun node; all of them are in the errors file.
RUN_ERRORS_KEPT = 100

Progress = Callable[[str, int], None]


class ErrorFile:
    """The record errors of one run as CSV, created on the first error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.first: list[str] = []

    def add(self, errors: Iterable[IngestionError]) -> None:
        """Append errors (file, row, column, value, reason)."""
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


def _why(error: IngestionError) -> str:
    return f"{error.message} ({error.reason})" if error.reason else error.message


@dataclass
class FileReport:
    """What loading one file did."""

    path: str
    kind: str
    status: str = "failed"  # "written", "replaced", "unchanged" or "failed"
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


def _declared(classification: str | None, report: FileReport) -> dict[str, Any]:
    """The document fields for a declared (or undeclared: restricted) classification."""
    declared = check_classification(classification)
    how = Classified(declared, DECLARED) if declared else Classified(RESTRICTED, DEFAULT)
    report.classification = how.label
    return {"classification": how.classification, "classified": how}


@dataclass
class LoadRun:
    """One ``graphhub load`` run: its IngestRun id, files, errors file and summary file."""

    run_id: str
    state_dir: Path
    files: list[FileReport] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.errors = ErrorFile(self.state_dir / "runs" / f"{self.run_id}-errors.csv")
        # Earlier runs found 'running' with their process gone, marked interrupted at start.
        self.interrupted: list[str] = []

    @property
    def summary_path(self) -> Path:
        return self.state_dir / "runs" / f"{self.run_id}.json"

    @property
    def failed(self) -> bool:
        """True when a file failed or a record was refused."""
        return self.errors.count > 0 or any(f.status == "failed" for f in self.files)

    def counts(self) -> dict[str, int]:
        """Flat counts for the IngestRun node."""
        flat: Counter[str] = Counter()
        for report in self.files:
            flat[f"documents_{report.status}"] += 1
            flat.update({f"nodes_{k}": v for k, v in report.nodes.items()})
            flat.update({f"edges_{k}": v for k, v in report.edges.items()})
        flat["records"] = sum(f.records for f in self.files)
        flat["bad_records"] = self.errors.count
        flat["errors"] = self.errors.count + sum(f.status == "failed" for f in self.files)
        return dict(flat)


def start_load(driver: neo4j.Driver, database: str, state_dir: Path, command: str) -> LoadRun:
    """Begin a run: an ``IngestRun`` node and an errors file path under ``state_dir/runs``."""
    from ingestion.write import start_run

    run = LoadRun(f"run:{uuid.uuid4().hex[:16]}", state_dir)
    stale = start_run(driver, database, run.run_id, command)
    run.interrupted = [previous.describe() for previous in stale]
    return run


def finish_load(driver: neo4j.Driver, database: str, run: LoadRun) -> None:
    """Record the run's counts and errors on its IngestRun and write its summary JSON."""
    from ingestion.write import finish_run

    errors = [f"{f.path}: {f.failure}" for f in run.files if f.failure]
    errors += run.errors.first
    if run.errors.count:
        errors.append(f"{run.errors.count} bad records in all; see {run.errors.path}")
    finish_run(driver, database, run.run_id, run.counts(), errors)
    run.summary_path.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "run_id": run.run_id,
        "counts": run.counts(),
        "errors_file": str(run.errors.path) if run.errors.count else None,
        "files": [_file_summary(f) for f in run.files],
    }
    run.summary_path.write_text(json.dumps(summary, indent=1, default=str) + "\n", "utf-8")


def _file_summary(report: FileReport) -> dict[str, Any]:
    # asdict would rebuild the Counters from (key, value) pairs: plain dicts instead.
    fields = {k: v for k, v in vars(report).items() if k not in ("nodes", "edges")}
    return {**fields, "nodes": dict(report.nodes), "edges": dict(report.edges)}


def seeded_resolver(
    driver: neo4j.Driver, database: str, aliases_file: Path | None = None
) -> Resolver:
    """A resolver with the alias files and everything the graph already knows."""
    resolver = Resolver.with_aliases(aliases_file)
    resolver.seed(known_nodes(driver, database))
    return resolver


def _begin(
    driver: neo4j.Driver,
    database: str,
    path: Path,
    max_bytes: int | None,
    report: FileReport,
    options: Mapping[str, object] | None = None,
) -> bool:
    """Check the file's size and give the load its id; False (unchanged) when in the graph.

    The id is ``load_fingerprint`` of the file's hash and the load's options: the same
    file loaded with other options (a corrected mapping) is a new version of the
    document, which replaces what the earlier load asserted.
    """
    if max_bytes is not None:
        check_file(path, max_bytes)
    report.doc_id = load_fingerprint(content_hash(path), options or {})
    if present_documents(driver, database, [report.doc_id]):
        report.status = "unchanged"
        return False
    return True


def _write(
    driver: neo4j.Driver,
    database: str,
    report: FileReport,
    doc: DocumentInfo,
    extraction: Extraction,
    resolver: Resolver,
    run: LoadRun | None,
) -> None:
    loaded: LoadReport = load_extraction(
        driver, database, doc, extraction, resolver, run.run_id if run else None
    )
    report.status = loaded.status
    report.nodes.update(loaded.nodes_by_label)
    report.edges.update(loaded.edges_by_type)
    report.warnings.extend(loaded.warnings)


def _record_errors(report: FileReport, errors: list[RecordError], run: LoadRun | None) -> None:
    report.bad_records += len(errors)
    if run is not None:
        run.errors.add(errors)


def _guarded(
    kind: str, load: Callable[[FileReport], None], path: Path, run: LoadRun | None
) -> FileReport:
    """Run one file's load; a file-level error fails that file only and is reported."""
    report = FileReport(str(path), kind)
    try:
        load(report)
    except (IngestionError, neo4j.exceptions.Neo4jError) as exc:
        report.status = "failed"
        report.failure = str(exc)
    except neo4j.exceptions.DriverError:
        raise  # the database is gone: the run cannot go on (the command says so)
    except Exception as exc:  # a reader's error on input nobody foresaw: this file only
        report.status = "failed"
        report.failure = f"could not be read ({type(exc).__name__}: {exc})"
    if run is not None:
        run.files.append(report)
    return report


def load_contributions(
    driver: neo4j.Driver,
    database: str,
    path: Path | str,
    mapping: Path | str | None = None,
    *,
    run: LoadRun | None = None,
    resolver: Resolver | None = None,
    max_bytes: int | None = None,
    limits: ReadLimits | None = None,
    classification: str | None = None,
) -> FileReport:
    """Load a contribution table (CSV/XLSX) as one document; bad rows are reported.

    ``classification`` is what the caller declares of the table; undeclared, it is
    restricted (as every structured load). The mapping (columns and defaults) and the
    classification are part of the load's id: loading the same table again with a
    corrected mapping, or declared otherwise, replaces the earlier load of it.
    """
    source = Path(path)

    def load(report: FileReport) -> None:
        spec = load_mapping(mapping) if mapping else None
        options = {"mapping": spec, "classification": check_classification(classification)}
        if not _begin(driver, database, source, max_bytes, report, options):
            return
        extraction, errors = read_contributions(
            source, spec, limits=limits or current_limits(), doc_id=report.doc_id
        )
        _record_errors(report, errors, run)
        bad_rows = len({e.row for e in errors})
        report.records = sum(1 for e in extraction.edges if e.type is RelType.FUNDS) + bad_rows
        doc = DocumentInfo(
            id=extraction.doc_id,
            title=source.name,
            kind="table",
            path=str(source.resolve()),
            **_declared(classification, report),
            props={"size": source.stat().st_size, "bad_rows": bad_rows},
        )
        _write(
            driver,
            database,
            report,
            doc,
            extraction,
            resolver or seeded_resolver(driver, database),
            run,
        )

    return _guarded("contributions", load, source, run)


def merge_extractions(doc_id: str, parts: Iterable[Extraction]) -> Extraction:
    """One document's records from several parts (IATI activities): nodes merged by ref."""
    nodes: dict[str, NodeRecord] = {}
    merged = Extraction(doc_id)
    for part in parts:
        for node in part.nodes:
            seen = nodes.get(node.ref)
            if seen is None:
                nodes[node.ref] = node
                continue
            for key, value in node.props.items():
                seen.props.setdefault(key, value)
            for alias in (node.name, *node.aliases):
                if alias and alias != seen.name and alias not in seen.aliases:
                    seen.aliases.append(alias)
            seen.evidence.extend(node.evidence)
        merged.edges.extend(part.edges)
    merged.nodes = list(nodes.values())
    return merged


def load_iati(
    driver: neo4j.Driver,
    database: str,
    path: Path | str,
    *,
    run: LoadRun | None = None,
    resolver: Resolver | None = None,
    max_bytes: int | None = None,
    limits: ReadLimits | None = None,
    classification: str | None = None,
) -> FileReport:
    """Load an IATI activity file as one document holding all its activities.

    Broken XML after some activities: the activities read before the break are
    loaded and the break is reported (the file counts as failed).
    """
    source = Path(path)

    def load(report: FileReport) -> None:
        if not _begin(
            driver, database, source, max_bytes, report,
            {"classification": check_classification(classification)},
        ):
            return
        errors: list[RecordError] = []
        parts: list[Extraction] = []
        broken: ReadError | None = None
        try:
            parts.extend(read_iati(source, errors, limits=limits, doc_id=report.doc_id))
        except ReadError as exc:
            if not parts:
                raise
            broken = exc
        _record_errors(report, errors, run)
        report.records = len(parts)
        doc_id = report.doc_id or content_hash(source)
        doc = DocumentInfo(
            id=doc_id,
            title=source.name,
            kind="iati",
            path=str(source.resolve()),
            **_declared(classification, report),
            props={"size": source.stat().st_size, "activities": len(parts)},
        )
        _write(
            driver,
            database,
            report,
            doc,
            merge_extractions(doc_id, parts),
            resolver or seeded_resolver(driver, database),
            run,
        )
        if broken is not None:
            report.status = "failed"
            report.failure = f"{broken}; the {len(parts)} activities before it were loaded"

    return _guarded("iati", load, source, run)


class FtmResolver(Resolver):
    """FtM entities keep the identity their source gave them: no name matching.

    An FtM id is a judgement the source (or its deduplication) already made; merging
    two of them by a similar name would make the export differ from the import. An id
    that is already a graph id of the same kind (a file exported from graphhub) is
    kept as it is, so re-importing an export lands on the same nodes.
    """

    def resolve(self, extraction: Extraction) -> Resolution:
        result = Resolution(extraction.doc_id)
        for record in extraction.nodes:
            ftm_id = str(record.props.get("ftm_id") or record.ref)
            kind = kind_of(record.label)
            if ftm_id.startswith(f"{kind}:"):
                node_id, how = ftm_id, f"graph id {ftm_id} given by the FtM file"
            else:
                node_id = make_id(kind, "ftm", ftm_id)
                how = f"FollowTheMoney id {ftm_id} given by the source; kept as its identity"
            result.nodes[record.ref] = ResolvedNode(
                id=node_id,
                label=record.label,
                name=record.name,
                props=dict(record.props),
                aliases=tuple(record.aliases),
                decision=Decision("code", 1.0, None, how),
            )
        return result


def load_ftm(
    driver: neo4j.Driver,
    database: str,
    path: Path | str,
    *,
    run: LoadRun | None = None,
    max_bytes: int | None = None,
    limits: ReadLimits | None = None,
    classification: str | None = None,
) -> FileReport:
    """Load FollowTheMoney JSON lines as one document (restricted unless declared public);
    unmapped schemata are reported."""
    source = Path(path)

    def load(report: FileReport) -> None:
        if not _begin(
            driver, database, source, max_bytes, report,
            {"classification": check_classification(classification)},
        ):
            return
        extraction, errors = read_ftm(source, limits, doc_id=report.doc_id)
        _record_errors(report, errors, run)
        report.records = len(extraction.nodes) + len(extraction.edges)
        doc = DocumentInfo(
            id=extraction.doc_id,
            title=source.name,
            kind="ftm",
            path=str(source.resolve()),
            **_declared(classification, report),
            props={"size": source.stat().st_size},
        )
        _write(driver, database, report, doc, extraction, FtmResolver(), run)

    return _guarded("ftm", load, source, run)


def load_fiu_transfers(
    driver: neo4j.Driver,
    database: str,
    path: Path | str,
    *,
    run: LoadRun | None = None,
    max_bytes: int | None = None,
    progress: Callable[[int], None] = lambda _: None,
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS,
    batch_rows: int = bulk.BATCH_ROWS,
) -> FileReport:
    """Load an FIU transfer export through the bulk path; bad rows are reported.

    The export is streamed, so ``max_bytes`` does not apply to it (any size loads);
    a cell over ``max_field_chars`` refuses its row. A stopped load is resumed.
    """
    del max_bytes  # streamed: the file size is limited only by the disk
    source = Path(path)

    def load(report: FileReport) -> None:
        known = [n for n in known_nodes(driver, database) if n.label is not Label.ORGANIZATION]
        sink = run.errors.add if run is not None else (lambda _: None)

        def on_errors(errors: list[RecordError]) -> None:
            report.bad_records += len(errors)
            sink(errors)

        done = bulk.load_transfers(
            driver,
            database,
            source,
            known=known,
            run_id=run.run_id if run else None,
            max_field_chars=max_field_chars,
            batch_rows=batch_rows,
            read_rows=max(batch_rows, bulk.READ_ROWS),
            progress=progress,
            on_errors=on_errors,
        )
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

    return _guarded("fiu-transfers", load, source, run)
