"""Roles, restricted data, audit, limits and errors over HTTP."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import Settings

pytestmark = pytest.mark.neo4j

RESTRICTED_NAMES = ("Emerald", "Karimov", "Sadykov", "Pamir", "KG11", "KG22", "Confidential",
                    "FIU note", "opium")


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def test_anonymous_callers_get_health_only(graph: Any, ask: Any, client: TestClient) -> None:
    body = ask("{ donors { totalCount } }", role=None)
    assert body["status"] == 401 and codes(body) == ["UNAUTHENTICATED"]
    assert "data" in body and body["data"] is None
    wrong = client.post("/graphql", json={"query": "{ version }"},
                        headers={"Authorization": "Bearer not-a-key"})
    assert wrong.status_code == 401
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize("role", ["partner", "coordinator"])
def test_restricted_data_never_reaches_public_roles(graph: Any, ask: Any, role: str) -> None:
    queries = [
        "{ donors { totalCount nodes { name totalUsd fundings { amountUsd } } } }",
        "{ whoFundsWhat(groupBy: [DONOR, COUNTRY]) { donor { name } amountUsd donorCount } }",
        "{ overlaps(minDonors: 2) { donors { name } } }",
        """{ countryOverview(iso3: "TJK") { seizureCount seizedKg
             country { sources { document { title } sentence } } } }""",
        """{ searchEntities(text: "Emerald Gate Karimov Pamir", fuzzy: true) { node { name } } }""",
        "{ findings { totalCount nodes { name } } }",
        "{ seizures { totalCount nodes { drug } } }",
        """{ project(code: "KGZ/K50") { totalUsd donorCount fundings { donor { name } }
             sources { document { title } } } }""",
    ]
    for query in queries:
        body = ask(query, role=role)
        assert "errors" not in body, body
        for name in RESTRICTED_NAMES:
            assert name not in body["text"], (query, name)
    totals = ask("{ whoFundsWhat(groupBy: [COUNTRY]) { country { iso3 } amountUsd } }", role=role)
    kgz = next(r for r in totals["data"]["whoFundsWhat"] if r["country"]["iso3"] == "KGZ")
    assert kgz["amountUsd"] == 816_000.0  # without the confidential donor's USD 700,000


def test_restricted_ids_look_unknown_to_partners(graph: Any, ask: Any) -> None:
    query = "query ($id: ID!) { entity(id: $id) { name } }"
    hidden = ask(query, variables={"id": graph["Rustam Karimov"]})
    unknown = ask(query, variables={"id": "person:0000000000000000"})
    assert codes(hidden) == codes(unknown) == ["NOT_FOUND"]
    hidden_message = hidden["errors"][0]["message"].replace(graph["Rustam Karimov"], "ID")
    unknown_message = unknown["errors"][0]["message"].replace("person:0000000000000000", "ID")
    assert hidden_message == unknown_message
    trace = ask("query ($id: ID!) { traceFlows(from: $id) { totalCount } }",
                variables={"id": graph["Pamir Fruit LLC"]})
    assert codes(trace) == ["NOT_FOUND"]


def test_paths_never_pass_through_restricted_nodes(graph: Any, ask: Any) -> None:
    query = "query ($a: ID!, $b: ID!) { connections(a: $a, b: $b) { nodes { name } } }"
    ids = {"a": graph["Silk Road Traders"], "b": graph["Caspian Logistics"]}
    assert ask(query, variables=ids)["data"]["connections"] == []
    analyst = ask(query, role="fiu_analyst", variables=ids)["data"]["connections"]
    assert [n["name"] for n in analyst[0]["nodes"]] == [
        "Silk Road Traders", "KG1100001111", "Caspian Logistics"]
    flows = ask("""query ($a: ID!) { moneyFlows(entity: $a) { counterparty { name } amountUsd }
                }""", variables={"a": graph["Silk Road Traders"]})
    assert flows["data"]["moneyFlows"] == [
        {"counterparty": {"name": "Aral Shipping"}, "amountUsd": 7_000.0}]


def test_restricted_answers_are_audited(graph: Any, ask: Any, api_settings: Settings) -> None:
    ask('{ project(code: "TAJ/E24") { code } }', role="fiu_analyst")  # public: nothing to log
    ask("query Names { donors { totalCount } }", role="partner")  # sees public data only
    assert not api_settings.audit_path.exists()
    ask("query Group($id: ID!) { entity(id: $id) { name } }", role="fiu_analyst",
        variables={"id": graph["Emerald Gate network"]})
    [line] = api_settings.audit_path.read_text().splitlines()
    record = json.loads(line)
    assert record["operation"] == "Group"
    assert record["role"] == "fiu_analyst"
    assert record["ids"] == [graph["Emerald Gate network"]]
    assert record["who"].startswith("key-") and "analyst-key" not in line


def test_limits_on_depth_aliases_hops_and_pages(graph: Any, ask: Any) -> None:
    deep = "{ projects { nodes { " + "follows { " * 12 + "code" + " }" * 12 + " } } }"
    body = ask(deep)
    assert set(codes(body)) == {"BAD_INPUT"} and "nests fields 14 deep" in body["text"]
    aliases = "{ " + " ".join(f"v{i}: version" for i in range(30)) + " }"
    assert codes(ask(aliases)) == ["BAD_INPUT"]
    assert codes(ask("{ projects(first: 500) { totalCount } }")) == ["BAD_INPUT"]
    hops = ask("query ($id: ID!) { traceFlows(from: $id, maxHops: 9) { totalCount } }",
               role="fiu_analyst", variables={"id": graph["Pamir Fruit LLC"]})
    assert codes(hops) == ["BAD_INPUT"] and "maxHops" in hops["errors"][0]["message"]
    assert codes(ask('{ projects(after: "bm9wZQ==") { totalCount } }')) == ["BAD_INPUT"]


def test_errors_carry_codes_and_no_internals(graph: Any, ask: Any) -> None:
    assert codes(ask("{ donors { nope } }")) == ["BAD_INPUT"]
    assert codes(ask("{ donors ")) == ["BAD_INPUT"]
    assert codes(ask('{ project(code: "NO/SUCH") { code } }')) == ["NOT_FOUND"]
    assert codes(ask('{ whoFundsWhat(groupBy: [], filter: {yearFrom: 20}) { amountUsd } }')) \
        == ["BAD_INPUT"]
    body = ask('{ mergeEntities }')
    assert codes(body) == ["BAD_INPUT"]
    for text in ("Traceback", "MATCH", "neo4j", "File \""):
        assert text not in body["text"]


def test_a_slow_query_becomes_a_timeout_error(
    driver: neo4j.Driver, neo4j_settings: Settings, api_settings: Settings
) -> None:
    # A dense web of restricted transfers: the number of paths explodes with the length.
    driver.execute_query(
        """UNWIND range(1, 40) AS i CREATE (:Entity:Company {id: 'c' + i, name: 'C' + i,
                  classification: 'restricted'})""",
        database_=neo4j_settings.neo4j_database,
    )
    driver.execute_query(
        """MATCH (a:Entity), (b:Entity) WHERE a <> b
           CREATE (a)-[:TRANSFER {id: a.id + '>' + b.id, amount_usd: 1.0,
                   classification: 'restricted'}]->(b)""",
        database_=neo4j_settings.neo4j_database,
    )
    settings = replace(api_settings, query_timeout_s=0.5)
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/graphql",
            json={"query": '{ cycles(entity: "c1", maxLength: 6, first: 5) { amountUsd } }'},
            headers={"Authorization": "Bearer analyst-key-0003"},
        )
    body = response.json()
    assert codes(body) == ["TIMEOUT"]
    assert "MATCH" not in response.text
