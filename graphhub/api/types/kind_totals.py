"""KindTotals: USD sums per kind of funding, and the total a caller may read.

Who-funds-what rows, donors' totals and country overviews share these fields. A total is
only a sum the caller asked for (README: "What a funding figure counts").
"""

from __future__ import annotations

from typing import Any

import strawberry

from graphhub.api.types.enums import FundingKind
from graphhub.queries.kinds import FundingKind as Kind
from graphhub.queries.kinds import KindAmounts


@strawberry.type(
    description="USD sums per kind of funding. Kinds are never added up unasked: amountUsd "
    "sums the kinds the filter names, else it is the amount of the one kind the figure holds, "
    "else null (amountNote says which kinds it mixes)."
)
class KindTotals:
    committed_usd: float
    disbursed_usd: float
    pledged_usd: float
    expended_usd: float
    budget_usd: float
    unknown_kind_usd: float = strawberry.field(description="Fundings of no stated kind.")
    kinds: list[FundingKind] = strawberry.field(description="The kinds it holds.")
    amount_usd: float | None = strawberry.field(
        description="The kinds asked for summed; else the one kind it holds; else null."
    )
    amount_note: str = strawberry.field(description="What amountUsd counts, or why it is null.")
    onward_usd: float = strawberry.field(
        description="Onward money (an intermediary passing on what it received) left out of "
        "these sums; counted when grouped by implementer or with includeOnward."
    )
    corroboration_fundings: int = strawberry.field(
        description="Fundings left out because a better-ranked source states the same "
        "project, kind and year (GRAPHHUB_FUNDING_PRECEDENCE)."
    )


def kind_values(amounts: KindAmounts, onward_usd: float, corroboration: int) -> dict[str, Any]:
    """The KindTotals fields of some sums, as keyword arguments."""
    return {
        "committed_usd": amounts.of(Kind.COMMITMENT),
        "disbursed_usd": amounts.of(Kind.DISBURSEMENT),
        "pledged_usd": amounts.of(Kind.PLEDGE),
        "expended_usd": amounts.of(Kind.EXPENDITURE),
        "budget_usd": amounts.of(Kind.BUDGET),
        "unknown_kind_usd": amounts.of(Kind.UNKNOWN),
        "kinds": list(amounts.held),
        "amount_usd": amounts.total,
        "amount_note": amounts.note,
        "onward_usd": onward_usd,
        "corroboration_fundings": corroboration,
    }


def totals_of(summary: Any | None) -> KindTotals:
    """The KindTotals of a donor's or project's summary (``amounts``, ``onward_usd``,
    ``corroboration``); all zero when it has none."""
    if summary is None:
        return KindTotals(**kind_values(KindAmounts(), 0.0, 0))
    return KindTotals(**kind_values(summary.amounts, summary.onward_usd, summary.corroboration))
