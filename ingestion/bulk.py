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

A party's identity is the export's own id when the export has one: it is never
merged by name with another entity (a known entity of the same name is reported as
a proposal, not merged). Parties without an export id are matched against the
graph's known entities by exact name after the label's name features, accounts by
IBAN; the graph's entities written only by an interrupted load of this same file do
not count as known, so a rerun resolves exactly as the first load did. Everything
here is ``restricted``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
import numpy as np
import pandas as pd

from graphhub.config import DEFAULT_MAX_FIELD_CHARS
from graphhub.ids import content_hash, make_id
from graphhub.model import (
    ENTITY_LABELS,
    RESTRICTED,
    ROW_METHOD,
    SOURCE_DOC,
    SOURCE_ROW,
    Label,
    RelType,
)
from ingestion.errors import ReadError, RecordError, WriteError
from ingestion.fx import missing_rate_message
from ingestion.resolve import KnownNode
from ingestion.resolve.features import name_key
from ingestion.resolve.keys import account_id, account_number
from ingestion.sources.fiu_transfers import SIDES, TransferChunk, read_transfers

log = logging.getLogger("graphhub.load")

KIND = "fiu-transfers"
METHOD = ROW_METHOD
BATCH_ROWS = 25_000
READ_ROWS = 50_000
# Chunks parsed ahead of the writer: enough to keep both busy, few enough to bound memory.
QUEUE_DEPTH = 2

Progress = Callable[[int], None]
ErrorSink = Callable[[list[RecordError]], None]

_PRESENT = """
OPTIONAL MATCH (d:Document {id: $doc})
RETURN d IS NOT NULL AS exists, coalesce(d.complete, false) AS complete,
       d.loaded_through AS through
"""

# Row 1 is the header: a new document has loaded nothing past it.
_DOCUMENT = """
MERGE (d:Document {id: $doc})
SET d.title = $title, d.kind = $kind, d.path = $path, d.classification = $classification,
    d.complete = false, d.current = false, d.ingested_at = $now,
    d.loaded_through = coalesce(d.loaded_through, 1)
"""

# Parties only this file's interrupted load wrote: not "known" to its rerun.
_OWN_PARTIES = """
MATCH (:Document {id: $doc})-[:MENTIONS]->(n) WHERE n.sources = [$doc]
RETURN collect(n.id) AS ids
"""

# Taking the document's write lock first: a batch reads the marker no other load can move.
_CLAIM = """
MATCH (d:Document {id: $doc})
SET d.loading_run = $run
"""

_THROUGH = """
MATCH (d:Document {id: $doc})
RETURN d.loaded_through AS through
"""

# In the batch's own transaction: the marker and the run's progress move with its rows.
_ADVANCE = """
MATCH (d:Document {id: $doc})
SET d.loaded_through = $last
WITH d
OPTIONAL MATCH (r:IngestRun {id: $run})
FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END |
  SET r.edges_TRANSFER = coalesce(r.edges_TRANSFER, 0) + $transfers,
      r.loading = $path, r.loaded_through_row = $last, r.progress_at = $now)
"""

_FINISH_DOCUMENT = """
MATCH (d:Document {id: $doc})
SET d.complete = true, d.current = true, d += $counts
"""

_LINK_RUN = """
MATCH (r:IngestRun {id: $run}), (d:Document {id: $doc})
MERGE (r)-[:INGESTED]->(d)
"""

# Transfers of a load that stopped half way: found by their id prefix on the TRANSFER.id index.
_DROP_PARTIAL = """
MATCH ()-[t:TRANSFER]->() WHERE t.id STARTS WITH $prefix
CALL (t) { DELETE t } IN TRANSACTIONS OF 10000 ROWS
"""

_DROP_PARTIAL_MENTIONS = """
MATCH (:Document {id: $doc})-[m:MENTIONS]->()
CALL (m) { DELETE m } IN TRANSACTIONS OF 10000 ROWS
"""


