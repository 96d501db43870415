"""The batch writer: the only code that writes to Neo4j.

One document is written in one transaction (``write_document``): it is either
wholly in the graph or not at all. Nodes and relationships are sent grouped by
label or type as ``UNWIND $rows ... MERGE`` batches; labels and types come from
the ``graphhub.model`` whitelists, values only through parameters.

A document already present (same content hash) is skipped. A new version of a
document (same path, new content) retracts what the old version asserted, keeps
the old ``Document`` node as history and links the new one to it with
``SUPERSEDES``.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from graphhub.model import ENTITY_LABELS, PUBLIC, Label, RelType
from ingestion.restricted_values import NEW, WRITING, Incoming, fold, merge_values

log = logging.getLogger("graphhub.runs")

# Enough provenance to explain a fact without storing every repetition of it.
MAX_MENTIONS_PER_NODE = 5
MAX_EVIDENCE_PER_EDGE = 3


@dataclass
class DocumentRow:
    """A source document as the graph keeps it."""

    id: str
    title: str
    kind: str
    path: str
    classification: str = PUBLIC
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class NodeRow:
    """A resolved node: canonical id, label, properties and its mentions in the document."""

    id: str
    label: Label
    name: str
    props: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    classification: str = PUBLIC
    mentions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EdgeRow:
    """A resolved relationship between two canonical ids, with its evidence."""

    id: str
    type: RelType
    start: str
    start_label: Label
    end: str
    end_label: Label
    props: dict[str, Any] = field(default_factory=dict)
    classification: str = PUBLIC
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GraphBatch:
    """Everything one document asserts, ready to be written."""

    document: DocumentRow
    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)


@dataclass
class WriteResult:
    """What writing one document did."""

    status: str  # "written", "unchanged" or "replaced"
    nodes: int = 0
    edges: int = 0
    mentions: int = 0
    replaced: str | None = None


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Properties Neo4j can store: no nulls; nested values as JSON text."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value)
        ):
            out[key] = json.dumps(value, sort_keys=True, default=str)
        else:
            out[key] = value
    return out


_FIND_DOCUMENTS = """
UNWIND $docs AS doc
OPTIONAL MATCH (same:Document {id: doc.id})
OPTIONAL MATCH (older:Document {path: doc.path, current: true}) WHERE older.id <> doc.id
RETURN doc.id AS id, same IS NOT NULL AND coalesce(same.current, false) AS present,
       collect(older.id) AS older
"""

_RETRACT_NODES = """
MATCH (old:Document {id: $old})-[m:MENTIONS]->(n)
WITH DISTINCT old, n
SET n.sources = [s IN coalesce(n.sources, []) WHERE s <> old.id]
WITH old, n
OPTIONAL MATCH (n)-[r]-() WHERE old.id IN coalesce(r.sources, [])
WITH old, n, collect(DISTINCT r) AS rels
FOREACH (r IN rels |
  SET r.sources = [s IN r.sources WHERE s <> old.id],
      r.evidence = [e IN coalesce(r.evidence, []) WHERE NOT e STARTS WITH $prefix])
RETURN count(n) AS nodes
"""

# Nodes and relationships that the withdrawn version made public and that no other public
# document supports: restricted again, their restricted layer folded back
# (``ingestion.restricted_values.fold``).
_NO_LONGER_PUBLIC = """
MATCH (old:Document {id: $old})-[:MENTIONS]->(n)
WITH DISTINCT n
CALL (n) {
  WITH n WHERE n.classification = 'public' AND n.sources <> []
    AND NOT EXISTS { MATCH (d:Document) WHERE d.id IN n.sources AND d.classification = 'public' }
  RETURN elementId(n) AS element, properties(n) AS props, true AS node
  UNION
  MATCH (n)-[r]-() WHERE type(r) <> 'MENTIONS' AND r.classification = 'public'
    AND coalesce(r.sources, []) <> []
    AND NOT EXISTS { MATCH (d:Document) WHERE d.id IN r.sources AND d.classification = 'public' }
  RETURN DISTINCT elementId(r) AS element, properties(r) AS props, false AS node
}
RETURN element, props, node
"""

_FOLD_NODES = """
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.element
SET n = row.props
"""

_FOLD_RELS = """
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.element
SET r = row.props
"""

_DROP_UNSUPPORTED = """
MATCH (old:Document {id: $old})-[m:MENTIONS]->(n)
WITH old, collect(DISTINCT n) AS nodes
MATCH (old)-[m:MENTIONS]->()
DELETE m
WITH old, nodes
UNWIND nodes AS n
OPTIONAL MATCH (n)-[r]-() WHERE r.sources = []
DELETE r
WITH DISTINCT old, n
WHERE n.sources = []
DETACH DELETE n
"""

_SUPERSEDE = """
MATCH (old:Document {id: $old}), (new:Document {id: $new})
SET old.current = false, old.superseded_at = $now
MERGE (new)-[:SUPERSEDES]->(old)
"""

_DOCUMENTS = """
UNWIND $docs AS doc
MERGE (d:Document {id: doc.id})
SET d += doc.props, d.title = doc.title, d.kind = doc.kind, d.path = doc.path,
    d.classification = doc.classification, d.current = true, d.ingested_at = $now
