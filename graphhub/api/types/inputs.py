"""Input types: the filters of list queries, each the query layer's filter as GraphQL.

Each input subclasses the query module's filter dataclass, so its fields are declared
once; a field is repeated here only to give it a description or a GraphQL type (ID).
"""

from __future__ import annotations

import strawberry

from graphhub.api.types.enums import FundingKind
from graphhub.queries import filters, findings, seizures


@strawberry.input(description="Which projects or fundings; every field is optional.")
class ProjectFilter(filters.FundingFilter):
    country: str | None = strawberry.field(default=None, description="ISO3 code, name or id")
    sector: str | None = strawberry.field(default=None, description="name, DAC code or id")
    donor: str | None = strawberry.field(default=None, description="name, acronym or id")
    text: str | None = strawberry.field(default=None, description="in a title or code")
    kinds: list[FundingKind] | None = strawberry.field(
        default=None,
        description="funding sums: the kinds that count and are summed (null: every kind, "
        "kept apart)",
    )
    include_onward: bool = strawberry.field(
        default=False,
        description="funding sums: count onward money by donor, country and sector too",
    )


@strawberry.input
class FindingFilter(findings.FindingFilter):
    entity: strawberry.ID | None = None


@strawberry.input
class SeizureFilter(seizures.SeizureFilter):
    pass
