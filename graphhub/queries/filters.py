"""The filter shared by project lists, who-funds-what and overlaps."""

from __future__ import annotations

from dataclasses import dataclass

from graphhub.queries.errors import BadInput
from graphhub.queries.kinds import FundingKind


@dataclass
class FundingFilter:
    """Which projects or fundings to consider; None means "any".

    ``country`` is an ISO3 code, a name or an id; ``sector`` a name, DAC code or id;
    ``donor`` and ``programme`` a name, acronym, code or id; ``text`` a substring of a
    project's title or code.

    ``kinds`` are the kinds of funding that count (None: every kind, kept apart; see
    ``graphhub.queries.kinds``). ``include_onward`` counts onward money (an intermediary
    passing on what it received) in totals by donor, country, sector, year and kind too,
    where a chain of money is otherwise counted once, at its origin. Project lists ignore
    both.
    """

    country: str | None = None
    sector: str | None = None
    donor: str | None = None
    programme: str | None = None
    status: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    text: str | None = None
    kinds: list[FundingKind] | None = None
    include_onward: bool = False

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
        if self.kinds is not None and not self.kinds:
            raise BadInput("kinds is empty; leave it out to keep every kind apart")
        return self

    @property
    def kind_list(self) -> tuple[FundingKind, ...] | None:
        """The kinds asked for, each once, in their order of declaration (None: not asked)."""
        if not self.kinds:
            return None
        asked = {FundingKind(k) for k in self.kinds}
        return tuple(k for k in FundingKind if k in asked)

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