"""

_LINK_RUN = """
MATCH (r:IngestRun {id: $run})
UNWIND $docs AS id
MATCH (d:Document {id: id})
MERGE (r)-[:INGESTED]->(d)
"""


# Node and edge statements keep the plan cached first (replan=skip): the graph grows fast
# while documents are written, and these plans (MERGE on a unique id) never depend on the
# statistics whose changes would have them planned again.
#
# Each label (and relationship type) takes two statements: the first merges the rows' ids,
# takes a write lock on each and returns what they hold; the values of this document are
# merged with those in Python (``ingestion.restricted_values``: what only restricted sources
# say stays out of a public node's own values); the second writes the result back.
def _node_lock_query(label: Label) -> str:
    extra = f"SET n:{Label.ENTITY}" if label in ENTITY_LABELS else ""
    return f"""CYPHER replan=skip
UNWIND $ids AS id
MERGE (n:{label} {{id: id}})
ON CREATE SET n.{NEW} = true
{extra}
SET n.{WRITING} = $token
RETURN id, properties(n) AS props
"""


def _node_query(label: Label) -> str:
    return f"""CYPHER replan=skip
UNWIND $rows AS row
MATCH (n:{label} {{id: row.id}})
SET n = row.props
WITH n, row
UNWIND row.mentions AS m
MATCH (d:Document {{id: m.doc}})
CREATE (d)-[r:MENTIONS]->(n)
SET r = m.props
RETURN count(r) AS mentions
"""


def _edge_lock_query(rel: RelType, start: Label, end: Label) -> str:
    donor = f"SET a:{Label.DONOR}" if rel is RelType.FUNDS else ""
    return f"""CYPHER replan=skip
UNWIND $rows AS row
MATCH (a:{start} {{id: row.start}})
MATCH (b:{end} {{id: row.end}})
MERGE (a)-[r:{rel} {{id: row.id}}]->(b)
ON CREATE SET r.{NEW} = true
{donor}
SET r.{WRITING} = $token
RETURN row.id AS id, properties(r) AS props
"""


def _edge_query(rel: RelType, start: Label, end: Label) -> str:
    return f"""CYPHER replan=skip
