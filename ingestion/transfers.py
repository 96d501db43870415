"""The bulk path for FIU transfer exports: millions of rows into Neo4j, bounded memory.

The file is streamed in chunks (``ingestion.sources.fiu_transfers``); each chunk's
new parties and its transfers go to Neo4j as column-wise ``UNWIND`` batches of
``batch_rows`` rows, one transaction each, sent by a writer thread while the next
chunk is parsed. A file is loaded once: its content hash is its ``Document`` id,
and a file whose document is complete in the graph is skipped as a whole.

Resuming is one mechanism, whatever stopped a load (the loader killed, Neo4j
stopped or killed): every batch transaction also moves the document's
``loaded_through`` marker to the batch's last row, and a batch whose rows are at or
before the marker is skipped, inside the transaction. A rerun reads the file from
the start, plans the committed rows again without sending them (so it knows which
parties and accounts are already written) and sends the rest. Every id comes from
the file (transfer = file + row, party = label + export id or natural key) and each
party is written at its first row, so any prefix committed before a stop, plus the
rest, is exactly a clean load; ``CREATE`` of transfers stays sound because no batch
is ever written twice.

Parties are matched once per file (``ingestion.resolve.parties``); the graph's entities
written only by an interrupted load of this same file do not count as known, so a
rerun resolves exactly as the first load did. The batches are written by
``graphhub.writer.transfers``. Everything here is ``restricted``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from graphhub.config import DEFAULT_MAX_FIELD_CHARS
from graphhub.writer.transfers import (
    BatchWriter,
    Target,
    document_state,
    drop_partial,
    finish_document,
    link,
    own_parties,
    start_document,
)
from ingestion.errors import ReadError, RecordError, WriteError
from ingestion.fx import missing_rate_message
from ingestion.resolve import KnownNode
from ingestion.resolve.parties import EXAMPLES, KnownParties, TransferPlanner
from ingestion.sources.fiu_transfers import TransferChunk, export_id, read_transfers

log = logging.getLogger("graphhub.load")

KIND = "fiu-transfers"
BATCH_ROWS = 25_000
READ_ROWS = 50_000

Progress = Callable[[int], None]
ErrorSink = Callable[[list[RecordError]], None]


@dataclass
class BulkReport:
    """What loading one transfer export did."""

    path: str
    doc_id: str
    status: str = "written"  # "written", "unchanged" or "failed"
    rows_read: int = 0
    transfers: int = 0  # written by this load
    entities: Counter[str] = field(default_factory=Counter)
    holds: int = 0
    bad_rows: int = 0
    missing_rates: Counter[tuple[str, int]] = field(default_factory=Counter)
    seconds: float = 0.0
    resumed: bool = False
    # A resumed load: rows up to this one were in the graph already, with these transfers.
    resumed_through: int = 0
    transfers_kept: int = 0
    # (row, earlier row) of rows identical in every column to an earlier row.
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    duplicate_count: int = 0
    # (name, export key, known id) of parties kept apart from a known entity of the same name.
    name_proposals: list[tuple[str, str, str]] = field(default_factory=list)
    name_proposal_count: int = 0
    # Seconds the writer spent per statement kind and in whole transactions (commit included).
    profile: dict[str, float] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """Missing USD rates, repeated rows and same-name parties kept apart, one line each."""
        lines = [
            f"{missing_rate_message(cur, year)}: {count} transfers keep no amount_usd"
            for (cur, year), count in sorted(self.missing_rates.items())
        ]
        if self.duplicate_count:
            shown = ", ".join(f"row {r} = row {f}" for r, f in self.duplicates)
            more = "" if self.duplicate_count == len(self.duplicates) else ", ..."
            lines.append(
                f"{self.duplicate_count} rows are identical in every column to an earlier row "
                f"({shown}{more}); each is loaded as its own transfer with duplicate_of set"
            )
        if self.name_proposal_count:
            shown = ", ".join(f"{n!r} ({k}) ~ {i}" for n, k, i in self.name_proposals)
            more = "" if self.name_proposal_count == len(self.name_proposals) else ", ..."
            lines.append(
                f"{self.name_proposal_count} parties with an export id share their name with "
                f"another entity in the graph and were kept apart, not merged ({shown}{more})"
            )
        return lines

    @property
    def rate(self) -> float:
        """Transfers written per second."""
        return self.transfers / self.seconds if self.seconds else 0.0


def load_transfers(
    driver: neo4j.Driver,
    database: str,
    path: Path | str,
    *,
    known: Iterable[KnownNode] = (),
    run_id: str | None = None,
    batch_rows: int = BATCH_ROWS,
    read_rows: int = READ_ROWS,
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS,
    progress: Progress = lambda _: None,
    on_errors: ErrorSink = lambda _: None,
    mapping: Mapping[str, Any] | None = None,
) -> BulkReport:
    """Load one FIU transfer export (any size); bad rows go to ``on_errors``, the rest to the graph.

    A load that stopped part way is resumed after the last committed batch.
    ``progress`` is called with the number of rows read so far; ``mapping`` names the
    headers of an export with other column names (``fiu_transfers.load_mapping``).
    Raises ``ReadError`` for a file that cannot be read and ``WriteError`` when Neo4j
    refuses a batch.
    """
    source = Path(path)
    began = time.perf_counter()
    chunks = read_transfers(
        source, chunk_rows=read_rows, max_field_chars=max_field_chars, column_mapping=mapping
    )
    try:
        first = next(chunks, None)  # reading the first chunk proves the file is an export
    except UnicodeDecodeError as exc:  # a bad byte too near the end for the UTF-8 sniff
        raise ReadError(
            "file is not UTF-8 text; save it as UTF-8 and try again",
            path=str(source),
            reason=str(exc),
        ) from exc
    doc_id = first.doc_id if first is not None else export_id(source, mapping)
    report = BulkReport(str(source), doc_id)
    state = document_state(driver, database, doc_id)
    if state.complete:
        report.status = "unchanged"
        link(driver, database, run_id, doc_id)
        return report
    own: list[str] = []
    if state.exists:
        report.resumed = True
        if state.through is None:  # written before loads kept a marker: start over
            drop_partial(driver, database, doc_id)
        own = own_parties(driver, database, doc_id)
    started = start_document(driver, database, doc_id, source.name, str(source.resolve()))
    through = started.through or 1
    report.resumed_through = through if report.resumed else 0
    if report.resumed:
        log.info(
            "resuming %s: rows up to %d are in the graph; loading the rows after them",
            source,
            through,
        )
    link(driver, database, run_id, doc_id)
    known_parties = KnownParties(known, exclude=own)
    planner = TransferPlanner(doc_id, known_parties, batch_rows, through)
    writer = BatchWriter(driver, database, Target(doc_id, str(source), run_id))
    writer.start()
    try:
        for chunk in _chained(first, chunks):
            report.rows_read += chunk.rows_read
            report.bad_rows += len(chunk.errors)
            if chunk.errors:
                on_errors(chunk.errors)
            _count_missing(chunk, report)
            _count_duplicates(chunk, report)
            for batch in planner.batches(chunk):
                for label, columns in batch.entities.items():
                    report.entities[str(label)] += len(columns["id"])
                report.holds += len(batch.holds["holder"])
                writer.put(batch)
            progress(report.rows_read)
    finally:
        writer.inbox.put(None)
        writer.join()
    if writer.error is not None:
        raise WriteError(
            "Neo4j refused a batch of transfers; what was committed stays, and the next "
            "load of this file resumes after it",
            path=str(source),
            reason=str(writer.error),
        ) from writer.error
    report.transfers = writer.done
    report.transfers_kept = planner.kept + writer.skipped
    report.name_proposals = known_parties.proposals
    report.name_proposal_count = known_parties.proposal_count
    counts = {
        "rows": report.rows_read,
        "transfers": report.transfers + report.transfers_kept,
        "bad_rows": report.bad_rows,
        "duplicate_rows": report.duplicate_count,
    }
    finish_document(driver, database, doc_id, counts)
    report.seconds = time.perf_counter() - began
    report.profile = dict(writer.spent)
    return report


def _chained(first: TransferChunk | None, rest: Iterator[TransferChunk]) -> Iterator[TransferChunk]:
    if first is not None:
        yield first
    yield from rest


def _count_missing(chunk: TransferChunk, report: BulkReport) -> None:
    frame = chunk.frame
    missing = frame[frame["amount_usd"].isna()]
    if len(missing):
        years = missing["date"].str.slice(0, 4).astype(int)
        for (cur, year), count in Counter(zip(missing["currency"], years, strict=True)).items():
            report.missing_rates[(str(cur), int(year))] += count


def _count_duplicates(chunk: TransferChunk, report: BulkReport) -> None:
    report.duplicate_count += len(chunk.duplicates)
    room = EXAMPLES - len(report.duplicates)
    if room > 0:
        report.duplicates.extend(chunk.duplicates[:room])


