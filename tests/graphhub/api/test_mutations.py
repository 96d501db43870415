"""Mutations over HTTP: who may change what, what the audit log keeps, merges undone exactly."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graphhub.config import Settings

pytestmark = pytest.mark.neo4j

ADD_ALIAS = """mutation Alias($id: ID!, $alias: String!) {
  addAlias(entityId: $id, alias: $alias) { id aliases } }"""
MERGE = """mutation Merge($keep: ID!, $merge: ID!) {
  mergeEntities(keepId: $keep, mergeId: $merge, reason: "one account, two spellings") {
    id keepId mergedId by copiedRelationships undoneAt } }"""
UNDO = """mutation Undo($id: ID!) { undoMerge(judgementId: $id) { id undoneAt undoneBy } }"""
TRACE = """query Trace($id: ID!) { traceFlows(from: $id, maxHops: 4) {
  totalCount paths { amountUsd nodes { name } group { name } } } }"""


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def audit_lines(settings: Settings) -> list[dict[str, Any]]:
    path = settings.audit_path
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("role", ["partner", "coordinator"])
def test_public_roles_may_not_change_anything(graph: Any, ask: Any, role: str,
                                              api_settings: Settings) -> None:
    hidden = ask(ADD_ALIAS, role=role, variables={"id": graph["Rustam Karimov"], "alias": "R"})
    unknown = ask(ADD_ALIAS, role=role, variables={"id": "person:nosuch", "alias": "R"})
    public = ask(ADD_ALIAS, role=role, variables={"id": graph["Aral Shipping"], "alias": "R"})
    assert codes(hidden) == codes(unknown) == codes(public) == ["FORBIDDEN"]
    assert hidden["errors"][0]["message"] == unknown["errors"][0]["message"]
    merge = ask(MERGE, role=role, variables={"keep": graph["KG1100001111"],
                                             "merge": graph["KG2200002222"]})
    undo = ask(UNDO, role=role, variables={"id": "judgement:nosuch"})
    assert codes(merge) == codes(undo) == ["FORBIDDEN"]
    for body in (hidden, merge):
        assert "Karimov" not in body["text"] and "KG22" not in body["text"]
    # Nothing changed; refusals naming restricted ids are audited as probes, nothing else.
    lines = audit_lines(api_settings)
    assert [line["kind"] for line in lines] == ["probe", "probe"]
    assert lines[0]["ids"] == [graph["Rustam Karimov"]]
    assert lines[1]["ids"] == sorted([graph["KG1100001111"], graph["KG2200002222"]])
    assert all("changes" not in line for line in lines)


def test_an_alias_makes_the_entity_findable_and_is_audited(
    graph: Any, ask: Any, api_settings: Settings
) -> None:
    aral = graph["Aral Shipping"]
    body = ask(ADD_ALIAS, role="fiu_analyst", variables={"id": aral, "alias": "Aral Sea Lines"})
    assert body["data"]["addAlias"] == {"id": aral, "aliases": ["Aral Sea Lines"]}
    # An analyst's alias is restricted: the analyst finds the entity by it, a partner does not.
    search = '{ searchEntities(text: "Sea Lines") { node { id } } }'
    found = ask(search, role="fiu_analyst")
    assert [h["node"]["id"] for h in found["data"]["searchEntities"]] == [aral]
    assert ask(search, role="partner")["data"]["searchEntities"] == []
    public = ask(ADD_ALIAS.replace("alias: $alias)", "alias: $alias, public: true)"),
                 role="fiu_analyst", variables={"id": aral, "alias": "Aral Sea Lines"})
    assert public["data"]["addAlias"] == {"id": aral, "aliases": ["Aral Sea Lines"]}
    found = ask(search, role="partner")
    assert [h["node"]["id"] for h in found["data"]["searchEntities"]] == [aral]
    first, second = audit_lines(api_settings)
    assert first["operation"] == "Alias" and first["role"] == "fiu_analyst"
    assert first["who"].startswith("key-") and first["at"]
    assert first["changes"] == [{"action": "add_alias", "ids": [aral],
                                 "alias": "Aral Sea Lines", "public": False}]
    assert second["changes"][0]["public"] is True
    missing = ask(ADD_ALIAS, role="admin", variables={"id": "person:nosuch", "alias": "X"})
    assert codes(missing) == ["NOT_FOUND"]
    blank = ask(ADD_ALIAS, role="admin", variables={"id": aral, "alias": "   "})
    assert codes(blank) == ["BAD_INPUT"]


def test_merge_and_undo_through_the_api(graph: Any, ask: Any, api_settings: Settings) -> None:
    pamir, acc1, acc2 = graph["Pamir Fruit LLC"], graph["KG1100001111"], graph["KG2200002222"]
    traced = ask(TRACE, role="fiu_analyst", variables={"id": pamir})
    assert "errors" not in traced, traced["errors"]
    before = traced["data"]["traceFlows"]
    merged = ask(MERGE, role="fiu_analyst", variables={"keep": acc1, "merge": acc2})
    judgement = merged["data"]["mergeEntities"]
    assert (judgement["keepId"], judgement["mergedId"], judgement["undoneAt"]) == (acc1, acc2,
                                                                                   None)
    after = ask(TRACE, role="fiu_analyst", variables={"id": pamir})["data"]["traceFlows"]
    assert after["totalCount"] == 2 and before["totalCount"] == 3
    assert all(n["name"] != "KG2200002222" for p in after["paths"] for n in p["nodes"])
    gone = ask("query ($id: ID!) { entity(id: $id) { id } }", role="fiu_analyst",
               variables={"id": acc2})
    assert codes(gone) == ["NOT_FOUND"]
    listed = ask("query ($id: ID!) { judgements(entity: $id) { id } }", role="fiu_analyst",
                 variables={"id": acc2})
    assert listed["data"]["judgements"] == [{"id": judgement["id"]}]
    assert ask("query ($id: ID!) { judgements(entity: $id) { id } }", role="partner",
               variables={"id": acc2})["data"]["judgements"] == []

    undone = ask(UNDO, role="admin", variables={"id": judgement["id"]})["data"]["undoMerge"]
    assert undone["undoneAt"] and undone["undoneBy"].startswith("key-")
    again = ask(TRACE, role="fiu_analyst", variables={"id": pamir})["data"]["traceFlows"]
    assert again == before
    actions = [(r["operation"], r["role"], r["changes"][0]["action"])
               for r in audit_lines(api_settings) if "changes" in r]
    assert actions == [("Merge", "fiu_analyst", "merge_entities"),
                       ("Undo", "admin", "undo_merge")]
    assert codes(ask(UNDO, role="admin", variables={"id": judgement["id"]})) == ["BAD_INPUT"]