UNWIND $rows AS row
MATCH (a:{start} {{id: row.start}})-[r:{rel} {{id: row.id}}]->(b:{end} {{id: row.end}})
SET r = row.props
RETURN count(r) AS edges
"""


def _evidence_json(doc_id: str, evidence: dict[str, Any]) -> str:
    # The document id comes first so that retraction can filter by prefix.
    ordered = {"doc": doc_id, **{k: v for k, v in evidence.items() if k != "doc"}}
    return json.dumps(ordered, default=str)


def _evidence_prefix(doc_id: str) -> str:
    return json.dumps({"doc": doc_id})[:-1] + ","


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _node_rows(doc_id: str, nodes: Iterable[NodeRow]) -> dict[Label, list[dict[str, Any]]]:
    grouped: dict[Label, dict[str, dict[str, Any]]] = defaultdict(dict)
    for node in nodes:
        rows = grouped[node.label]
        row = rows.get(node.id)
        mentions = [clean_props(m) for m in node.mentions]
        if row is None:
            rows[node.id] = {
                "id": node.id,
                "doc": doc_id,
                "name": node.name,
                "props": clean_props(node.props),
                "aliases": sorted(set(node.aliases)),
                "classification": node.classification,
                "mentions": mentions[:MAX_MENTIONS_PER_NODE],
            }
            continue
        # Two records of one document resolved to one node: combine them.
        row["props"] = {**clean_props(node.props), **row["props"]}
        seen = set(row["aliases"]) | set(node.aliases) | {node.name}
        row["aliases"] = sorted(seen - {row["name"]})
        row["mentions"] = (row["mentions"] + mentions)[:MAX_MENTIONS_PER_NODE]
        if node.classification == PUBLIC:
            row["classification"] = PUBLIC
    return {label: list(rows.values()) for label, rows in grouped.items()}


def _edge_rows(
    doc_id: str, edges: Iterable[EdgeRow]
) -> dict[tuple[RelType, Label, Label], list[dict[str, Any]]]:
    grouped: dict[tuple[RelType, Label, Label], dict[str, dict[str, Any]]] = defaultdict(dict)
    for edge in edges:
        rows = grouped[(edge.type, edge.start_label, edge.end_label)]
        evidence = [_evidence_json(doc_id, e) for e in edge.evidence]
        row = rows.get(edge.id)
        if row is None:
            rows[edge.id] = {
                "id": edge.id,
                "doc": doc_id,
                "start": edge.start,
                "end": edge.end,
                "props": clean_props(edge.props),
                "classification": edge.classification,
                "evidence": evidence[:MAX_EVIDENCE_PER_EDGE],
            }
        else:
            row["evidence"] = (row["evidence"] + evidence)[:MAX_EVIDENCE_PER_EDGE]
            if edge.classification == PUBLIC:
                row["classification"] = PUBLIC
    return {key: list(rows.values()) for key, rows in grouped.items()}


def _no_longer_public(tx: neo4j.ManagedTransaction, old: str) -> None:
    """Restrict again what only the withdrawn public version ``old`` made public."""
    folded: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for record in tx.run(_NO_LONGER_PUBLIC, old=old):
        folded[record["node"]].append(
            {"element": record["element"], "props": clean_props(fold(record["props"]))}
        )
    if folded[True]:
        tx.run(_FOLD_NODES, rows=folded[True]).consume()
    if folded[False]:
        tx.run(_FOLD_RELS, rows=folded[False]).consume()


def _write_nodes(
    tx: neo4j.ManagedTransaction, label: Label, rows: list[dict[str, Any]], token: str
) -> None:
    """Merge one label's rows (several documents may name one node) into what it holds."""
    ids = list(dict.fromkeys(row["id"] for row in rows))
    state = {r["id"]: r["props"] for r in tx.run(_node_lock_query(label), ids=ids, token=token)}
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        incoming = Incoming(
            doc=row["doc"],
            classification=row["classification"],
            props=row["props"],
            name=row["name"],
            aliases=row["aliases"],
        )
        state[row["id"]] = merge_values(state.get(row["id"]), incoming)
        mentions[row["id"]].extend(
            {"doc": row["doc"], "props": {**m, "classification": row["classification"]}}
            for m in row["mentions"]
        )
    out = [{"id": i, "props": clean_props(state[i]), "mentions": mentions[i]} for i in ids]
    tx.run(_node_query(label), rows=out).consume()


def _write_edges(
    tx: neo4j.ManagedTransaction,
    key: tuple[RelType, Label, Label],
    rows: list[dict[str, Any]],
    token: str,
) -> None:
    """Merge one relationship type's rows into what the relationships hold."""
    locked = tx.run(_edge_lock_query(*key), rows=_unique(rows), token=token)
    state: dict[str, dict[str, Any] | None] = {r["id"]: r["props"] for r in locked}
    ends: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["id"] not in state:  # an end is not in the graph
            continue
        incoming = Incoming(
            doc=row["doc"],
            classification=row["classification"],
            props=row["props"],
            evidence=row["evidence"],
        )
        state[row["id"]] = merge_values(state[row["id"]], incoming, is_node=False)
        ends[row["id"]] = {"start": row["start"], "end": row["end"]}
    out = [
        {"id": i, **ends[i], "props": clean_props(props)}
        for i, props in state.items()
        if props is not None and i in ends
    ]
    tx.run(_edge_query(*key), rows=out).consume()


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row["id"], {"id": row["id"], "start": row["start"], "end": row["end"]})
    return list(seen.values())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_document(
    driver: neo4j.Driver,
    database: str,
    batch: GraphBatch,
    run_id: str | None = None,
    batch_size: int = 5000,
) -> WriteResult:
    """Write one document and everything it asserts in a single transaction."""
    result = write_documents(driver, database, [batch], run_id, batch_size)[0]
    if isinstance(result, Exception):  # a lone document's error is raised, never returned
        raise result
    return result


