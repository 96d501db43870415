"""Judgement: a reversible decision about entities (a merge), who took it and when."""

from __future__ import annotations

import strawberry

from graphhub.queries import judgements


@strawberry.type(description="A merge of two entities; undoing it restores the graph exactly.")
class Judgement:
    id: strawberry.ID
    kind: str
    keep_id: strawberry.ID
    merged_id: strawberry.ID
    reason: str
    by: str = strawberry.field(description="Fingerprint of the API key that decided it.")
    at: str
    copied_relationships: int = strawberry.field(
        description="Relationships of the merged entity copied onto the kept one."
    )
    aliases_added: list[str]
    undone_at: str | None
    undone_by: str | None
    restricted_aliases_added: list[str] = strawberry.field(
        description="Names brought from restricted sources: restricted aliases of the kept one."
    )

    @classmethod
    def of(cls, item: judgements.Judgement) -> Judgement:
        return cls(
            id=strawberry.ID(item.id),
            kind=item.kind,
            keep_id=strawberry.ID(item.keep),
            merged_id=strawberry.ID(item.merged),
            reason=item.reason,
            by=item.by,
            at=item.at,
            copied_relationships=item.copied,
            aliases_added=list(item.aliases_added),
            undone_at=item.undone_at,
            undone_by=item.undone_by,
            restricted_aliases_added=list(item.restricted_aliases_added),
        )
