"""Overlap: a country x sector cell where several donors ran projects in the same years."""

from __future__ import annotations

import strawberry

from graphhub.api.types.country import Country
from graphhub.api.types.donor import Donor
from graphhub.api.types.project import Project
from graphhub.api.types.sector import Sector
from graphhub.queries import funding


@strawberry.type(description="Several donors active in one country and sector in the same years.")
class Overlap:
    country: Country
    sector: Sector
    years: list[int]
    donors: list[Donor]
    projects: list[Project]

    @classmethod
    def of(cls, item: funding.Overlap) -> Overlap:
        return cls(
            country=Country.of(item.country),
            sector=Sector.of(item.sector),
            years=item.years,
            donors=[Donor.of(n) for n in item.donors],
            projects=[Project.of(n) for n in item.projects],
        )