def write_documents(
    driver: neo4j.Driver,
    database: str,
    batches: list[GraphBatch],
    run_id: str | None = None,
    batch_size: int = 5000,
) -> list[WriteResult | Exception]:
    """Write several documents in one transaction: one round trip per label, not per document.

    If that transaction fails, each document is retried in a transaction of its own,
    so one bad document cannot keep the others out; its error takes its place in
    the returned list (a lone document's error is raised).
    """
    if not batches:
        return []
    with driver.session(database=database) as session:
        try:
            return list(session.execute_write(_write, batches, run_id, batch_size))
        except neo4j.exceptions.Neo4jError:
            if len(batches) == 1:
                raise
        results: list[WriteResult | Exception] = []
        for batch in batches:
            try:
                results.extend(session.execute_write(_write, [batch], run_id, batch_size))
            except neo4j.exceptions.Neo4jError as exc:
                results.append(exc)
        return results


def _write(
    tx: neo4j.ManagedTransaction,
    batches: list[GraphBatch],
    run_id: str | None,
    batch_size: int,
) -> list[WriteResult]:
    docs = [
        {
            "id": b.document.id,
            "path": b.document.path,
            "title": b.document.title,
            "kind": b.document.kind,
            "classification": b.document.classification,
            "props": clean_props(b.document.props),
        }
        for b in batches
    ]
    found = {r["id"]: r for r in tx.run(_FIND_DOCUMENTS, docs=docs)}
    now = _now()
    results: dict[str, WriteResult] = {}
    fresh: list[GraphBatch] = []
    for batch in batches:
        doc = batch.document
        if doc.id in results or found[doc.id]["present"]:
            results.setdefault(doc.id, WriteResult("unchanged"))
            continue
        older = found[doc.id]["older"]
        for old in older:
            tx.run(_RETRACT_NODES, old=old, prefix=_evidence_prefix(old)).consume()
            _no_longer_public(tx, old)
            tx.run(_DROP_UNSUPPORTED, old=old).consume()
        results[doc.id] = WriteResult(
            "replaced" if older else "written", replaced=older[0] if older else None
        )
        fresh.append(batch)
    fresh_ids = {b.document.id for b in fresh}
    tx.run(_DOCUMENTS, docs=[d for d in docs if d["id"] in fresh_ids], now=now).consume()
    for batch in fresh:
        replaced = results[batch.document.id].replaced
        if replaced:
            tx.run(_SUPERSEDE, old=replaced, new=batch.document.id, now=now).consume()
    node_rows: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    edge_rows: dict[tuple[RelType, Label, Label], list[dict[str, Any]]] = defaultdict(list)
    for batch in fresh:
        doc_id = batch.document.id
        for label, rows in _node_rows(doc_id, batch.nodes).items():
            node_rows[label].extend(rows)
            results[doc_id].nodes += len(rows)
            results[doc_id].mentions += sum(len(row["mentions"]) for row in rows)
        for key, rows in _edge_rows(doc_id, batch.edges).items():
            edge_rows[key].extend(rows)
            results[doc_id].edges += len(rows)
    token = uuid.uuid4().hex
    for label, rows in node_rows.items():
        for chunk in _chunks(rows, batch_size):
            _write_nodes(tx, label, chunk, token)
    for (rel, start, end), rows in edge_rows.items():
        for chunk in _chunks(rows, batch_size):
            _write_edges(tx, (rel, start, end), chunk, token)
    if run_id:
        tx.run(_LINK_RUN, run=run_id, docs=[d["id"] for d in docs]).consume()
    return [results[b.document.id] for b in batches]


_START_RUN = """
CREATE (r:IngestRun {id: $id, command: $command, started_at: $now, status: 'running',
                     pid: $pid, host: $host, process_started: $process_started})
"""

_RUNNING = """
MATCH (r:IngestRun {status: 'running'}) WHERE r.id <> $id
RETURN r.id AS id, r.command AS command, r.started_at AS started_at, r.pid AS pid,
       r.host AS host, r.process_started AS process_started, properties(r) AS props
"""

