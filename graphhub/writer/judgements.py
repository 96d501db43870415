"""Analysts' judgements written to the graph: aliases added or taken off, merges and undoing.

A merge never destroys anything. It stores a ``Judgement`` node, marks the merged
entity ``merged_into`` the kept one (every read query hides such nodes) and copies
the merged entity's relationships onto the kept one, each copy carrying the
judgement's id as ``merge_id``. Traversals (traceFlows, connections, cycles) then
need no special case: the kept node simply has the relationships. Undoing deletes
exactly the copies, takes back the aliases the merge added and shows the merged
node again, so the graph is as it was before. Run for one caller through its
``Runner`` (timeouts, visibility), as the reads are.

Entities (persons, companies, accounts, groups) are merged by ``merge``; organizations
through an accepted merge proposal (``graphhub.writer.proposals``), by ``merge_nodes``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from graphhub.model import ENTITY_LABELS, Label, RelType
from graphhub.queries.entities import entities_by_id
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.judgements import Judgement, judgement_state
from graphhub.queries.records import Node
from graphhub.queries.runner import Runner
from graphhub.writer.cypher import cypher, statement

MAX_ALIAS_CHARS = 200
MAX_REASON_CHARS = 2000
# Every relationship type of the model is copied by a merge; the type of a copy comes from
# the original relationship, which the whitelist filter keeps within the model.
COPIED_TYPES: tuple[str, ...] = tuple(sorted(str(t) for t in RelType))
# The labels a merge matches its two nodes by.
MERGED_LABELS = frozenset({Label.ENTITY, Label.ORGANIZATION})


@dataclass(frozen=True)
class AliasChange:
    """The entity after an alias was added (or removed), and whether that changed it."""

    node: Node
    added: bool


def timestamp() -> str:
    """Now, as judgements record it (UTC, milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def checked_text(name: str, value: str, limit: int) -> str:
    """``value`` with its white space collapsed; BadInput when empty or over ``limit``."""
    cleaned = " ".join(value.split())
    if not cleaned:
        raise BadInput(f"{name} is empty")
    if len(cleaned) > limit:
        raise BadInput(f"{name} is longer than {limit} characters")
    return cleaned


def _entity_kind(node: Node) -> str:
    return next((label for label in node.labels if label in ENTITY_LABELS), "Entity")


async def add_alias(
    runner: Runner, entity_id: str, alias: str, public: bool = False
) -> AliasChange:
    """Add ``alias`` to a visible entity, so that search finds it by that name.

    An analyst's alias is restricted (served to the FIU roles only) unless ``public``."""
    text = checked_text("alias", alias, MAX_ALIAS_CHARS)
    rows = await runner.write(cypher("add_alias"), id=entity_id, alias=text, public=public)
    if not rows:
        raise NotFound(f"no entity {entity_id!r}")
    return AliasChange(Node.from_map(rows[0]["node"]), bool(rows[0]["added"]))


async def remove_alias(runner: Runner, entity_id: str, alias: str) -> AliasChange:
    """Take a wrong ``alias`` off a visible entity (public or restricted); ``added`` says
    whether it was there."""
    text = checked_text("alias", alias, MAX_ALIAS_CHARS)
    rows = await runner.write(cypher("remove_alias"), id=entity_id, alias=text)
    if not rows:
        raise NotFound(f"no entity {entity_id!r}")
    return AliasChange(Node.from_map(rows[0]["node"]), bool(rows[0]["removed"]))


async def merge(runner: Runner, keep: str, merged: str, reason: str, by: str) -> Judgement:
    """Merge entity ``merged`` into ``keep`` (same kind, both visible); returns the judgement."""
    why = checked_text("reason", reason, MAX_REASON_CHARS)
    if keep == merged:
        raise BadInput("keepId and mergeId are the same entity")
    found = await entities_by_id(runner, [keep, merged])
    for entity_id in (keep, merged):
        if entity_id not in found:
            raise NotFound(f"no entity {entity_id!r}")
    kinds = (_entity_kind(found[keep]), _entity_kind(found[merged]))
    if kinds[0] != kinds[1]:
        raise BadInput(f"cannot merge a {kinds[1]} into a {kinds[0]}")
    judgement = await merge_nodes(runner, Label.ENTITY, keep, merged, why, by)
    if judgement is None:  # one of them was merged away between the check and the write
        raise NotFound(f"no entity {keep!r} or {merged!r}")
    return judgement


async def merge_nodes(
    runner: Runner,
    label: Label,
    keep: str,
    merged: str,
    reason: str,
    by: str,
    proposal: str | None = None,
) -> Judgement | None:
    """Merge node ``merged`` into ``keep`` (both ``label``, Entity or Organization, both
    visible and not merged away); None when that does not hold. Given ``proposal``, only
    while that proposal of the pair is pending, which it accepts in the same write."""
    if label not in MERGED_LABELS:
        raise BadInput(f"{label} nodes are not merged")
    rows = await runner.write(
        statement("merge_entities", label=label),
        id=f"judgement:{uuid.uuid4().hex[:16]}",
        label=str(label),
        keep=keep,
        merged=merged,
        reason=reason,
        by=by,
        at=timestamp(),
        types=list(COPIED_TYPES),
        proposal=proposal,
    )
    return Judgement.from_map(rows[0]["judgement"]) if rows else None


async def undo_merge(runner: Runner, judgement_id: str, by: str) -> Judgement:
    """Undo a merge exactly; refused once undone or while a later merge builds on it."""
    judgement, keep_merged_into = await judgement_state(runner, judgement_id)
    if not judgement.active:
        raise BadInput(f"judgement {judgement_id!r} was already undone at {judgement.undone_at}")
    if keep_merged_into is not None:
        raise BadInput(
            f"{judgement.keep!r} was itself merged into {keep_merged_into!r} "
            "later; undo that merge first"
        )
    label = Label(judgement.label)
    if label not in MERGED_LABELS:
        raise BadInput(f"judgement {judgement_id!r} is not a merge")
    done = await runner.write(
        statement("undo_merge", label=label), id=judgement_id, at=timestamp(), by=by
    )
    if not done:
        raise BadInput(f"judgement {judgement_id!r} changed meanwhile; read it again")
    return Judgement.from_map(done[0]["judgement"])
