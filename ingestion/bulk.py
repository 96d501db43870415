"""The bulk path for FIU transfer exports: millions of rows into Neo4j, bounded memory.

The file is read in chunks (``ingestion.sources.fiu_transfers``); each chunk's new
parties and its transfers go to Neo4j as column-wise ``UNWIND`` batches of
``batch_rows`` rows, one transaction each, sent by a writer thread while the next
chunk is parsed. A file is loaded once: its content hash is its ``Document`` id,
and a file whose document is complete in the graph is skipped as a whole. That is
what makes ``CREATE`` of transfers sound (their ids are unique within the file and
no earlier load can hold them); a load that stopped half way leaves an incomplete
document, whose transfers are removed before the file is loaded again.

Parties are matched against the graph's known entities by IBAN (accounts) or by
exact name after the label's name features; the others keep the reader's id from
their natural key (identifier, account or name). Everything here is ``restricted``.
"""

from __future__ import annotations

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

from graphhub.ids import make_id
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
from ingestion.sources.files import check_file, file_hash
from ingestion.sources.fiu_transfers import SIDES, TransferChunk, read_transfers

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
RETURN d IS NOT NULL AS exists, coalesce(d.complete, false) AS complete
"""

_DOCUMENT = """
MERGE (d:Document {id: $doc})
SET d.title = $title, d.kind = $kind, d.path = $path, d.classification = $classification,
    d.complete = false, d.current = false, d.ingested_at = $now
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
SET n.country = coalesce(n.country, $country[i]), n.iban = coalesce(n.iban, $iban[i])
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
  receiver_account: $receiver_account[i], classification: '{RESTRICTED}',
  {SOURCE_DOC}: $doc, {SOURCE_ROW}: $row[i]
}}]->(b)
"""


@dataclass
class BulkReport:
    """What loading one transfer export did."""

    path: str
    doc_id: str
    status: str = "written"  # "written", "unchanged" or "failed"
    rows_read: int = 0
    transfers: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    holds: int = 0
    bad_rows: int = 0
    missing_rates: Counter[tuple[str, int]] = field(default_factory=Counter)
    seconds: float = 0.0
    resumed: bool = False
    # Seconds the writer spent per statement kind and in whole transactions (commit included).
    profile: dict[str, float] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """One line per currency and year that had no USD rate, with how many transfers."""
        return [
            f"{missing_rate_message(cur, year)}: {count} transfers keep no amount_usd"
            for (cur, year), count in sorted(self.missing_rates.items())
        ]

    @property
    def rate(self) -> float:
        """Transfers written per second."""
        return self.transfers / self.seconds if self.seconds else 0.0


class KnownParties:
    """The graph's entities a party can be matched to: by IBAN, or by exact featured name."""

    def __init__(self, known: Iterable[KnownNode] = ()) -> None:
        self._names: dict[tuple[str, str], str | None] = {}
        self._ibans: dict[str, str] = {}
        for node in known:
            if node.label not in ENTITY_LABELS:
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

    def __bool__(self) -> bool:
        return bool(self._names or self._ibans)

    def match(self, ref: str, label: str, name: str, account: str) -> str:
        """The known id for this party, else its own ref (answers are remembered per ref)."""
        found = self._cache.get(ref)
        if found is None:
            found = ref
            if label == Label.BANK_ACCOUNT and account:
                found = self._ibans.get(account, ref)
            elif name:
                found = self._names.get((label, name_key(name, Label(label)))) or ref
            self._cache[ref] = found
        return found


@dataclass
class _Batch:
    """Column-wise parameters of one transaction."""

    entities: dict[Label, dict[str, list[Any]]]
    holds: dict[str, list[Any]]
    transfers: dict[str, list[Any]]


def _column(values: pd.Series | np.ndarray) -> list[Any]:
    """A column as a list the driver packs, with NaN and empty text as null."""
    series = pd.Series(values)
    if series.dtype.kind == "f":
        return [None if v != v else v for v in series.tolist()]
    return [v if v != "" else None for v in series.tolist()]


