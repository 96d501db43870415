"""Funding lines: every visible funding one by one, with where and in what its project runs.

Who-funds-what (``funding.who_funds_what``) sums fundings; a line is one FUNDS
relationship, for tables that list the fundings behind the sums, and each line says whether
the sums count it (``counts``: not onward money, not superseded by a better-ranked source).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphhub.queries.funding import Funding, statement
from graphhub.queries.kinds import FundingKind, counting_params, kind_of
from graphhub.queries.records import Node, Rel
from graphhub.queries.runner import Runner


@dataclass(frozen=True)
class LineFilter:
    """Which fundings; an empty tuple or None means "any".

    ``countries`` are ISO3 codes and ``sectors`` names or DAC codes (any case): a funding
    matches when its project is in one of each. ``programme`` is a programme's name;
    ``kinds`` the kinds of funding to list (None: every kind).
    """

    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    programme: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[FundingKind, ...] | None = None

    def params(self) -> dict[str, object]:
        """The Cypher parameters of this filter."""
        return {
            "iso3": list(self.countries) or None,
            "sectors": [s.strip().lower() for s in self.sectors] or None,
            "programme": self.programme,
            "year_from": self.year_from,
            "year_to": self.year_to,
        }


@dataclass(frozen=True)
class FundingLine(Funding):
    """A funding with its project's visible countries and sectors (by name) and the ids of
    the documents it was read from (which may include documents the caller cannot see)."""

    countries: tuple[Node, ...]
    sectors: tuple[Node, ...]
    sources: tuple[str, ...]


async def funding_lines(runner: Runner, where: LineFilter) -> list[FundingLine]:
    """The visible fundings matching ``where``, by donor name, project code, year and id.

    A funding with its own country or sector (a slice of a split amount) lists that one only.
    """
    rows = await runner.rows(
        statement("funding_lines"), **where.params(),
        **counting_params(runner, where.kinds, count_onward=False),
    )
    return [
        FundingLine(
            rel=Rel.from_map(row["rel"]),
            donor=Node.from_map(row["donor"]),
            project=Node.from_map(row["project"]),
            kind=kind_of(row["kind"]),
            onward=bool(row["onward"]),
            superseded=bool(row["superseded"]),
            countries=tuple(Node.from_map(c) for c in row["countries"]),
            sectors=tuple(Node.from_map(s) for s in row["sectors"]),
            sources=tuple(str(s) for s in row["sources"]),
        )
        for row in rows
    ]