_INTERRUPT = """
MATCH (r:IngestRun {id: $id, status: 'running'})
SET r.status = 'interrupted', r.interrupted_at = $now, r.finished_at = $now,
    r.interrupted_reason = $reason
RETURN r.id AS id
"""

_PROGRESS_RUN = """
MATCH (r:IngestRun {id: $id})
SET r += $counts, r.progress_at = $now
"""

_FINISH_RUN = """
MATCH (r:IngestRun {id: $id})
SET r += $counts, r.errors = $errors, r.finished_at = $now, r.status = $status
"""

# Properties of a run that say what it is, not how far it got.
_RUN_FIELDS = frozenset(
    {"id", "command", "started_at", "status", "pid", "host", "process_started", "errors",
     "progress_at", "interrupted_at", "finished_at", "interrupted_reason"}
)


@dataclass(frozen=True)
class InterruptedRun:
    """A run that was still 'running' although its process is gone, and what it had committed."""

    id: str
    command: str
    started_at: str
    progress: dict[str, Any]

    def describe(self) -> str:
        """One line for the next run to print."""
        counts = {k: v for k, v in self.progress.items() if isinstance(v, int) and k != "errors"}
        parts = [f"{k} {v:,}" for k, v in sorted(counts.items()) if k != "loaded_through_row"]
        if "loaded_through_row" in counts and self.progress.get("loading"):
            where = f"rows up to {counts['loaded_through_row']:,} of {self.progress['loading']}"
            parts.append(where)
        done = ", ".join(parts) or "nothing"
        return (
            f"previous run {self.id} ({self.command}, started {self.started_at}) was "
            f"interrupted; it had committed: {done}"
        )


def _process_started(pid: int) -> int | None:
    """When ``pid`` started, in clock ticks since boot (Linux); tells a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in brackets may hold spaces; the fields after it are plain.
    return int(stat.rsplit(")", 1)[1].split()[19])


def _process_alive(pid: int | None, started: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, but cannot be ours unless started matches
    now = _process_started(pid)
    return started is None or now is None or now == started


def interrupt_stale_runs(driver: neo4j.Driver, database: str, run_id: str) -> list[InterruptedRun]:
    """Mark runs of this host still 'running' whose process is gone as 'interrupted'."""
    host = socket.gethostname()
    records, _, _ = driver.execute_query(_RUNNING, id=run_id, database_=database)
    stale: list[InterruptedRun] = []
    for record in records:
        if record["host"] not in (None, host):
            continue  # another machine's run: its process cannot be checked from here
        if _process_alive(record["pid"], record["process_started"]):
            continue
        reason = f"interrupted: its process (pid {record['pid']} on {host}) is gone"
        marked, _, _ = driver.execute_query(
            _INTERRUPT, id=record["id"], now=_now(), reason=reason, database_=database
        )
        if not marked:
            continue  # another new run marked it first
        progress = {k: v for k, v in record["props"].items() if k not in _RUN_FIELDS}
        run = InterruptedRun(
            str(record["id"]), str(record["command"]), str(record["started_at"]), progress
        )
        log.warning(run.describe())
        stale.append(run)
    return stale


def start_run(
    driver: neo4j.Driver, database: str, run_id: str, command: str
) -> list[InterruptedRun]:
    """Record the start of an ingestion run (with its pid and host).

    Runs of this host left 'running' by a process that is gone are marked 'interrupted'
    first (their progress counts stay) and returned, each also logged.
    """
    stale = interrupt_stale_runs(driver, database, run_id)
    pid = os.getpid()
    driver.execute_query(
        _START_RUN,
        id=run_id,
        command=command,
        now=_now(),
        pid=pid,
        host=socket.gethostname(),
        process_started=_process_started(pid),
        database_=database,
    )
    return stale


def progress_run(driver: neo4j.Driver, database: str, run_id: str, counts: dict[str, int]) -> None:
    """Record how far a run has got, so that an interrupted run still shows its counts."""
    driver.execute_query(_PROGRESS_RUN, id=run_id, counts=counts, now=_now(), database_=database)


def finish_run(
    driver: neo4j.Driver,
    database: str,
    run_id: str,
    counts: dict[str, int],
    errors: list[str],
) -> None:
    """Record a run's counts and errors; its status says whether anything failed."""
    driver.execute_query(
        _FINISH_RUN,
        id=run_id,
        counts=counts,
        errors=errors,
        status="failed" if errors else "ok",
        now=_now(),
        database_=database,
    )
