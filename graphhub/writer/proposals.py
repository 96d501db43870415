"""Merge proposals as ingestion writes them: pending pairs, one per pair of nodes.

Ingestion never merges two nodes on a name similarity from a structured source; it
writes a proposal (``write_proposals``, inside the document's transaction) that an
analyst decides (``graphhub.writer.review``). A proposal's id comes from its pair of
nodes, and writing it again never changes its status: a rejected pair stays rejected.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import neo4j

from graphhub.ids import make_id
from graphhub.model import ENTITY_LABELS, Label
from graphhub.writer.cypher import statement
from graphhub.writer.rows import ProposalRow


def proposal_id(keep: str, merged: str) -> str:
    """The id of the proposal about two nodes, whichever of them is the kept one."""
    return make_id("judgement", "proposal", *sorted((keep, merged)))


def merge_label(label: Label | str) -> Label:
    """The label a merge of two nodes of ``label`` matches them by."""
    return Label.ENTITY if Label(label) in ENTITY_LABELS else Label(label)


def write_proposals(
    tx: neo4j.ManagedTransaction, doc_id: str, proposals: list[ProposalRow], at: str
) -> int:
    """Write one document's proposals (the pair's proposal is kept when already there)."""
    grouped: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    for row in proposals:
        grouped[merge_label(row.label)].append(
            {"id": proposal_id(row.keep, row.merged), "label": str(row.label),
             "keep": row.keep, "merged": row.merged, "score": row.score,
             "reason": row.reason, "doc": doc_id, "classification": row.classification}
        )
    written = 0
    for label, rows in grouped.items():
        record = tx.run(statement("write_proposals", label=label), rows=rows, at=at).single()
        written += int(record["proposals"]) if record else 0
    return written
