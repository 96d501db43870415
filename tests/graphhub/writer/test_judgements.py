"""Aliases, merges and undoing them on the sample graph: reversible, never destructive."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import RESTRICTED, Label, RelType
from graphhub.queries import entities, flows
from graphhub.queries import judgements as queried
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.runner import Runner
from graphhub.writer import judgements
from ingestion.commit import commit_extractions
from ingestion.resolve import Resolver
from tests.graphhub.queries.conftest import sample

pytestmark = pytest.mark.neo4j

NODES = """
MATCH (n) WHERE NOT n:Judgement
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id
"""
RELS = """
MATCH (a)-[r]->(b)
RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props
ORDER BY a, type, b, r.id, r.start
"""


def snapshot(driver: neo4j.Driver, database: str) -> tuple[list[Any], list[Any]]:
    """Every node but judgements and every relationship, with all properties."""
    nodes, _, _ = driver.execute_query(NODES, database_=database)
    rels, _, _ = driver.execute_query(RELS, database_=database)
    return [r.data() for r in nodes], [r.data() for r in rels]


async def traces(runner: Runner, start: str) -> list[tuple[list[str], float, str]]:
    found = await flows.trace(runner, start, max_hops=4)
    return [([n.name for n in t.path.nodes], t.amount_usd, t.group.name) for t in found.items]


async def test_merge_shows_relationships_on_the_kept_node_and_undo_restores_all(
    graph: Any, analyst: Runner, driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    pamir, acc1, acc2 = graph["Pamir Fruit LLC"], graph["KG1100001111"], graph["KG2200002222"]
    before_state = snapshot(driver, database)
    before = await traces(analyst, pamir)
    assert len(before) == 3 and ["Pamir Fruit LLC", "KG2200002222"] in [t[0] for t in before]

    item = await judgements.merge(analyst, acc1, acc2, "same account, two spellings", "key-x")
    assert (item.keep, item.merged, item.by, item.active) == (acc1, acc2, "key-x", True)
    # Transfers Pamir->acc2 and acc2->Pamir, HOLDS from Sadykov and the FIU note's mention;
    # acc1->acc2 joins the two merged nodes and is not copied.
    assert item.copied == 4
    assert item.aliases_added == ("KG2200002222", "KG22 0000 2222")
    after = await traces(analyst, pamir)
    assert after == [
        (["Pamir Fruit LLC", "KG1100001111"], 50_000.0, "Emerald Gate network"),
        (["Pamir Fruit LLC", "KG1100001111"], 10_000.0, "Emerald Gate network"),
    ]
    assert await entities.entities_by_id(analyst, [acc2]) == {}
    related = await entities.relations_of(analyst, [acc1])
    assert sorted(r.other.name for r in related[acc1]) == ["Bakhyt Sadykov", "Rustam Karimov"]
    hits = await entities.search(analyst, "KG22 0000 2222")
    assert [h.node.id for h in hits] == [acc1]
    _, rels_after = snapshot(driver, database)
    assert len(rels_after) == len(before_state[1]) + 4

    undone = await judgements.undo_merge(analyst, item.id, "key-y")
    assert undone.undone_by == "key-y" and not undone.active
    assert snapshot(driver, database) == before_state
    assert await traces(analyst, pamir) == before
    [stored] = await queried.judgements(analyst, entity=acc2)
    assert stored.id == item.id and stored.undone_at is not None


async def test_merges_are_checked_and_undone_in_order(graph: Any, analyst: Runner) -> None:
    acc1, acc2 = graph["KG1100001111"], graph["KG2200002222"]
    karimov, sadykov = graph["Rustam Karimov"], graph["Bakhyt Sadykov"]
    with pytest.raises(BadInput, match="cannot merge a Person into a BankAccount"):
        await judgements.merge(analyst, acc1, karimov, "typo", "k")
    with pytest.raises(BadInput, match="same entity"):
        await judgements.merge(analyst, acc1, acc1, "typo", "k")
    with pytest.raises(BadInput, match="reason is empty"):
        await judgements.merge(analyst, acc1, acc2, "  ", "k")
    with pytest.raises(NotFound):
        await judgements.merge(analyst, acc1, "account:nosuch", "typo", "k")
    first = await judgements.merge(analyst, sadykov, karimov, "one person", "k")
    with pytest.raises(NotFound):  # a merged entity is gone from view, also for merges
        await judgements.merge(analyst, karimov, sadykov, "the other way", "k")
    pamir = graph["Pamir Fruit LLC"]
    company = await judgements.merge(analyst, graph["Silk Road Traders"], pamir, "x", "k")
    await judgements.undo_merge(analyst, company.id, "k")
    with pytest.raises(BadInput, match="already undone"):
        await judgements.undo_merge(analyst, company.id, "k")
    with pytest.raises(NotFound):
        await judgements.undo_merge(analyst, "judgement:nosuch", "k")
    await judgements.undo_merge(analyst, first.id, "k")


async def test_a_later_merge_must_be_undone_first(graph: Any, analyst: Runner) -> None:
    silk, aral, caspian = (
        graph[n] for n in ("Silk Road Traders", "Aral Shipping", "Caspian Logistics")
    )
    first = await judgements.merge(analyst, aral, caspian, "same firm", "k")
    second = await judgements.merge(analyst, silk, aral, "same group of firms", "k")
    with pytest.raises(BadInput, match="undo that merge first"):
        await judgements.undo_merge(analyst, first.id, "k")
    await judgements.undo_merge(analyst, second.id, "k")
    await judgements.undo_merge(analyst, first.id, "k")


async def test_alias_is_added_once_and_found_by_search(
    graph: Any, analyst: Runner, public: Runner
) -> None:
    aral = graph["Aral Shipping"]
    change = await judgements.add_alias(analyst, aral, "  Aral   Sea Shipping ", public=True)
    assert change.added and change.node.get("aliases") == ["Aral Sea Shipping"]
    again = await judgements.add_alias(analyst, aral, "Aral Sea Shipping", public=True)
    assert not again.added and again.node.get("aliases") == ["Aral Sea Shipping"]
    hits = await entities.search(public, "Sea Shipping")
    assert [h.node.id for h in hits] == [aral]
    # Without public, an analyst's alias is restricted: the analyst finds it, partners don't.
    hidden = await judgements.add_alias(analyst, aral, "Aral Lines Ltd")
    assert hidden.added and "Aral Lines Ltd" in (hidden.node.get("aliases") or [])
    assert await entities.search(public, "Lines Ltd") == []
    assert [h.node.id for h in await entities.search(analyst, "Lines Ltd")][:1] == [aral]
    removed = await judgements.remove_alias(analyst, aral, "Aral Lines Ltd")
    assert removed.added and "Aral Lines Ltd" not in (removed.node.get("aliases") or [])
    with pytest.raises(NotFound):
        await judgements.add_alias(public, graph["Pamir Fruit LLC"], "Pamir")
    with pytest.raises(BadInput):
        await judgements.add_alias(analyst, aral, " ")


async def test_a_new_version_of_the_source_takes_back_what_merges_copied(
    graph: Any, analyst: Runner, driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    acc1, acc2 = graph["KG1100001111"], graph["KG2200002222"]
    old_note = graph.docs["FIU note Emerald Gate 2014"]
    await judgements.merge(analyst, acc1, acc2, "same account, two spellings", "key-x")
    # The note is revised: it now states a single transfer and nothing about KG22 0000 2222.
    revised = sample.DocBuilder("FIU note Emerald Gate 2014", "txt", classification=RESTRICTED)
    line = "Pamir Fruit LLC wired USD 50,000 to account KG11 0000 1111 on 1 March 2013."
    revised.say(line)
    pamir = revised.node(Label.COMPANY, "pamir", "Pamir Fruit LLC", line)
    account = revised.node(Label.BANK_ACCOUNT, "acc1", "KG11 0000 1111", line, iban="KG1100001111")
    revised.edge(
        RelType.TRANSFER,
        pamir,
        account,
        line,
        amount=50_000,
        currency="USD",
        amount_usd=50_000.0,
        date="2013-03-01",
        reference="EG-1",
    )
    [report] = commit_extractions(driver, database, [revised.extraction()], Resolver())
    assert not isinstance(report, Exception) and report.status == "replaced"
    stale, _, _ = driver.execute_query(
        "MATCH ()-[r]->() WHERE $old IN coalesce(r.sources, []) RETURN count(r) AS n",
        old=old_note,
        database_=database,
    )
    assert stale[0]["n"] == 0
    copies, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE r.merge_id IS NOT NULL RETURN type(r) AS t, a.name AS a",
        database_=database,
    )
    assert copies == []
    refs, _, _ = driver.execute_query(
        "MATCH (:Entity {id: $acc})-[t:TRANSFER]-() RETURN collect(t.reference) AS refs",
        acc=acc1,
        database_=database,
    )
    assert refs[0]["refs"] == ["EG-1"]
