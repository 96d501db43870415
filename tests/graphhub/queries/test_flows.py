"""Traces to trafficking groups, connections, cycles and money flows on the sample graph."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from graphhub.model import Label, RelType
from graphhub.queries import flows
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.runner import Runner
from ingestion.commit import commit_extractions
from ingestion.resolve import Resolver
from tests.graphhub.queries.conftest import sample

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


def _layering_chain(driver: Any, database: str) -> dict[str, str]:
    """A four-step chain into an account held by a group member, with a late detour, a loop
    and a transfer that goes back in time."""
    d = sample.DocBuilder("FIU note layering 2015", "txt", classification="restricted")
    s = "Money moved from Alpha Trading through three companies to an account of Black Lotus."
    d.say(s)
    names = ["Alpha Trading", "Beta Holding", "Gamma Imports", "Delta Freight"]
    refs = [d.node(Label.COMPANY, n.split()[0].lower(), n, s) for n in names]
    acc = d.node(Label.BANK_ACCOUNT, "acc", "KZ99 0000 9999", s, iban="KZ9900009999")
    boss = d.node(Label.PERSON, "boss", "Timur Lotus", s)
    group = d.node(Label.TRAFFICKING_GROUP, "lotus", "Black Lotus", s)
    d.edge(RelType.HOLDS, boss, acc, s)
    d.edge(RelType.MEMBER_OF, boss, group, s)
    chain = [*refs, acc]
    for i, (a, b) in enumerate(itertools.pairwise(chain)):
        d.edge(RelType.TRANSFER, a, b, s, amount=100_000 - i * 1_000, currency="USD",
               amount_usd=100_000.0 - i * 1_000, date=f"2015-01-0{i + 1}", reference=f"L-{i}")
    # Beta -> Delta skips Gamma (a 3-step chain), Gamma -> Alpha closes a loop, and
    # Beta -> acc happened before Alpha paid Beta (so it cannot carry that money).
    d.edge(RelType.TRANSFER, refs[1], refs[3], s, amount=20_000, currency="USD",
           amount_usd=20_000.0, date="2015-01-02", reference="L-skip")
    d.edge(RelType.TRANSFER, refs[2], refs[0], s, amount=30_000, currency="USD",
           amount_usd=30_000.0, date="2015-01-06", reference="L-loop")
    d.edge(RelType.TRANSFER, refs[1], acc, s, amount=60_000, currency="USD",
           amount_usd=60_000.0, date="2014-12-01", reference="L-early")
    for report in commit_extractions(driver, database, [d.extraction()], Resolver()):
        if isinstance(report, Exception):
            raise report
    records, _, _ = driver.execute_query("MATCH (n:Entity) RETURN n.name AS name, n.id AS id",
                                         database_=database)
    return {r["name"]: r["id"] for r in records}


async def test_long_chains_respect_time_and_visit_each_entity_once(
    driver: Any, neo4j_settings: Any, analyst: Runner
) -> None:
    ids = _layering_chain(driver, neo4j_settings.neo4j_database)
    four = await flows.trace(analyst, ids["Alpha Trading"], max_hops=4)
    got = [([n.name for n in t.path.nodes], t.amount_usd) for t in four.items]
    assert got == [
        (["Alpha Trading", "Beta Holding", "Gamma Imports", "Delta Freight", "KZ9900009999"],
         97_000.0),
        (["Alpha Trading", "Beta Holding", "Delta Freight", "KZ9900009999"], 20_000.0),
    ]
    assert [n.name for n in four.items[0].link.nodes] == [
        "KZ9900009999", "Timur Lotus", "Black Lotus"]
    three = await flows.trace(analyst, ids["Alpha Trading"], max_hops=3)
    assert [t.amount_usd for t in three.items] == [20_000.0]
    late = await flows.trace(analyst, ids["Beta Holding"], max_hops=4, date_from="2015-01-01")
    assert [t.path.hops for t in late.items] == [3, 2]
    rich = await flows.trace(analyst, ids["Alpha Trading"], max_hops=4, min_amount=50_000)
    assert rich.total == 1
