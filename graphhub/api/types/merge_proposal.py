"""MergeProposal: two nodes whose names only look alike, for an analyst to merge or keep apart."""

from __future__ import annotations

from enum import Enum

import strawberry

from graphhub.queries import proposals


@strawberry.enum(description="Where a merge proposal stands.")
class ProposalStatus(Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@strawberry.type(
    description="A merge that name similarity alone suggested, from a structured source: "
    "never made by ingestion, accepted (merged) or rejected by an analyst. Undoing the "
    "merge of an accepted one makes it pending again."
)
class MergeProposal:
    id: strawberry.ID
    status: ProposalStatus
    label: str = strawberry.field(description="The label of both nodes.")
    keep_id: strawberry.ID = strawberry.field(description="The known node the name is close to.")
    keep_name: str
    merged_id: strawberry.ID = strawberry.field(
        description="The node the source's record got; merged into keepId when accepted."
    )
    merged_name: str
    score: float = strawberry.field(description="Name similarity, 0 to 1.")
    reason: str = strawberry.field(description="Why the names were found alike.")
    source: strawberry.ID = strawberry.field(description="The document whose record raised it.")
    at: str
    merge_judgement_id: strawberry.ID | None = strawberry.field(
        description="The merge that accepting it made (while not undone)."
    )
    decided_by: str | None = strawberry.field(
        description="Fingerprint of the API key (or the command line user) that decided it."
    )
    decided_at: str | None
    decision_reason: str | None
    undone_at: str | None = strawberry.field(
        description="When the merge of this proposal was last undone."
    )

    @classmethod
    def of(cls, item: proposals.Proposal) -> MergeProposal:
        return cls(
            id=strawberry.ID(item.id),
            status=ProposalStatus(item.status),
            label=item.label,
            keep_id=strawberry.ID(item.keep),
            keep_name=item.keep_name,
            merged_id=strawberry.ID(item.merged),
            merged_name=item.merged_name,
            score=item.score,
            reason=item.reason,
            source=strawberry.ID(item.source),
            at=item.at,
            merge_judgement_id=(
                strawberry.ID(item.merge_judgement) if item.merge_judgement else None
            ),
            decided_by=item.decided_by,
            decided_at=item.decided_at,
            decision_reason=item.decision_reason,
            undone_at=item.undone_at,
        )
