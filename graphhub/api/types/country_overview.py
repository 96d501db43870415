"""CountryOverview: a country's regions, counts and funding by donor and sector."""

from __future__ import annotations

import strawberry

from graphhub.api.types.country import Country, Region
from graphhub.api.types.funding_row import FundingRow
from graphhub.api.types.kind_totals import KindTotals, kind_values
from graphhub.queries import funding


@strawberry.type(description="What happens in a country: who funds what, projects, seizures.")
class CountryOverview(KindTotals):
    country: Country
    regions: list[Region]
    project_count: int
    seizure_count: int
    seized_kg: float
    total_usd: float | None = strawberry.field(description="The same as amountUsd.")
    by_donor: list[FundingRow]
    by_sector: list[FundingRow]

    @classmethod
    def of(cls, item: funding.CountryOverview) -> CountryOverview:
        return cls(
            country=Country.of(item.country),
            regions=[Region.of(r) for r in item.regions],
            project_count=item.projects,
            seizure_count=item.seizures,
            seized_kg=item.seized_kg,
            total_usd=item.total_usd,
            by_donor=[FundingRow.of(r) for r in item.by_donor],
            by_sector=[FundingRow.of(r) for r in item.by_sector],
            **kind_values(item.amounts, item.onward_usd, item.corroboration),
        )
