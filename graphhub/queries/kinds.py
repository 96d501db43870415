"""Kinds of funding and what a funding figure counts.

A pledge, a commitment, a disbursement, an expenditure and a budget of one project are
different moments of the same money, so figures never add them up unasked (README: "What a
funding figure counts"). Every sum is kept per kind (``KindAmounts``); the single total is
the sum of the kinds the caller asked for, or, when none were asked for, the amount of the
one kind a figure holds; a figure that holds several has no total, only a note that says so.

Which fundings count, decided in Cypher (``cypher/funding_flags.cypher``) for every figure:
- a funding of a project, kind and year that a better-ranked source also states is
  corroboration (``Settings.funding_precedence``; computed among the caller's visible
  fundings only), not counted again;
- onward money (``onward``: an intermediary passing on what it received) is left out of
  totals by donor, country, sector, year and kind unless asked for, and counted for the
  implementers it reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graphhub.model import FUNDING_KINDS
from graphhub.queries.errors import BadInput
from graphhub.queries.runner import Runner


class FundingKind(StrEnum):
    """What a funding says the money is; UNKNOWN: it states none of the others."""

    PLEDGE = "pledge"
    COMMITMENT = "commitment"
    DISBURSEMENT = "disbursement"
    EXPENDITURE = "expenditure"
    BUDGET = "budget"
    UNKNOWN = "unknown"


if tuple(k.value for k in FundingKind if k is not FundingKind.UNKNOWN) != FUNDING_KINDS:
    raise RuntimeError("FundingKind differs from graphhub.model.FUNDING_KINDS")

# Plural names for notes and report captions.
KIND_NAMES: dict[FundingKind, str] = {
    FundingKind.PLEDGE: "pledges",
    FundingKind.COMMITMENT: "commitments",
    FundingKind.DISBURSEMENT: "disbursements",
    FundingKind.EXPENDITURE: "expenditure",
    FundingKind.BUDGET: "budgets",
    FundingKind.UNKNOWN: "fundings of no stated kind",
}


def kind_of(value: object) -> FundingKind:
    """A stored ``kind`` as a FundingKind; anything outside the model's kinds is UNKNOWN."""
    return FundingKind(value) if value in FUNDING_KINDS else FundingKind.UNKNOWN


def parse_kinds(values: Iterable[str | FundingKind] | str | None) -> tuple[FundingKind, ...] | None:
    """``"commitment,disbursement"`` or a list of kinds as FundingKinds, in their order of
    declaration; None for none. BadInput names a word that is no kind."""
    if values is None:
        return None
    items = values.split(",") if isinstance(values, str) else [str(v) for v in values]
    found: set[FundingKind] = set()
    for item in items:
        word = item.strip().lower()
        if not word:
            continue
        try:
            found.add(FundingKind(word))
        except ValueError:
            names = ", ".join(k.value for k in FundingKind)
            raise BadInput(f"kinds: {item.strip()!r} is not a kind of funding; use {names}") \
                from None
    return tuple(k for k in FundingKind if k in found) or None


def describe_kinds(kinds: Sequence[FundingKind]) -> str:
    """``commitments``, ``commitments and disbursements``, ``a, b and c``."""
    names = [KIND_NAMES[k] for k in kinds]
    if len(names) <= 1:
        return names[0] if names else "no fundings"
    return ", ".join(names[:-1]) + " and " + names[-1]


def counting_params(
    runner: Runner, kinds: Sequence[FundingKind] | None, count_onward: bool
) -> dict[str, object]:
    """The parameters of ``funding_flags.cypher``: the kinds asked for, the model's kinds,
    the caller's source precedence and whether onward money counts."""
    return {
        "kinds": [k.value for k in kinds] if kinds else None,
        "known_kinds": list(FUNDING_KINDS),
        "all_kinds": [k.value for k in FundingKind],
        "precedence": list(runner.funding_precedence),
        "count_onward": count_onward,
    }


@dataclass(frozen=True)
class KindAmounts:
    """USD sums of a figure per kind of funding, and the total the caller may read.

    ``asked`` are the kinds the caller asked to sum (None: not asked). ``held`` are the
    kinds of the fundings it counts.
    """

    usd: Mapping[FundingKind, float] = field(default_factory=dict)
    fundings: Mapping[FundingKind, int] = field(default_factory=dict)
    asked: tuple[FundingKind, ...] | None = None

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, Any]], asked: Sequence[FundingKind] | None
    ) -> KindAmounts:
        """From the ``by_kind`` list of a query: ``{kind, usd, fundings}`` maps."""
        usd: dict[FundingKind, float] = {}
        counts: dict[FundingKind, int] = {}
        for row in rows:
            if int(row["fundings"]) > 0:
                kind = kind_of(row["kind"])
                usd[kind] = usd.get(kind, 0.0) + round(float(row["usd"] or 0.0), 2)
                counts[kind] = counts.get(kind, 0) + int(row["fundings"])
        return cls(usd, counts, tuple(asked) if asked else None)

    def of(self, kind: FundingKind) -> float:
        """The USD of one kind (0.0 when the figure holds none of it)."""
        return self.usd.get(kind, 0.0)

    @property
    def held(self) -> tuple[FundingKind, ...]:
        """The kinds this figure holds, in their order of declaration."""
        return tuple(k for k in FundingKind if self.fundings.get(k))

    @property
    def total(self) -> float | None:
        """The sum of the asked kinds; else the one held kind's amount; else (several kinds
        held, none asked) None: commitments and disbursements are not added up."""
        if self.asked:
            return round(sum(self.of(k) for k in self.asked), 2)
        held = self.held
        if len(held) > 1:
            return None
        return self.of(held[0]) if held else 0.0

    def total_of(self, kinds: Sequence[FundingKind] | None) -> float | None:
        """The total for ``kinds`` (None: as ``total``)."""
        if not kinds:
            return self.total
        return round(sum(self.of(k) for k in dict.fromkeys(kinds)), 2)

    @property
    def sort_key(self) -> float:
        """What a figure is ranked by: its total, else its largest amount of one kind."""
        total = self.total
        return total if total is not None else max(self.usd.values(), default=0.0)

    @property
    def note(self) -> str:
        """What the total counts, or why there is none."""
        if self.asked:
            return f"sum of {describe_kinds(self.asked)}, as asked"
        held = self.held
        if len(held) > 1:
            return (
                f"no total: mixes {describe_kinds(held)}, which are not added up; "
                "give kinds to sum some of them"
            )
        return describe_kinds(held) if held else "no fundings counted"
