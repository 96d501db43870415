"""Judgements about entities: the merges analysts made, and whether they were undone.

The merges themselves (and aliases) are written by ``graphhub.writer.judgements``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphhub.queries.cypher_files import cypher
from graphhub.queries.errors import NotFound
from graphhub.queries.runner import Runner


@dataclass(frozen=True)
class Judgement:
    """A stored merge decision and whether it was undone."""

    id: str
    kind: str
    keep: str
    merged: str
    reason: str
    by: str
    at: str
    copied: int
    aliases_added: tuple[str, ...]
    undone_at: str | None = None
    # Names the merge brought from restricted sources: restricted aliases of the kept node.
    restricted_aliases_added: tuple[str, ...] = ()
    undone_by: str | None = None
    label: str = "Entity"  # what the merge matched its nodes by: Entity or Organization
    proposal: str | None = None  # the merge proposal it accepted, if any

    @property
    def active(self) -> bool:
        return self.undone_at is None

    @classmethod
    def from_map(cls, value: dict[str, Any]) -> Judgement:
        return cls(
            id=str(value["id"]),
            kind=str(value.get("kind") or "merge"),
            keep=str(value["keep"]),
            merged=str(value["merged"]),
            reason=str(value.get("reason") or ""),
            by=str(value.get("by") or ""),
            at=str(value.get("at") or ""),
            copied=int(value.get("copied") or 0),
            aliases_added=tuple(str(a) for a in value.get("aliases_added") or ()),
            undone_at=value.get("undone_at"),
            undone_by=value.get("undone_by"),
            restricted_aliases_added=tuple(
                str(a) for a in value.get("restricted_aliases_added") or ()
            ),
            label=str(value.get("label") or "Entity"),
            proposal=value.get("proposal"),
        )


async def judgements(
    runner: Runner, ids: list[str] | None = None, entity: str | None = None
) -> list[Judgement]:
    """Judgements by id, or those about ``entity``; newest first."""
    rows = await runner.rows(cypher("judgements"), ids=ids or [], entity=entity)
    return [Judgement.from_map(row["judgement"]) for row in rows]


async def judgement_state(runner: Runner, judgement_id: str) -> tuple[Judgement, str | None]:
    """A judgement, and what its kept entity was merged into since (None: nothing)."""
    rows = await runner.rows(cypher("judgements"), ids=[judgement_id], entity=None)
    if not rows:
        raise NotFound(f"no judgement {judgement_id!r}")
    return Judgement.from_map(rows[0]["judgement"]), rows[0]["keep_merged_into"]
