"""Traces to trafficking groups, connections, cycles and money flows on the sample graph."""

from __future__ import annotations

from typing import Any

import pytest

from graphhub.queries import flows
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.runner import Runner

pytestmark = pytest.mark.neo4j


async def test_traces_reach_the_group_ordered_by_bottleneck(graph: Any, analyst: Runner) -> None:
    found = await flows.trace(analyst, graph["Pamir Fruit LLC"], max_hops=3)
    got = [([n.name for n in t.path.nodes], t.amount_usd, t.group.name) for t in found.items]
    assert got == [
        (["Pamir Fruit LLC", "KG1100001111"], 50_000.0, "Emerald Gate network"),
        (["Pamir Fruit LLC", "KG1100001111", "KG2200002222"], 40_000.0, "Emerald Gate network"),
        (["Pamir Fruit LLC", "KG2200002222"], 10_000.0, "Emerald Gate network"),
    ]
    assert found.total == 3
    first = found.items[0]
    assert [n.name for n in first.link.nodes] == [
        "KG1100001111", "Rustam Karimov", "Emerald Gate network"]
    assert found.items[1].transferred_usd == 90_000.0


async def test_trace_filters_by_amount_and_date(graph: Any, analyst: Runner) -> None:
    rich = await flows.trace(analyst, graph["Pamir Fruit LLC"], min_amount=20_000)
    assert [t.amount_usd for t in rich.items] == [50_000.0, 40_000.0]
    late = await flows.trace(analyst, graph["Pamir Fruit LLC"], date_from="2013-04-01")
    assert [t.amount_usd for t in late.items] == [10_000.0]


async def test_restricted_start_is_not_found_for_the_public(
    graph: Any, public: Runner
) -> None:
    with pytest.raises(NotFound) as hidden:
        await flows.trace(public, graph["Pamir Fruit LLC"])
    with pytest.raises(NotFound) as unknown:
        await flows.trace(public, "company:doesnotexist")
    assert str(hidden.value).replace(graph["Pamir Fruit LLC"], "X") == str(unknown.value).replace(
        "company:doesnotexist", "X")


async def test_public_paths_never_cross_restricted_nodes(
    graph: Any, public: Runner, analyst: Runner
) -> None:
    a, b = graph["Silk Road Traders"], graph["Caspian Logistics"]
    assert await flows.connections(public, a, b) == []
    [path] = await flows.connections(analyst, a, b)
    assert [n.name for n in path.nodes] == ["Silk Road Traders", "KG1100001111",
                                            "Caspian Logistics"]


async def test_cycles_and_money_flows(graph: Any, analyst: Runner, public: Runner) -> None:
    cycles = await flows.cycles(analyst, graph["Pamir Fruit LLC"], max_length=3)
    assert sorted(c.path.hops for c in cycles) == [2, 3]
    assert all(c.path.nodes[0].id == c.path.nodes[-1].id for c in cycles)
    sums = await flows.money_flows(public, graph["Silk Road Traders"])
    assert [(s.counterparty.name if s.counterparty else None, s.amount_usd) for s in sums] == [
        ("Aral Shipping", 7_000.0)]
    out = await flows.money_flows(analyst, graph["Pamir Fruit LLC"], flows.Direction.OUT,
                                  flows.FlowGroup.MONTH)
    assert [(s.period, s.amount_usd) for s in out] == [("2013-03", 50_000.0),
                                                      ("2013-05", 10_000.0)]


async def test_hops_are_capped(graph: Any, analyst: Runner) -> None:
    with pytest.raises(BadInput, match="maxHops"):
        await flows.trace(analyst, graph["Pamir Fruit LLC"], max_hops=7)
    with pytest.raises(BadInput, match="date"):
        await flows.trace(analyst, graph["Pamir Fruit LLC"], date_from="March 2013")