def _entity_query(label: Label) -> str:
    extra = f", n:{Label.ENTITY}" if label in ENTITY_LABELS else ""
    return f"""
MATCH (d:Document {{id: $doc}})
UNWIND range(0, size($id) - 1) AS i
MERGE (n:{label} {{id: $id[i]}})
ON CREATE SET n.name = $name[i], n.key = $key[i], n.classification = '{RESTRICTED}',
              n.sources = [$doc]{extra}
ON MATCH SET n.sources = CASE WHEN $doc IN coalesce(n.sources, []) THEN n.sources
                              ELSE coalesce(n.sources, []) + $doc END
WITH d, i, n, n.classification = '{RESTRICTED}' AS closed
// An export is restricted: its country and IBAN join a restricted node's values only, never
// the values a public node shows partners (ingestion.restricted_values).
SET n.country = CASE WHEN closed THEN coalesce(n.country, $country[i]) ELSE n.country END,
    n.iban = CASE WHEN closed THEN coalesce(n.iban, $iban[i]) ELSE n.iban END
CREATE (d)-[:{RelType.MENTIONS} {{locator: 'row ' + toString($row[i]), method: '{METHOD}',
        confidence: 1.0, start: 0, end: 0, classification: '{RESTRICTED}'}}]->(n)
"""


_HOLDS = f"""
UNWIND range(0, size($holder) - 1) AS i
MATCH (p:{Label.ENTITY} {{id: $holder[i]}})
MATCH (a:{Label.BANK_ACCOUNT} {{id: $account[i]}})
MERGE (p)-[h:{RelType.HOLDS}]->(a)
ON CREATE SET h.id = $hid[i], h.classification = '{RESTRICTED}', h.sources = [$doc],
              h.evidence = ['{{"doc": "' + $doc + '", "locator": "row ' + toString($row[i])
                            + '", "method": "{METHOD}"}}']
ON MATCH SET h.sources = CASE WHEN $doc IN coalesce(h.sources, []) THEN h.sources
                              ELSE coalesce(h.sources, []) + $doc END
"""

# A transfer names its source by document id and row (``graphhub.model.SOURCE_DOC``):
# lists, as other relationships keep them, need extra store records on every transfer.
_TRANSFERS = f"""
UNWIND range(0, size($id) - 1) AS i
MATCH (a:{Label.ENTITY} {{id: $start[i]}})
MATCH (b:{Label.ENTITY} {{id: $end[i]}})
CREATE (a)-[:{RelType.TRANSFER} {{
  id: $id[i], amount: $amount[i], currency: $currency[i], amount_usd: $usd[i], date: $date[i],
  reference: $reference[i], reporting_fiu: $fiu[i], sender_account: $sender_account[i],
  receiver_account: $receiver_account[i], duplicate_of: $duplicate_of[i],
  classification: '{RESTRICTED}', {SOURCE_DOC}: $doc, {SOURCE_ROW}: $row[i]
}}]->(b)
"""


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


# Examples of repeated rows and same-name proposals kept on the report (all are counted).
EXAMPLES = 5


class KnownParties:
    """The graph's entities a party can be matched to: by IBAN, or by exact featured name.

    A party with an export id keeps it: a known entity of the same name is only
    proposed (``proposals``), never merged into it.
    """

    def __init__(self, known: Iterable[KnownNode] = (), exclude: Iterable[str] = ()) -> None:
        self._names: dict[tuple[str, str], str | None] = {}
        self._ibans: dict[str, str] = {}
        skip = set(exclude)
        for node in known:
            if node.label not in ENTITY_LABELS or node.id in skip:
                continue
            if node.label is Label.BANK_ACCOUNT:
                self._ibans[account_number(node.iban or node.name)] = node.id
                continue
            for name in (node.name, *node.aliases):
                key = (str(node.label), name_key(name, node.label))
                seen = self._names.get(key, node.id)
                # A name shared by two known entities decides nothing: keep neither.
                self._names[key] = node.id if seen == node.id else None
        self._cache: dict[str, str] = {}
        self.proposals: list[tuple[str, str, str]] = []
        self.proposal_count = 0

    def __bool__(self) -> bool:
        return bool(self._names or self._ibans)

    def match(self, ref: str, label: str, name: str, account: str, has_id: bool, key: str) -> str:
        """The known id for this party, else its own ref (answers are remembered per ref)."""
        found = self._cache.get(ref)
        if found is None:
            found = ref
            if label == Label.BANK_ACCOUNT and account:
                found = self._ibans.get(account, ref)
            elif name:
                same = self._names.get((label, name_key(name, Label(label))))
                if not has_id:
                    found = same or ref
                elif same is not None and same != ref:
                    self.proposal_count += 1
                    if len(self.proposals) < EXAMPLES:
                        self.proposals.append((name, key, same))
            self._cache[ref] = found
        return found


@dataclass
class _Batch:
    """Column-wise parameters of one transaction, and the file rows it covers."""

    entities: dict[Label, dict[str, list[Any]]]
    holds: dict[str, list[Any]]
    transfers: dict[str, list[Any]]
    first_row: int = 0
    last_row: int = 0


