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
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import neo4j

from graphhub.model import ENTITY_LABELS, PUBLIC, Label, RelType
from graphhub.writer.cypher import cypher, statement
from graphhub.writer.proposals import write_proposals
from graphhub.writer.restricted_values import Incoming, fold, merge_values
from graphhub.writer.rows import (
    EdgeRow,
    GraphBatch,
    NodeRow,
    WriteResult,
    clean_props,
)
from graphhub.writer.runs import link_run, now

# Enough provenance to explain a fact without storing every repetition of it.
MAX_MENTIONS_PER_NODE = 5
MAX_EVIDENCE_PER_EDGE = 3

_FIND_DOCUMENTS = cypher("find_documents")

_RETRACT_NODES = cypher("retract_nodes")

# Nodes and relationships that the withdrawn version made public and that no other public
# document supports: restricted again, their restricted layer folded back
# (``graphhub.writer.restricted_values.fold``).
_NO_LONGER_PUBLIC = cypher("no_longer_public")

_FOLD_NODES = cypher("fold_nodes")

_FOLD_RELS = cypher("fold_rels")

_DROP_UNSUPPORTED = cypher("drop_unsupported")

_SUPERSEDE = cypher("supersede")

_DOCUMENTS = cypher("documents")



# Node and edge statements keep the plan cached first (replan=skip): the graph grows fast
# while documents are written, and these plans (MERGE on a unique id) never depend on the
# statistics whose changes would have them planned again.
#
# Each label (and relationship type) takes two statements: the first merges the rows' ids,
# takes a write lock on each and returns what they hold; the values of this document are
# merged with those in Python (``graphhub.writer.restricted_values``: what only restricted sources
# say stays out of a public node's own values); the second writes the result back.
def _node_lock_query(label: Label) -> str:
    extra = f"SET n:{Label.ENTITY}" if label in ENTITY_LABELS else ""
    return statement("lock_nodes", label=label, extra=extra)


def _node_query(label: Label) -> str:
    return statement("write_nodes", label=label)


def _edge_lock_query(rel: RelType, start: Label, end: Label) -> str:
    extra = f"SET a:{Label.DONOR}" if rel is RelType.FUNDS else ""
    return statement("lock_edges", type=rel, start=start, end=end, extra=extra)


def _edge_query(rel: RelType, start: Label, end: Label) -> str:
    return statement("write_edges", type=rel, start=start, end=end)


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


def present_documents(driver: neo4j.Driver, database: str, ids: list[str]) -> set[str]:
    """The ids among ``ids`` whose current version is in the graph (the writer's own test).

    Asked before a document is read, so that a known one is not parsed again; the writer
    asks the same again inside the transaction that would write it.
    """
    records, _, _ = driver.execute_query(
        _FIND_DOCUMENTS,
        docs=[{"id": i, "path": None} for i in ids],
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return {str(record["id"]) for record in records if record["present"]}


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
    at = now()
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
    tx.run(_DOCUMENTS, docs=[d for d in docs if d["id"] in fresh_ids], now=at).consume()
    for batch in fresh:
        replaced = results[batch.document.id].replaced
        if replaced:
            tx.run(_SUPERSEDE, old=replaced, new=batch.document.id, now=at).consume()
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
    for batch in fresh:
        if batch.proposals:
            write_proposals(tx, batch.document.id, batch.proposals, at)
    if run_id:
        link_run(tx, run_id, [str(d["id"]) for d in docs])
    return [results[b.document.id] for b in batches]


