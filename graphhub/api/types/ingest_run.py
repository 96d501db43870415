"""The summary of an ingestion run started through the API."""

from __future__ import annotations

from collections import Counter

import strawberry


@strawberry.type(description="How many of something, by kind.")
class Count:
    kind: str
    count: int


def _counts(counter: Counter[str]) -> list[Count]:
    return [Count(kind=k, count=v) for k, v in sorted(counter.items())]


@strawberry.type(description="What an ingestion run did: documents by outcome, records by type.")
class IngestRun:
    run_id: strawberry.ID
    documents: list[Count]
    nodes: list[Count]
    edges: list[Count]
    words: int
    errors: list[str]
    warnings: list[str]
    classified: list[Count] = strawberry.field(
        description="Documents written by classification and why: 'public (declared)', "
        "'restricted (marker)', 'restricted (default)'."
    )

    @classmethod
    def of(
        cls,
        run_id: str,
        *,
        documents: Counter[str],
        nodes: Counter[str],
        edges: Counter[str],
        words: int,
        errors: list[str],
        warnings: list[str],
        classified: Counter[str],
    ) -> IngestRun:
        return cls(
            run_id=strawberry.ID(run_id),
            documents=_counts(documents),
            nodes=_counts(nodes),
            edges=_counts(edges),
            words=words,
            errors=list(errors),
            warnings=list(warnings),
            classified=_counts(classified),
        )
