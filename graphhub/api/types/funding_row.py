"""FundingRow: one who-funds-what group with its sums per kind."""

from __future__ import annotations

import strawberry

from graphhub.api.types.country import Country
from graphhub.api.types.donor import Donor
from graphhub.api.types.enums import FundingKind
from graphhub.api.types.kind_totals import KindTotals, kind_values
from graphhub.api.types.organization import Organization
from graphhub.api.types.sector import Sector
from graphhub.queries import funding


@strawberry.type(description="A sum of one kind of funding in the currency a source stated.")
class CurrencyAmount:
    currency: str
    amount: float
    kind: FundingKind


@strawberry.type(
    description="Fundings summed per group and kind. A funding that names its own country or "
    "sector counts there only; other fundings of a project in several countries, sectors or "
    "implementers are split evenly between them, so rows add up."
)
class FundingRow(KindTotals):
    donor: Donor | None
    country: Country | None
    sector: Sector | None
    year: int | None
    kind: FundingKind | None = strawberry.field(description="When grouped by KIND.")
    implementer: Organization | None = strawberry.field(description="When grouped by IMPLEMENTER.")
    currencies: list[CurrencyAmount]
    funding_count: int = strawberry.field(description="Fundings counted in the sums.")
    project_count: int
    donor_count: int
    unpriced_count: int = strawberry.field(description="Counted fundings with no USD amount.")

    @classmethod
    def of(cls, row: funding.FundingRow) -> FundingRow:
        return cls(
            donor=Donor.of(row.donor) if row.donor else None,
            country=Country.of(row.country) if row.country else None,
            sector=Sector.of(row.sector) if row.sector else None,
            year=row.year,
            kind=row.kind,
            implementer=Organization.of(row.implementer) if row.implementer else None,
            currencies=[CurrencyAmount(currency=c.currency, amount=c.amount, kind=c.kind)
                        for c in row.currencies],
            funding_count=row.fundings,
            project_count=row.projects,
            donor_count=row.donors,
            unpriced_count=row.unpriced,
            **kind_values(row.amounts, row.onward_usd, row.corroboration),
        )