def _column(values: pd.Series | np.ndarray) -> list[Any]:
    """A column as a list the driver packs, with NaN and empty text as null."""
    series = pd.Series(values)
    if series.dtype.kind == "f":
        return [None if v != v else v for v in series.tolist()]
    return [v if v != "" else None for v in series.tolist()]


class _Planner:
    """Turns chunks into batches: new parties once per file, accounts, transfers.

    Rows up to ``through`` are in the graph already (a resumed load): they are planned
    as a clean load would plan them, so that the parties and accounts they wrote count
    as written, and are not sent.
    """

    def __init__(self, doc_id: str, known: KnownParties, batch_rows: int, through: int) -> None:
        self.doc_id = doc_id
        self.known = known
        self.batch_rows = batch_rows
        self.through = through
        self.kept = 0  # transfers of rows up to ``through``
        self.written: set[str] = set()  # ids of parties this file has already written
        self.held: set[tuple[str, str]] = set()
        self.account_ids: dict[str, str] = {}

    def batches(self, chunk: TransferChunk) -> Iterator[_Batch]:
        frame = chunk.frame
        committed = frame["row"].to_numpy() <= self.through
        if committed.any():
            self._batch(frame[committed])
            self.kept += int(committed.sum())
            frame = frame[~committed]
        for start in range(0, len(frame), self.batch_rows):
            yield self._batch(frame.iloc[start : start + self.batch_rows])

    def _account_ids(self, accounts: np.ndarray) -> np.ndarray:
        """``account:…`` ids of account numbers, keyed as the resolver keys them (once each)."""
        codes_, uniques = pd.factorize(accounts)
        cache = self.account_ids
        ids = []
        for number in uniques.tolist():
            found = cache.get(number)
            if found is None:
                found = cache[number] = account_id(account_number(number))
            ids.append(found)
        return np.array(ids, dtype=object)[codes_] if ids else np.array([], dtype=object)

    def _ids(self, frame: pd.DataFrame, side: str) -> np.ndarray:
        refs = frame[f"{side}_ref"].to_numpy(dtype=object)
        labels = frame[f"{side}_label"].to_numpy(dtype=object)
        accounts = frame[f"{side}_account"].to_numpy(dtype=object)
        bare = (labels == str(Label.BANK_ACCOUNT)) & (accounts != "")
        if bare.any():
            refs = refs.copy()
            refs[bare] = self._account_ids(accounts[bare])
        if not self.known:
            return refs
        names = frame[f"{side}_name"].to_numpy(dtype=object)
        has_id = frame[f"{side}_has_id"].to_numpy(dtype=bool)
        keys = frame[f"{side}_key"].to_numpy(dtype=object)
        return np.array(
            [
                self.known.match(r, lab, n, a, bool(h), k)
                for r, lab, n, a, h, k in zip(
                    refs, labels, names, accounts, has_id, keys, strict=True
                )
            ],
            dtype=object,
        )

    def _batch(self, frame: pd.DataFrame) -> _Batch:
        ids = {side: self._ids(frame, side) for side in SIDES}
        parties = pd.concat(
            [
                pd.DataFrame(
                    {
                        "id": ids[side],
                        "label": frame[f"{side}_label"].to_numpy(),
                        "name": frame[f"{side}_name"].to_numpy(),
                        "key": frame[f"{side}_key"].to_numpy(),
                        "country": frame[f"{side}_country"].to_numpy(),
                        "account": frame[f"{side}_account"].to_numpy(),
                        "row": frame["row"].to_numpy(),
                    }
                )
                for side in SIDES
            ]
        )
        holders = parties[(parties["account"] != "") & (parties["label"] != Label.BANK_ACCOUNT)]
        accounts = pd.DataFrame(
            {
                "id": self._account_ids(holders["account"].to_numpy(dtype=object)),
                "label": str(Label.BANK_ACCOUNT),
                "name": holders["account"].to_numpy(),
                "key": holders["account"].to_numpy(),
                "country": "",
                "account": holders["account"].to_numpy(),
                "row": holders["row"].to_numpy(),
            }
        )
        # Each party is written from its first row, whatever the batch boundaries.
        everyone = (
            pd.concat([parties, accounts]).sort_values("row", kind="stable").drop_duplicates("id")
        )
        written = self.written
        fresh = everyone[[i not in written for i in everyone["id"].tolist()]]
        written.update(fresh["id"].tolist())
        entities: dict[Label, dict[str, list[Any]]] = {}
        for label, group in fresh.groupby("label", sort=False):
            is_account = label == Label.BANK_ACCOUNT
            entities[Label(str(label))] = {
                "id": group["id"].tolist(),
                "name": group["name"].tolist(),
                "key": group["key"].tolist(),
                "country": _column(group["country"]),
                "iban": _column(group["account"]) if is_account else [None] * len(group),
                "row": group["row"].tolist(),
            }
        holds = self._holds(holders, accounts)
        transfers = {
            "id": frame["transfer_id"].tolist(),
            "start": ids["sender"].tolist(),
            "end": ids["receiver"].tolist(),
            "amount": frame["amount"].astype(float).tolist(),
            "currency": frame["currency"].tolist(),
            "usd": _column(frame["amount_usd"].astype(float).round(2)),
            "date": frame["date"].tolist(),
            "reference": _column(frame["reference"]),
            "fiu": _column(frame["reporting_fiu"]),
            "sender_account": _column(frame["sender_account"]),
            "receiver_account": _column(frame["receiver_account"]),
            "duplicate_of": _column(frame["duplicate_of"]),
            "row": frame["row"].tolist(),
        }
        rows = frame["row"]
        first, last = (int(rows.iloc[0]), int(rows.iloc[-1])) if len(rows) else (0, 0)
        return _Batch(entities, holds, transfers, first, last)

    def _holds(self, holders: pd.DataFrame, accounts: pd.DataFrame) -> dict[str, list[Any]]:
        pairs = (
            pd.DataFrame(
                {
                    "holder": holders["id"].to_numpy(),
                    "account": accounts["id"].to_numpy(),
                    "row": holders["row"].to_numpy(),
                }
            )
            .sort_values("row", kind="stable")
            .drop_duplicates(["holder", "account"])
        )
        out: dict[str, list[Any]] = {"holder": [], "account": [], "hid": [], "row": []}
        held = self.held
        for holder, account, row in zip(
            pairs["holder"].tolist(), pairs["account"].tolist(), pairs["row"].tolist(), strict=True
        ):
            if (holder, account) in held:
                continue
            held.add((holder, account))
            out["holder"].append(holder)
            out["account"].append(account)
            out["hid"].append(make_id("holds", holder, account))
            out["row"].append(row)
        return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _timed(
    tx: neo4j.ManagedTransaction, spent: dict[str, float], what: str, query: str, params: Any
) -> None:
    began = time.perf_counter()
    tx.run(query, params).consume()
    spent[what] += time.perf_counter() - began


