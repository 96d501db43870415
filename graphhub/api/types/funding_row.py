"""FundingRow: one who-funds-what group with its sums."""

from __future__ import annotations

import strawberry

from graphhub.api.types.country import Country
from graphhub.api.types.donor import Donor
from graphhub.api.types.sector import Sector
from graphhub.queries import funding


@strawberry.type(description="A sum in the currency a source stated.")
class CurrencyAmount:
    currency: str
    amount: float


@strawberry.type(
    description="Fundings summed per group. A project in several countries or sectors has its "
    "fundings split evenly between them, so rows add up to the total."
)
class FundingRow:
    donor: Donor | None
    country: Country | None
    sector: Sector | None
    year: int | None
    amount_usd: float
    currencies: list[CurrencyAmount]
    funding_count: int
    project_count: int
    donor_count: int
    unpriced_count: int = strawberry.field(description="Fundings with no USD amount.")

    @classmethod
    def of(cls, row: funding.FundingRow) -> FundingRow:
        return cls(
            donor=Donor.of(row.donor) if row.donor else None,
            country=Country.of(row.country) if row.country else None,
            sector=Sector.of(row.sector) if row.sector else None,
            year=row.year,
            amount_usd=row.amount_usd,
            currencies=[CurrencyAmount(currency=c.currency, amount=c.amount)
                        for c in row.currencies],
            funding_count=row.fundings,
            project_count=row.projects,
            donor_count=row.donors,
            unpriced_count=row.unpriced,
        )
