"""Writing FIU transfer exports: column-wise batches, one transaction each, resumable.

Every batch transaction also moves the document's ``loaded_through`` marker to the
batch's last row, and a batch whose rows are at or before the marker is skipped inside
the transaction (``ingestion.transfers`` explains the resume). Everything written here
is ``restricted``.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import neo4j

from graphhub.model import ENTITY_LABELS, RESTRICTED, ROW_METHOD, Label
from graphhub.writer.cypher import cypher, statement
from graphhub.writer.runs import link_run, now

# Batches planned ahead of the writer: enough to keep both busy, few enough to bound memory.
QUEUE_DEPTH = 2
KIND = "fiu-transfers"


class BatchRefused(RuntimeError):
    """A batch that must not be written: its document is gone or another load overlaps it."""


@dataclass
class TransferBatch:
    """Column-wise parameters of one transaction, and the file rows it covers."""

    entities: dict[Label, dict[str, list[Any]]]
    holds: dict[str, list[Any]]
    transfers: dict[str, list[Any]]
    first_row: int = 0
    last_row: int = 0



def _parties_query(label: Label) -> str:
    extra = f", n:{Label.ENTITY}" if label in ENTITY_LABELS else ""
    return statement("transfer_parties", label=label, extra=extra)


def _timed(
    tx: neo4j.ManagedTransaction, spent: dict[str, float], what: str, query: str, params: Any
) -> None:
    began = time.perf_counter()
    tx.run(query, params).consume()
    spent[what] += time.perf_counter() - began


@dataclass(frozen=True)
class Target:
    """Where batches go: the document, its path and the run that loads it."""

    doc_id: str
    path: str
    run_id: str | None


def write_rows(
    tx: neo4j.ManagedTransaction, doc_id: str, batch: TransferBatch, spent: dict[str, float]
) -> None:
    """A batch's new parties, accounts held and transfers (no resume marker)."""
    fixed = {"doc": doc_id, "classification": RESTRICTED, "method": ROW_METHOD}
    for label, columns in batch.entities.items():
        _timed(tx, spent, f"MERGE {label}", _parties_query(label), {**fixed, **columns})
    if batch.holds["holder"]:
        _timed(tx, spent, "MERGE HOLDS", cypher("transfer_holds"), {**fixed, **batch.holds})
    _timed(tx, spent, "CREATE TRANSFER", cypher("transfers"), {**fixed, **batch.transfers})


def write_batch(
    tx: neo4j.ManagedTransaction, target: Target, batch: TransferBatch, spent: dict[str, float]
) -> bool:
    """Write one batch unless the document's marker says it is committed; True when written."""
    doc_id = target.doc_id
    began = time.perf_counter()
    tx.run(cypher("claim_transfer_document"), doc=doc_id, run=target.run_id).consume()
    marker = tx.run(cypher("loaded_through"), doc=doc_id).single()
    through = None if marker is None else marker["through"]
    spent["marker"] += time.perf_counter() - began
    if through is None:
        raise BatchRefused("the document of this load is gone from the graph")
    if through >= batch.last_row:
        return False  # committed before (a retried commit, or another load of the file)
    if through >= batch.first_row:
        raise BatchRefused(
            f"another load of this file has written rows up to {through}, inside this batch "
            f"(rows {batch.first_row}-{batch.last_row}); run the load again"
        )
    write_rows(tx, doc_id, batch, spent)
    advance = {
        "doc": doc_id,
        "last": batch.last_row,
        "run": target.run_id,
        "transfers": len(batch.transfers["id"]),
        "path": target.path,
        "now": now(),
    }
    _timed(tx, spent, "marker", cypher("advance_transfer_document"), advance)
    return True


class BatchWriter(threading.Thread):
    """Sends batches from a bounded queue, one transaction each, while the reader reads on."""

    def __init__(self, driver: neo4j.Driver, database: str, target: Target) -> None:
        super().__init__(name="bulk-writer", daemon=True)
        self.driver, self.database, self.target = driver, database, target
        self.inbox: queue.Queue[TransferBatch | None] = queue.Queue(maxsize=QUEUE_DEPTH)
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
                    wrote = session.execute_write(write_batch, self.target, batch, self.spent)
                    self.spent["transactions"] += time.perf_counter() - began
                    if wrote:
                        self.done += len(batch.transfers["id"])
                    else:
                        self.skipped += len(batch.transfers["id"])
                except BaseException as exc:  # handed to the reading thread, which raises it
                    self.error = exc

    def put(self, batch: TransferBatch) -> None:
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
    records, _, _ = driver.execute_query(
        cypher("transfer_document_state"), doc=doc_id, database_=database
    )
    record = records[0]
    through = record["through"]
    return DocumentState(
        bool(record["exists"]), bool(record["complete"]), None if through is None else int(through)
    )


def start_document(
    driver: neo4j.Driver, database: str, doc_id: str, title: str, path: str
) -> DocumentState:
    """Create (or find again) the export's incomplete Document; its state after that."""
    driver.execute_query(
        cypher("start_transfer_document"),
        doc=doc_id,
        title=title,
        kind=KIND,
        path=path,
        classification=RESTRICTED,
        now=now(),
        database_=database,
    )
    return document_state(driver, database, doc_id)


def finish_document(
    driver: neo4j.Driver, database: str, doc_id: str, counts: dict[str, int]
) -> None:
    """Mark the export's document complete, with its counts."""
    driver.execute_query(
        cypher("finish_transfer_document"), doc=doc_id, counts=counts, database_=database
    )


def link(driver: neo4j.Driver, database: str, run_id: str | None, doc_id: str) -> None:
    """Link the run to the export's document."""
    if run_id:
        with driver.session(database=database) as session:
            session.execute_write(link_run, run_id, [doc_id])


def own_parties(driver: neo4j.Driver, database: str, doc_id: str) -> list[str]:
    """Parties only this export's interrupted load wrote."""
    records, _, _ = driver.execute_query(cypher("own_parties"), doc=doc_id, database_=database)
    return list(records[0]["ids"])


def drop_partial(driver: neo4j.Driver, database: str, doc_id: str) -> None:
    """Remove what an interrupted load without a marker wrote (its transfers and mentions)."""
    with driver.session(database=database) as session:
        session.run(cypher("drop_partial_transfers"), prefix=f"transfer:{doc_id[:16]}:").consume()
        session.run(cypher("drop_partial_mentions"), doc=doc_id).consume()