@dataclass(frozen=True)
class _Target:
    """Where batches go: the document, its path and the run that loads it."""

    doc_id: str
    path: str
    run_id: str | None


def _write_batch(
    tx: neo4j.ManagedTransaction, target: _Target, batch: _Batch, spent: dict[str, float]
) -> bool:
    """Write one batch unless the document's marker says it is committed; True when written."""
    doc_id = target.doc_id
    began = time.perf_counter()
    tx.run(_CLAIM, doc=doc_id, run=target.run_id).consume()
    through = tx.run(_THROUGH, doc=doc_id).single(strict=True)["through"]
    spent["marker"] += time.perf_counter() - began
    if through is None:
        raise WriteError("the document of this load is gone from the graph", path=target.path)
    if through >= batch.last_row:
        return False  # committed before (a retried commit, or another load of the file)
    if through >= batch.first_row:
        raise WriteError(
            f"another load of this file has written rows up to {through}, inside this batch "
            f"(rows {batch.first_row}-{batch.last_row}); run the load again",
            path=target.path,
        )
    for label, columns in batch.entities.items():
        _timed(tx, spent, f"MERGE {label}", _entity_query(label), {"doc": doc_id, **columns})
    if batch.holds["holder"]:
        _timed(tx, spent, "MERGE HOLDS", _HOLDS, {"doc": doc_id, **batch.holds})
    _timed(tx, spent, "CREATE TRANSFER", _TRANSFERS, {"doc": doc_id, **batch.transfers})
    advance = {
        "doc": doc_id,
        "last": batch.last_row,
        "run": target.run_id,
        "transfers": len(batch.transfers["id"]),
        "path": target.path,
        "now": _now(),
    }
    _timed(tx, spent, "marker", _ADVANCE, advance)
    return True


