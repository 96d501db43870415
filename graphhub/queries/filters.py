"""The filter shared by project lists, who-funds-what and overlaps."""

from __future__ import annotations

from dataclasses import dataclass

from graphhub.queries.errors import BadInput


@dataclass
class FundingFilter:
    """Which projects or fundings to consider; None means "any".

    ``country`` is an ISO3 code, a name or an id; ``sector`` a name, DAC code or id;
    ``donor`` and ``programme`` a name, acronym, code or id; ``text`` a substring of a
    project's title or code.
    """

    country: str | None = None
    sector: str | None = None
    donor: str | None = None
    programme: str | None = None
    status: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    text: str | None = None

    def check(self) -> FundingFilter:
        """This filter, or BadInput naming the field that cannot be right."""
        for name in ("year_from", "year_to"):
            year = getattr(self, name)
            if year is not None and not 1900 <= year <= 2100:
                raise BadInput(f"{name} must be a year between 1900 and 2100, not {year}")
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise BadInput(f"year_from {self.year_from} is after year_to {self.year_to}")
        for name in ("country", "sector", "donor", "programme", "status", "text"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise BadInput(f"{name} is empty; leave it out to mean any")
        return self

    def params(self) -> dict[str, object]:
        """The Cypher parameters of this filter."""
        self.check()
        return {
            "country": self.country,
            "sector": self.sector,
            "donor": self.donor,
            "programme": self.programme,
            "status": self.status,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "text": self.text,
        }
