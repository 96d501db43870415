"""The summary of an ingestion run started through the API."""

from __future__ import annotations

from collections import Counter

import strawberry


@strawberry.type(description="How many of something, by kind.")
class Count:
    kind: str
    count: int


def counts(counter: Counter[str]) -> list[Count]:
    """``counter`` as Counts, in the order of their kinds."""
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
