"""Merge proposals: pairs of nodes whose names only look alike, waiting for an analyst.

Ingestion writes them (``graphhub.writer.documents``) when a record of a structured
source has a fuzzy candidate; ``graphhub.writer.proposals`` accepts or rejects them.
Statuses: ``pending``, ``accepted`` (merged: ``merge_judgement``) and ``rejected``; undoing
the merge of an accepted proposal makes it ``pending`` again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphhub.queries.cypher_files import cypher
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.paging import Page, PageRequest
from graphhub.queries.runner import Runner

STATUSES = ("pending", "accepted", "rejected")


@dataclass(frozen=True)
class Proposal:
    """A proposed merge of ``merged`` into ``keep``, and what became of it."""

    id: str
    status: str
    label: str
    keep: str
    keep_name: str
    merged: str
    merged_name: str
    score: float
    reason: str
    source: str  # the document whose record raised it
    at: str
    classification: str
    merge_judgement: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    decision_reason: str | None = None
    undone_at: str | None = None

    @classmethod
    def from_map(cls, value: dict[str, Any]) -> Proposal:
        return cls(
            id=str(value["id"]),
            status=str(value.get("status") or "pending"),
            label=str(value.get("label") or ""),
            keep=str(value["keep"]),
            keep_name=str(value.get("keep_name") or ""),
            merged=str(value["merged"]),
            merged_name=str(value.get("merged_name") or ""),
            score=float(value.get("score") or 0.0),
            reason=str(value.get("reason") or ""),
            source=str(value.get("source") or ""),
            at=str(value.get("at") or ""),
            classification=str(value.get("classification") or "restricted"),
            merge_judgement=value.get("merge_judgement"),
            decided_by=value.get("decided_by"),
            decided_at=value.get("decided_at"),
            decision_reason=value.get("decision_reason"),
            undone_at=value.get("undone_at"),
        )


def check_status(status: str | None) -> str | None:
    """``status`` when it is one of ``STATUSES`` (or None); BadInput naming them otherwise."""
    if status is not None and status not in STATUSES:
        raise BadInput(f"status {status!r} is not one of {', '.join(STATUSES)}")
    return status


async def proposals(
    runner: Runner,
    page: PageRequest,
    status: str | None = "pending",
    entity: str | None = None,
) -> Page[Proposal]:
    """The visible proposals with this status (None: any) about ``entity`` (None: any),
    oldest first."""
    page = page.check(frozenset({"AT"}))
    rows = await runner.rows(
        cypher("proposals"), status=check_status(status), entity=entity, ids=None,
        **page.params(),
    )
    if not rows:
        return Page([], 0, page.offset)
    items = [Proposal.from_map(item) for item in rows[0]["items"]]
    return Page(items, int(rows[0]["total"]), page.offset)


async def proposal(runner: Runner, proposal_id: str) -> Proposal:
    """One visible proposal; NotFound when there is none by that id (or it is hidden)."""
    rows = await runner.rows(
        cypher("proposals"), status=None, entity=None, ids=[proposal_id],
        **PageRequest(0, 1, "AT").params(),
    )
    if not rows or not rows[0]["items"]:
        raise NotFound(f"no merge proposal {proposal_id!r}")
    return Proposal.from_map(rows[0]["items"][0])