class _Writer(threading.Thread):
    """Sends batches from a bounded queue, one transaction each, while the reader reads on."""

    def __init__(self, driver: neo4j.Driver, database: str, target: _Target) -> None:
        super().__init__(name="bulk-writer", daemon=True)
        self.driver, self.database, self.target = driver, database, target
        self.inbox: queue.Queue[_Batch | None] = queue.Queue(maxsize=QUEUE_DEPTH)
        self.error: BaseException | None = None
        self.done = 0
        self.skipped = 0  # transfers of batches found committed already
        self.spent: dict[str, float] = defaultdict(float)  # seconds per statement: a profile

    def run(self) -> None:
        with self.driver.session(database=self.database) as session:
            while (batch := self.inbox.get()) is not None:
                if self.error is not None:
                    continue  # drain: the reader stops at its next put
                try:
                    began = time.perf_counter()
                    wrote = session.execute_write(_write_batch, self.target, batch, self.spent)
                    self.spent["transactions"] += time.perf_counter() - began
                    if wrote:
                        self.done += len(batch.transfers["id"])
                    else:
                        self.skipped += len(batch.transfers["id"])
                except BaseException as exc:  # handed to the reading thread, which raises it
                    self.error = exc

    def put(self, batch: _Batch) -> None:
        if self.error is not None:
            raise self.error
        self.inbox.put(batch)


@dataclass(frozen=True)
class DocumentState:
    """A transfer file's document in the graph: present, complete, loaded through which row."""

    exists: bool
    complete: bool
    through: int | None


def document_state(driver: neo4j.Driver, database: str, doc_id: str) -> DocumentState:
    """Whether the document of a transfer file is in the graph, complete, and how far."""
    records, _, _ = driver.execute_query(_PRESENT, doc=doc_id, database_=database)
    record = records[0]
    through = record["through"]
    return DocumentState(
        bool(record["exists"]), bool(record["complete"]), None if through is None else int(through)
    )


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
) -> BulkReport:
    """Load one FIU transfer export (any size); bad rows go to ``on_errors``, the rest to the graph.

    A load that stopped part way is resumed after the last committed batch.
    ``progress`` is called with the number of rows read so far. Raises ``ReadError``
    for a file that cannot be read and ``WriteError`` when Neo4j refuses a batch.
    """
    source = Path(path)
    began = time.perf_counter()
    chunks = read_transfers(source, chunk_rows=read_rows, max_field_chars=max_field_chars)
    try:
        first = next(chunks, None)  # reading the first chunk proves the file is an export
    except UnicodeDecodeError as exc:  # a bad byte too near the end for the UTF-8 sniff
        raise ReadError(
            "file is not UTF-8 text; save it as UTF-8 and try again",
            path=str(source),
            reason=str(exc),
        ) from exc
    doc_id = first.doc_id if first is not None else content_hash(source)
    report = BulkReport(str(source), doc_id)
    state = document_state(driver, database, doc_id)
    if state.complete:
        report.status = "unchanged"
        _link_run(driver, database, run_id, doc_id)
        return report
    own: list[str] = []
    if state.exists:
        report.resumed = True
        if state.through is None:  # written before loads kept a marker: start over
            _drop_partial(driver, database, doc_id)
        own = _own_parties(driver, database, doc_id)
    driver.execute_query(
        _DOCUMENT,
        doc=doc_id,
        title=source.name,
        kind=KIND,
        path=str(source.resolve()),
        classification=RESTRICTED,
        now=_now(),
        database_=database,
    )
    through = document_state(driver, database, doc_id).through or 1
    report.resumed_through = through if report.resumed else 0
    if report.resumed:
        log.info(
            "resuming %s: rows up to %d are in the graph; loading the rows after them",
            source,
            through,
        )
    _link_run(driver, database, run_id, doc_id)
    known_parties = KnownParties(known, exclude=own)
    planner = _Planner(doc_id, known_parties, batch_rows, through)
    writer = _Writer(driver, database, _Target(doc_id, str(source), run_id))
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
    driver.execute_query(_FINISH_DOCUMENT, doc=doc_id, counts=counts, database_=database)
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


def _link_run(driver: neo4j.Driver, database: str, run_id: str | None, doc_id: str) -> None:
    if run_id:
        driver.execute_query(_LINK_RUN, run=run_id, doc=doc_id, database_=database)


def _own_parties(driver: neo4j.Driver, database: str, doc_id: str) -> list[str]:
    records, _, _ = driver.execute_query(_OWN_PARTIES, doc=doc_id, database_=database)
    return list(records[0]["ids"])


def _drop_partial(driver: neo4j.Driver, database: str, doc_id: str) -> None:
    """Remove what an interrupted load without a marker wrote (its transfers and mentions)."""
    with driver.session(database=database) as session:
        session.run(_DROP_PARTIAL, prefix=f"transfer:{doc_id[:16]}:").consume()
        session.run(_DROP_PARTIAL_MENTIONS, doc=doc_id).consume()
