"""Money flows between entities: traces to trafficking groups, connections, cycles, sums.

The money a path carries to its end is its smallest transfer (the bottleneck): no
more than that can have passed along every step. Chains must respect time (each
transfer no earlier than the one before it, when both have dates) and visit an
entity at most once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graphhub.model import Label
from graphhub.queries import flows_cypher
from graphhub.queries.entities import entities_by_id
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.records import Node, Rel
from graphhub.queries.runner import Runner

MAX_HOPS = flows_cypher.MAX_HOPS
MAX_PATHS = 100
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class Direction(StrEnum):
    IN = "IN"
    OUT = "OUT"
    BOTH = "BOTH"


class FlowGroup(StrEnum):
    COUNTERPARTY = "COUNTERPARTY"
    YEAR = "YEAR"
    MONTH = "MONTH"


@dataclass(frozen=True)
class Path:
    """Nodes and the relationships between them, in order."""

    nodes: list[Node]
    rels: list[Rel]

    @property
    def hops(self) -> int:
        return len(self.rels)


@dataclass(frozen=True)
class Trace:
    """A transfer chain from the start entity and how its end belongs to a group."""

    path: Path
    link: Path  # from the chain's last entity to the group (no relationships: it is the group)
    group: Node
    amount_usd: float  # the smallest transfer of the chain

    @property
    def transferred_usd(self) -> float:
        return float(sum(rel.get("amount_usd") or 0.0 for rel in self.path.rels))


@dataclass(frozen=True)
class Traces:
    """The traces found (up to ``first``) and how many there are in all."""

    items: list[Trace]
    total: int


@dataclass(frozen=True)
class Cycle:
    """A chain of transfers that comes back to where it started."""

    path: Path
    amount_usd: float | None


@dataclass(frozen=True)
class FlowSum:
    """Transfers of an entity summed per direction and group."""

    outgoing: bool
    counterparty: Node | None
    period: str | None
    transfers: int
    amount_usd: float
    first_date: str | None
    last_date: str | None
    currencies: list[str]


def _path(nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> Path:
    return Path([Node.from_map(n) for n in nodes], [Rel.from_map(r) for r in rels])


def _check_date(name: str, value: str | None) -> None:
    if value is not None and not _DATE.fullmatch(value):
        raise BadInput(f"{name} must be a date as YYYY-MM-DD (or YYYY-MM, YYYY), not {value!r}")


def _check_hops(name: str, hops: int, low: int = 1) -> None:
    if not low <= hops <= MAX_HOPS:
        raise BadInput(f"{name} must be between {low} and {MAX_HOPS}, not {hops}")


def _check_first(first: int) -> None:
    if not 1 <= first <= MAX_PATHS:
        raise BadInput(f"first must be between 1 and {MAX_PATHS}, not {first}")


async def _require_entities(runner: Runner, *ids: str) -> None:
    found = await entities_by_id(runner, ids)
    for entity_id in ids:
        if entity_id not in found:
            raise NotFound(f"no entity {entity_id!r}")


async def trace(
    runner: Runner,
    start: str,
    target: Label = Label.TRAFFICKING_GROUP,
    max_hops: int = 4,
    min_amount: float = 0.0,
    date_from: str | None = None,
    date_to: str | None = None,
    first: int = 10,
) -> Traces:
    """Transfer chains from ``start`` whose end belongs to a ``target``, most money first."""
    _check_hops("maxHops", max_hops)
    _check_first(first)
    _check_date("dateFrom", date_from)
    _check_date("dateTo", date_to)
    if min_amount < 0:
        raise BadInput(f"minAmount cannot be negative ({min_amount})")
    await _require_entities(runner, start)
    rows = await runner.rows(
        flows_cypher.trace_query(max_hops, target),
        **{"from": start},
        min_amount=min_amount,
        date_from=date_from,
        date_to=date_to,
        first=first,
    )
    items = [
        Trace(
            path=_path(row["nodes"], row["rels"]),
            link=_path(row["link_nodes"], row["link_rels"]),
            group=Node.from_map(row["group"]),
            amount_usd=float(row["amount"]),
        )
        for row in rows
    ]
    return Traces(items, int(rows[0]["total"]) if rows else 0)


async def connections(
    runner: Runner, a: str, b: str, max_hops: int = 4, first: int = 10
) -> list[Path]:
    """The shortest visible paths between two entities over transfers and relations."""
    _check_hops("maxHops", max_hops)
    _check_first(first)
    if a == b:
        raise BadInput("a and b are the same entity")
    await _require_entities(runner, a, b)
    rows = await runner.rows(flows_cypher.connections_query(max_hops), a=a, b=b, first=first)
    return [_path(row["nodes"], row["rels"]) for row in rows]


async def cycles(runner: Runner, entity: str, max_length: int = 4, first: int = 10) -> list[Cycle]:
    """Transfer chains that leave ``entity`` and come back to it, most money first."""
    _check_hops("maxLength", max_length, low=2)
    _check_first(first)
    await _require_entities(runner, entity)
    rows = await runner.rows(flows_cypher.cycles_query(max_length), id=entity, first=first)
    return [
        Cycle(_path(row["nodes"], row["rels"]),
              float(row["amount"]) if row["amount"] is not None else None)
        for row in rows
    ]


async def money_flows(
    runner: Runner,
    entity: str,
    direction: Direction = Direction.BOTH,
    group_by: FlowGroup = FlowGroup.COUNTERPARTY,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[FlowSum]:
    """An entity's visible transfers summed per direction and counterparty, year or month."""
    _check_date("dateFrom", date_from)
    _check_date("dateTo", date_to)
    await _require_entities(runner, entity)
    rows = await runner.rows(
        flows_cypher.MONEY_FLOWS,
        id=entity,
        direction=str(direction),
        group_by=str(group_by),
        date_from=date_from,
        date_to=date_to,
    )
    return [
        FlowSum(
            outgoing=bool(row["outgoing"]),
            counterparty=Node.from_map(row["counterparty"]) if row["counterparty"] else None,
            period=row["period"],
            transfers=int(row["transfers"]),
            amount_usd=round(float(row["amount_usd"] or 0.0), 2),
            first_date=row["first_date"],
            last_date=row["last_date"],
            currencies=sorted(c for c in row["currencies"] if c),
        )
        for row in rows
    ]
