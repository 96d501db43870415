"""The read queries over HTTP on the sample graph, as a partner and as an analyst."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.neo4j


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


DONORS = """
query ($after: String) {
  donors(first: 2, after: $after, sortBy: TOTAL, descending: true) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { name totalUsd projectCount } }
  }
}"""


def test_donors_page_through_with_cursors(graph: Any, ask: Any) -> None:
    first = ask(DONORS)["data"]["donors"]
    assert first["totalCount"] == 3
    assert [e["node"]["name"] for e in first["edges"]] == ["Government of Japan",
                                                          "European Union"]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    rest = ask(DONORS, variables={"after": first["pageInfo"]["endCursor"]})["data"]["donors"]
    assert [e["node"]["totalUsd"] for e in rest["edges"]] == [500_000.0]
    assert not rest["pageInfo"]["hasNextPage"] and rest["pageInfo"]["hasPreviousPage"]


def test_project_by_code_with_everything_around_it(graph: Any, ask: Any) -> None:
    body = ask("""{ project(code: "TAJ/E24") {
        code title status startYear endYear totalUsd donorCount
        fundings { amount currency amountUsd year donor { name }
                   sources { document { title } span { start end } sentence method confidence } }
        countries { iso3 } sectors { name code } implementers { acronym }
        programmes { name } follows { code } followedBy { code }
        sources { document { title } sentence }
    } }""")
    project = body["data"]["project"]
    assert project["totalUsd"] == 2_064_000.0 and project["donorCount"] == 2
    assert [c["iso3"] for c in project["countries"]] == ["TJK"]
    assert project["sectors"] == [{"name": "border control", "code": "15210"}]
    assert project["implementers"] == [{"acronym": "UNODC"}]
    assert project["follows"] == [{"code": "TAJ/E23"}]
    eu = next(f for f in project["fundings"] if f["donor"]["name"] == "European Union")
    assert (eu["amount"], eu["currency"], eu["amountUsd"]) == (800_000.0, "EUR", 1_064_000.0)
    [source] = eu["sources"]
    assert source["document"]["title"] == "Donor update 2014"
    assert source["sentence"].startswith("The European Union contributed")
    assert source["span"]["end"] - source["span"]["start"] == len(source["sentence"])
    assert project["sources"][0]["document"]["title"] == "Donor update 2014"


def test_projects_filter(graph: Any, ask: Any) -> None:
    body = ask("""{ projects(filter: {country: "KGZ", yearFrom: 2013}) {
        totalCount nodes { code } } }""")
    assert body["data"]["projects"] == {"totalCount": 2,
                                        "nodes": [{"code": "KGZ/K50"}, {"code": "XAC/K22"}]}
    body = ask("""{ projects(filter: {donor: "USAID"}) { nodes { code } } }""")
    assert body["data"]["projects"]["nodes"] == [{"code": "XAC/K22"}]


def test_who_funds_what_and_overlaps(graph: Any, ask: Any) -> None:
    body = ask("""{ whoFundsWhat(groupBy: [DONOR, SECTOR], filter: {country: "TJK"}) {
        donor { name } sector { name } amountUsd currencies { currency amount }
        projectCount donorCount } }""")
    rows = body["data"]["whoFundsWhat"]
    assert [(r["donor"]["name"], r["amountUsd"]) for r in rows] == [
        ("Government of Japan", 1_400_000.0), ("European Union", 1_064_000.0)]
    assert rows[1]["currencies"] == [{"currency": "EUR", "amount": 800_000.0}]
    body = ask("{ overlaps { country { iso3 } sector { name } years donors { name } } }")
    assert [(o["country"]["iso3"], o["sector"]["name"]) for o in body["data"]["overlaps"]] == [
        ("TJK", "border control"), ("KGZ", "drug demand reduction")]


def test_country_overview(graph: Any, ask: Any) -> None:
    body = ask("""{ countryOverview(iso3: "KGZ") { country { name } regions { name }
        projectCount totalUsd bySector { sector { name } amountUsd } } }""")
    overview = body["data"]["countryOverview"]
    assert overview["regions"] == [{"name": "Central Asia"}]
    assert overview["totalUsd"] == 816_000.0
    assert overview["bySector"] == [
        {"sector": {"name": "drug demand reduction"}, "amountUsd": 566_000.0},
        {"sector": {"name": "border control"}, "amountUsd": 250_000.0}]


def test_analyst_traces_money_to_the_group(graph: Any, ask: Any) -> None:
    body = ask("""query ($from: ID!) { traceFlows(from: $from, maxHops: 3, minAmount: 20000) {
        totalCount
        paths { hops amountUsd transferredUsd group { name }
                nodes { name } transfers { amountUsd date sources { document { title } } }
                link { nodes { name } relationships { type } } } } }""",
               role="fiu_analyst", variables={"from": graph["Pamir Fruit LLC"]})
    result = body["data"]["traceFlows"]
    assert result["totalCount"] == 2
    top = result["paths"][0]
    assert (top["hops"], top["amountUsd"], top["group"]["name"]) == (
        1, 50_000.0, "Emerald Gate network")
    assert [r["type"] for r in top["link"]["relationships"]] == ["HOLDS", "LEADS"]
    assert top["transfers"][0]["sources"][0]["document"]["title"] == "FIU note Emerald Gate 2014"
    second = result["paths"][1]
    assert [t["date"] for t in second["transfers"]] == ["2013-03-01", "2013-04-02"]


def test_entity_search_connections_cycles_findings(graph: Any, ask: Any) -> None:
    karimov = graph["Rustam Karimov"]
    body = ask("""query ($id: ID!) { entity(id: $id) { name type
        relations { relationship { type } outgoing other { name } }
        findings { name reportedBy { name } concerns { name } } } }""",
               role="fiu_analyst", variables={"id": karimov})
    entity = body["data"]["entity"]
    assert entity["type"] == "PERSON"
    assert sorted(r["relationship"]["type"] for r in entity["relations"]) == ["HOLDS", "LEADS"]
    assert entity["findings"][0]["reportedBy"] == [
        {"name": "State Financial Intelligence Service"}]
    hits = ask("""{ searchEntities(text: "emerald gate", types: [TRAFFICKING_GROUP]) {
        node { name } } }""", role="fiu_analyst")["data"]["searchEntities"]
    assert hits == [{"node": {"name": "Emerald Gate network"}}]
    cycles = ask("""query ($id: ID!) { cycles(entity: $id, maxLength: 3) { amountUsd
        path { hops } } }""", role="fiu_analyst",
                 variables={"id": graph["Pamir Fruit LLC"]})["data"]["cycles"]
    assert sorted(c["path"]["hops"] for c in cycles) == [2, 3]
    findings = ask("{ findings { totalCount nodes { name } } }", role="fiu_analyst")
    assert findings["data"]["findings"]["totalCount"] == 1


def test_seizures_filter(graph: Any, ask: Any) -> None:
    body = ask("""{ seizures(filter: {country: "TJK"}) { totalCount
        nodes { drug quantityKg countries { iso3 } seizedBy { name } } } }""")
    assert body["data"]["seizures"] == {"totalCount": 1, "nodes": [
        {"drug": "heroin", "quantityKg": 120.0, "countries": [{"iso3": "TJK"}],
         "seizedBy": [{"name": "Drug Control Agency"}]}]}


@pytest.mark.parametrize(("role", "kg"), [("partner", 120.0), ("coordinator", 120.0),
                                          ("fiu_analyst", 165.0)])
def test_seizures_total_kilograms_cover_the_visible_list(
    graph: Any, ask: Any, role: str, kg: float
) -> None:
    body = ask("{ seizures(first: 1) { totalCount totalKg nodes { quantityKg } } }", role=role)
    seized = body["data"]["seizures"]
    assert seized["totalKg"] == kg  # the restricted 45 kg of opium only for analysts
    assert len(seized["nodes"]) == 1 and seized["totalCount"] == (2 if kg > 120 else 1)
    heroin = ask('{ seizures(filter: {drug: "heroin"}) { totalKg } }', role=role)
    assert heroin["data"]["seizures"]["totalKg"] == 120.0
