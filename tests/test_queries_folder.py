"""Every named operation in queries/ runs against a demo-like graph and gives the right answer."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import ApiKey, Settings

QUERIES = Path(__file__).resolve().parents[1] / "queries"
TOKEN = "queries-folder-analyst"


def _sample() -> ModuleType:
    path = Path(__file__).resolve().parent / "graphhub" / "queries" / "sample_graph.py"
    spec = importlib.util.spec_from_file_location("graphhub_sample_graph", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _chain_files() -> ModuleType:
    path = Path(__file__).resolve().parent / "graphhub" / "queries" / "chain_files.py"
    spec = importlib.util.spec_from_file_location("graphhub_chain_files", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _names(items: list[dict[str, Any]], key: str = "name") -> list[str]:
    return [item[key] for item in items]


def check_who_funds_what(data: dict[str, Any], ids: Any) -> None:
    rows = data["whoFundsWhat"]
    assert [(r["donor"]["name"], r["sector"]["name"], r["amountUsd"]) for r in rows] == [
        ("Government of Japan", "border control", 1_400_000.0),
        ("European Union", "border control", 1_064_000.0),
    ]
    japan = rows[0]
    assert (japan["kinds"], japan["committedUsd"], japan["disbursedUsd"]) == (
        ["COMMITMENT"], 1_400_000.0, 0.0)
    assert japan["amountNote"] == "commitments"
    assert {(c["currency"], c["kind"]) for c in japan["currencies"]} == {("USD", "COMMITMENT")}


def check_donor_portfolio(data: dict[str, Any], ids: Any) -> None:
    [japan] = data["donors"]["nodes"]
    assert (japan["name"], japan["totalUsd"], japan["projectCount"]) == (
        "Government of Japan", 1_700_000.0, 3)
    assert sorted(f["project"]["code"] for f in japan["fundings"]) == [
        "KGZ/K50", "TAJ/E23", "TAJ/E24"]
    assert all(f["sources"] for f in japan["fundings"])
    assert japan["totals"]["kinds"] == ["COMMITMENT"]
    assert all(f["counted"] and f["fundingKind"] == "COMMITMENT" for f in japan["fundings"])


def check_donor_totals_by_kind(data: dict[str, Any], ids: Any) -> None:
    donors = {d["name"]: d for d in data["donors"]["nodes"]}
    japan = donors["Government of Japan"]
    assert (japan["committed"], japan["spent"]) == (1_700_000.0, 0.0)
    assert japan["totals"]["committedUsd"] == japan["totals"]["amountUsd"] == 1_700_000.0
    # The analyst sees the restricted donor too.
    assert donors["Confidential Donor Fund"]["committed"] == 700_000.0


def check_country_overview(data: dict[str, Any], ids: Any) -> None:
    overview = data["countryOverview"]
    assert overview["country"] == {"name": "Tajikistan", "iso3": "TJK"}
    assert (overview["projectCount"], overview["seizureCount"], overview["seizedKg"]) == (
        2, 2, 165.0)  # the analyst also sees the restricted opium seizure
    assert overview["totalUsd"] == overview["committedUsd"] == 2_464_000.0
    assert overview["kinds"] == ["COMMITMENT"] and overview["amountNote"] == "commitments"


def check_overlaps(data: dict[str, Any], ids: Any) -> None:
    cells = {(c["country"]["iso3"], c["sector"]["name"]): c for c in data["overlaps"]}
    assert set(cells) == {("TJK", "border control"), ("KGZ", "drug demand reduction")}
    assert cells[("TJK", "border control")]["years"] == [2012, 2013, 2014, 2015, 2016]


def check_trace(data: dict[str, Any], ids: Any) -> None:
    result = data["traceFlows"]
    assert result["totalCount"] == 3
    assert [p["amountUsd"] for p in result["paths"]] == [50_000.0, 40_000.0, 10_000.0]
    assert {p["group"]["name"] for p in result["paths"]} == {"Emerald Gate network"}


def check_connection(data: dict[str, Any], ids: Any) -> None:
    [path] = data["connections"]
    assert path["hops"] == 2
    assert _names(path["nodes"]) == ["Silk Road Traders", "KG1100001111", "Caspian Logistics"]


def check_entity(data: dict[str, Any], ids: Any) -> None:
    entity = data["entity"]
    assert entity["name"] == "Bakhyt Sadykov" and entity["type"] == "PERSON"
    [source] = entity["sources"]
    assert source["document"]["title"] == "FIU note Emerald Gate 2014"
    assert source["sentence"].startswith("Bakhyt Sadykov holds")
    assert sorted(r["relationship"]["type"] for r in entity["relations"]) == ["HOLDS",
                                                                            "MEMBER_OF"]
    assert all(r["relationship"]["sources"] for r in entity["relations"])


def check_funding_chains(data: dict[str, Any], ids: Any) -> None:
    result = data["fundingChains"]
    assert result["totalCount"] == 2  # the analyst also sees the restricted third step
    steps = [[(s["fromName"], s["toName"], s["amountUsd"]) for s in c["steps"]]
             for c in result["nodes"]]
    assert steps == [
        [("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0),
         ("Valley Pooled Fund", "Highland Health Network", 600_000.0),
         ("Highland Health Network", "Upper Valley Clinics", 200_000.0)],
        [("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0),
         ("Valley Pooled Fund", "River Schools Trust", 450_000.0)],
    ]
    assert result["nodes"][1]["steps"][1]["estimateUsd"] == pytest.approx(300_000.0)
    assert all(s["sources"] for c in result["nodes"] for s in c["steps"])


def check_search(data: dict[str, Any], ids: Any) -> None:
    assert [h["node"]["name"] for h in data["searchEntities"]] == ["Emerald Gate network"]


CHECKS: dict[str, tuple[Callable[[Any], dict[str, Any]], Callable[[dict[str, Any], Any], None]]] = {
    "who_funds_what_in_a_country.graphql": (lambda ids: {}, check_who_funds_what),
    "donor_portfolio.graphql": (lambda ids: {}, check_donor_portfolio),
    "donor_totals_by_kind.graphql": (lambda ids: {}, check_donor_totals_by_kind),
    "country_overview.graphql": (lambda ids: {}, check_country_overview),
    "overlaps.graphql": (lambda ids: {}, check_overlaps),
    "trace_to_trafficking_groups.graphql": (
        lambda ids: {"from": ids["Pamir Fruit LLC"]}, check_trace),
    "shortest_connection.graphql": (
        lambda ids: {"a": ids["Silk Road Traders"], "b": ids["Caspian Logistics"]},
        check_connection),
    "entity_with_provenance.graphql": (
        lambda ids: {"id": ids["Bakhyt Sadykov"]}, check_entity),
    "search.graphql": (lambda ids: {}, check_search),
    "funding_chains.graphql": (lambda ids: {"organization": ids["Valley Pooled Fund"]},
                               check_funding_chains),
}


def test_every_operation_has_a_check() -> None:
    assert sorted(p.name for p in QUERIES.glob("*.graphql")) == sorted(CHECKS)


@pytest.mark.neo4j
def test_every_operation_answers_correctly(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ids = _sample().load_sample_graph(driver, neo4j_settings.neo4j_database)
    # A funding chain of IATI activities, apart from the sample's donors and countries.
    _chain_files().load_chain(driver, neo4j_settings.neo4j_database, tmp_path)
    records, _, _ = driver.execute_query(
        "MATCH (o:Organization {iati_ref: 'XI-VPF'}) RETURN o.id AS id",
        database_=neo4j_settings.neo4j_database)
    ids.ids["Valley Pooled Fund"] = records[0]["id"]
    settings = replace(neo4j_settings, api_keys=(ApiKey(Secret(TOKEN), "fiu_analyst"),))
    with TestClient(create_app(settings)) as client:
        for name, (variables, check) in CHECKS.items():
            response = client.post(
                "/graphql",
                json={"query": (QUERIES / name).read_text(), "variables": variables(ids)},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            body = response.json()
            assert "errors" not in body, (name, body)
            check(body["data"], ids)
