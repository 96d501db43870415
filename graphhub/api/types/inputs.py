"""Input types: the filters of list queries."""

from __future__ import annotations

import strawberry

from graphhub.queries.filters import FundingFilter
from graphhub.queries.findings import FindingFilter as FindingQuery
from graphhub.queries.seizures import SeizureFilter as SeizureQuery


@strawberry.input(description="Which projects or fundings; every field is optional.")
class ProjectFilter:
    country: str | None = strawberry.field(default=None, description="ISO3 code, name or id")
    sector: str | None = strawberry.field(default=None, description="name, DAC code or id")
    donor: str | None = strawberry.field(default=None, description="name, acronym or id")
    programme: str | None = None
    status: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    text: str | None = strawberry.field(default=None, description="in a title or code")

    def query(self) -> FundingFilter:
        return FundingFilter(self.country, self.sector, self.donor, self.programme,
                             self.status, self.year_from, self.year_to, self.text)


def funding_filter(value: ProjectFilter | None) -> FundingFilter:
    """The query layer's filter for an optional GraphQL filter."""
    return value.query() if value else FundingFilter()


@strawberry.input
class FindingFilter:
    entity: strawberry.ID | None = None
    fiu: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None

    def query(self) -> FindingQuery:
        return FindingQuery(str(self.entity) if self.entity else None, self.fiu,
                            self.date_from, self.date_to, self.text)


@strawberry.input
class SeizureFilter:
    country: str | None = None
    drug: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_kg: float | None = None

    def query(self) -> SeizureQuery:
        return SeizureQuery(self.country, self.drug, self.date_from, self.date_to, self.min_kg)
