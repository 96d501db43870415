"""Merge proposals decided: accepted (merged through the one merge path) or rejected.

Accepting merges the proposal's node into its candidate with ``judgements.merge_nodes``,
in the same write that marks the proposal ``accepted`` and links the two judgements;
undoing that merge (``judgements.undo_merge``) makes the proposal ``pending`` again.
Rejecting keeps the two nodes apart for good: ingestion never proposes them again.
"""

from __future__ import annotations

from graphhub.queries.errors import BadInput
from graphhub.queries.proposals import Proposal, proposal
from graphhub.queries.runner import Runner
from graphhub.writer.cypher import cypher
from graphhub.writer.judgements import MAX_REASON_CHARS, checked_text, merge_nodes, timestamp
from graphhub.writer.proposals import merge_label


def _pending(item: Proposal) -> None:
    if item.status != "pending":
        raise BadInput(f"merge proposal {item.id!r} is {item.status}, not pending")


async def accept(runner: Runner, proposal_id: str, reason: str, by: str) -> Proposal:
    """Merge the proposal's node into its candidate; the proposal is then ``accepted``."""
    why = checked_text("reason", reason, MAX_REASON_CHARS)
    item = await proposal(runner, proposal_id)
    _pending(item)
    judgement = await merge_nodes(
        runner, merge_label(item.label), item.keep, item.merged, why, by, proposal=item.id
    )
    if judgement is None:
        raise BadInput(
            f"merge proposal {item.id!r} changed meanwhile (decided, or one of its nodes "
            "was merged away); read it again"
        )
    return await proposal(runner, proposal_id)


async def reject(runner: Runner, proposal_id: str, reason: str, by: str) -> Proposal:
    """Reject the proposal: the two nodes stay apart and ingestion never proposes them again."""
    why = checked_text("reason", reason, MAX_REASON_CHARS)
    item = await proposal(runner, proposal_id)
    _pending(item)
    rows = await runner.write(
        cypher("reject_proposal"), id=item.id, reason=why, by=by, at=timestamp()
    )
    if not rows:
        raise BadInput(f"merge proposal {item.id!r} changed meanwhile; read it again")
    return await proposal(runner, proposal_id)