class _Planner:
    """Turns chunks into batches: new parties once per file, accounts, transfers."""

    def __init__(self, doc_id: str, known: KnownParties, batch_rows: int) -> None:
        self.doc_id = doc_id
        self.known = known
        self.batch_rows = batch_rows
        self.written: set[str] = set()  # ids of parties this file has already written
        self.held: set[tuple[str, str]] = set()
        self.account_ids: dict[str, str] = {}

    def batches(self, chunk: TransferChunk) -> Iterator[_Batch]:
        frame = chunk.frame.drop_duplicates("transfer_id")
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
        return np.array(
            [
                self.known.match(r, lab, n, a)
                for r, lab, n, a in zip(refs, labels, names, accounts, strict=True)
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
        everyone = pd.concat([parties, accounts]).drop_duplicates("id")
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
            "row": frame["row"].tolist(),
        }
        return _Batch(entities, holds, transfers)

    def _holds(self, holders: pd.DataFrame, accounts: pd.DataFrame) -> dict[str, list[Any]]:
        pairs = pd.DataFrame(
            {
                "holder": holders["id"].to_numpy(),
                "account": accounts["id"].to_numpy(),
                "row": holders["row"].to_numpy(),
            }
        ).drop_duplicates(["holder", "account"])
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


def _write_batch(
    tx: neo4j.ManagedTransaction, doc_id: str, batch: _Batch, spent: dict[str, float]
) -> None:
    for label, columns in batch.entities.items():
        _timed(tx, spent, f"MERGE {label}", _entity_query(label), {"doc": doc_id, **columns})
    if batch.holds["holder"]:
        _timed(tx, spent, "MERGE HOLDS", _HOLDS, {"doc": doc_id, **batch.holds})
    _timed(tx, spent, "CREATE TRANSFER", _TRANSFERS, {"doc": doc_id, **batch.transfers})


class _Writer(threading.Thread):
    """Sends batches from a bounded queue, one transaction each, while the reader reads on."""

    def __init__(self, driver: neo4j.Driver, database: str, doc_id: str) -> None:
        super().__init__(name="bulk-writer", daemon=True)
        self.driver, self.database, self.doc_id = driver, database, doc_id
        self.inbox: queue.Queue[_Batch | None] = queue.Queue(maxsize=QUEUE_DEPTH)
        self.error: BaseException | None = None
        self.done = 0
        self.spent: dict[str, float] = defaultdict(float)  # seconds per statement: a profile

    def run(self) -> None:
        with self.driver.session(database=self.database) as session:
            while (batch := self.inbox.get()) is not None:
                if self.error is not None:
                    continue  # drain: the reader stops at its next put
                try:
                    began = time.perf_counter()
                    session.execute_write(_write_batch, self.doc_id, batch, self.spent)
                    self.spent["transactions"] += time.perf_counter() - began
                    self.done += len(batch.transfers["id"])
                except BaseException as exc:  # handed to the reading thread, which raises it
                    self.error = exc

    def put(self, batch: _Batch) -> None:
        if self.error is not None:
            raise self.error
        self.inbox.put(batch)


def document_state(driver: neo4j.Driver, database: str, doc_id: str) -> tuple[bool, bool]:
    """(exists, complete) for the document of a transfer file."""
    records, _, _ = driver.execute_query(_PRESENT, doc=doc_id, database_=database)
    return bool(records[0]["exists"]), bool(records[0]["complete"])


def load_transfers(
    driver: neo4j.Driver,
    database: str,
    path: Path | str,
    *,
    known: Iterable[KnownNode] = (),
    run_id: str | None = None,
    max_bytes: int | None = None,
    batch_rows: int = BATCH_ROWS,
    read_rows: int = READ_ROWS,
    progress: Progress = lambda _: None,
    on_errors: ErrorSink = lambda _: None,
) -> BulkReport:
    """Load one FIU transfer export; bad rows go to ``on_errors``, the rest to the graph.

    ``progress`` is called with the number of rows read so far. Raises ``ReadError``
    for a file that cannot be read and ``WriteError`` when Neo4j refuses a batch.
    """
    source = Path(path)
    if max_bytes is not None:
        check_file(source, max_bytes)
    began = time.perf_counter()
    doc_id = file_hash(source)
    report = BulkReport(str(source), doc_id)
    exists, complete = document_state(driver, database, doc_id)
    if complete:
        report.status = "unchanged"
        _link_run(driver, database, run_id, doc_id)
        return report
    if exists:
        report.resumed = True
        _drop_partial(driver, database, doc_id)
    chunks = read_transfers(source, chunk_rows=read_rows)
    try:
        first = next(chunks, None)  # reading the first chunk proves the file is an export
    except UnicodeDecodeError as exc:  # a bad byte too near the end for the UTF-8 sniff
        raise ReadError(
            "file is not UTF-8 text; save it as UTF-8 and try again",
            path=str(source),
            reason=str(exc),
        ) from exc
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
    _link_run(driver, database, run_id, doc_id)
    planner = _Planner(doc_id, KnownParties(known), batch_rows)
    writer = _Writer(driver, database, doc_id)
    writer.start()
    try:
        for chunk in _chained(first, chunks):
            report.rows_read += chunk.rows_read
            report.bad_rows += len(chunk.errors)
            if chunk.errors:
                on_errors(chunk.errors)
            _count_missing(chunk, report)
            for batch in planner.batches(chunk):
                for label, columns in batch.entities.items():
                    report.entities[str(label)] += len(columns["id"])
                report.holds += len(batch.holds["holder"])
                report.transfers += len(batch.transfers["id"])
                writer.put(batch)
            progress(report.rows_read)
    finally:
        writer.inbox.put(None)
        writer.join()
    if writer.error is not None:
        raise WriteError(
            "Neo4j refused a batch of transfers; the file stays incomplete and is "
            "cleaned up and loaded again next time",
            path=str(source),
            reason=str(writer.error),
        ) from writer.error
    counts = {
        "rows": report.rows_read,
        "transfers": report.transfers,
        "bad_rows": report.bad_rows,
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


def _link_run(driver: neo4j.Driver, database: str, run_id: str | None, doc_id: str) -> None:
    if run_id:
        driver.execute_query(_LINK_RUN, run=run_id, doc=doc_id, database_=database)


def _drop_partial(driver: neo4j.Driver, database: str, doc_id: str) -> None:
    """Remove what an interrupted load of this file wrote (its transfers and mentions)."""
    with driver.session(database=database) as session:
        session.run(_DROP_PARTIAL, prefix=f"transfer:{doc_id[:16]}:").consume()
        session.run(_DROP_PARTIAL_MENTIONS, doc=doc_id).consume()
