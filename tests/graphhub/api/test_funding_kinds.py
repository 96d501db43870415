"""The API's funding figures per kind: fields, filters, grouping, precedence and roles."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import Settings
from graphhub.model import RESTRICTED

from .conftest import Ask

pytestmark = pytest.mark.neo4j


def _docs_module() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "queries" / "funding_docs.py"
    spec = importlib.util.spec_from_file_location("graphhub_funding_docs", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


docs = _docs_module()

ROW = """amountUsd amountNote kinds committedUsd disbursedUsd pledgedUsd expendedUsd budgetUsd
         unknownKindUsd onwardUsd corroborationFundings fundingCount"""


@pytest.fixture
def kinds_graph(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    """Norland commits and disburses to a Kazakh project (IATI; an aid table repeats the
    commitment); a pooled fund passes money on; a restricted file states a pledge."""
    database = neo4j_settings.neo4j_database
    iati = docs.FundingDoc("activity file", source_kind="iati")
    a01 = iati.project("NRL/A01", ("KAZ",), ("15210",), implementers=("Steppe Works",))
    iati.fund("Kingdom of Norland", a01, 1_000_000, 2015, "commitment")
    iati.fund("Kingdom of Norland", a01, 400_000, 2015, "disbursement")
    iati.write(driver, database)
    table = docs.FundingDoc("aid table", source_kind="contributions")
    a01 = table.project("NRL/A01", ("KAZ",), ("15210",))
    table.fund("Kingdom of Norland", a01, 1_200_000, 2015, "commitment")
    b02 = table.project("NRL/B02", ("KAZ",), ("15210",), implementers=("Aral Care",))
    table.fund("Steppe Works", b02, 150_000, 2015, "disbursement", onward=True)
    table.write(driver, database)
    secret = docs.FundingDoc("restricted note", RESTRICTED, source_kind="documents")
    a01 = secret.project("NRL/A01", ("KAZ",), ("15210",))
    secret.fund("Hidden Trust", a01, 5_000_000, 2015, "pledge")
    secret.write(driver, database)


def _rows(ask: Ask, query: str, role: str = "partner") -> list[dict[str, Any]]:
    body = ask(query, role=role)
    assert "errors" not in body, body
    rows: list[dict[str, Any]] = body["data"]["whoFundsWhat"]
    return rows


def test_rows_keep_kinds_apart_and_sum_only_what_is_asked(kinds_graph: None, ask: Ask) -> None:
    rows = _rows(ask, f"{{ whoFundsWhat(groupBy: [DONOR]) {{ donor {{ name }} {ROW} }} }}")
    norland = next(r for r in rows if r["donor"]["name"] == "Kingdom of Norland")
    assert norland["amountUsd"] is None
    assert (norland["committedUsd"], norland["disbursedUsd"], norland["kinds"]) == (
        1_000_000.0, 400_000.0, ["COMMITMENT", "DISBURSEMENT"])
    assert "mixes commitments and disbursements" in norland["amountNote"]
    assert norland["corroborationFundings"] == 1  # the aid table's copy of the commitment
    pool = next(r for r in rows if r["donor"]["name"] == "Steppe Works")
    assert (pool["amountUsd"], pool["onwardUsd"], pool["fundingCount"]) == (0.0, 150_000.0, 0)
    asked = _rows(ask, f"""{{ whoFundsWhat(groupBy: [COUNTRY],
        filter: {{kinds: [COMMITMENT, DISBURSEMENT], includeOnward: true}}) {{ {ROW} }} }}""")
    assert [(r["amountUsd"], r["onwardUsd"]) for r in asked] == [(1_550_000.0, 0.0)]


def test_group_by_kind_and_by_implementer(kinds_graph: None, ask: Ask) -> None:
    by_kind = _rows(ask, "{ whoFundsWhat(groupBy: [KIND]) { kind amountUsd } }")
    assert by_kind == [{"kind": "COMMITMENT", "amountUsd": 1_000_000.0},
                       {"kind": "DISBURSEMENT", "amountUsd": 400_000.0}]
    reached = _rows(ask, """{ whoFundsWhat(groupBy: [IMPLEMENTER],
        filter: {kinds: [DISBURSEMENT]}) { implementer { name } amountUsd } }""")
    assert reached == [{"implementer": {"name": "Steppe Works"}, "amountUsd": 400_000.0},
                       {"implementer": {"name": "Aral Care"}, "amountUsd": 150_000.0}]


def test_donor_totals_and_country_overview_per_kind(kinds_graph: None, ask: Ask) -> None:
    body = ask("""{ donors(sortBy: TOTAL, descending: true) { nodes { name totalUsd
        committed: totalUsd(kinds: [COMMITMENT]) totals { kinds amountNote corroborationFundings }
        fundings { fundingKind counted superseded onward } } } }""")
    assert "errors" not in body, body
    norland, pool = body["data"]["donors"]["nodes"]
    assert (norland["name"], norland["totalUsd"], norland["committed"]) == (
        "Kingdom of Norland", None, 1_000_000.0)
    assert norland["totals"]["corroborationFundings"] == 1
    assert sorted((f["fundingKind"], f["counted"], f["superseded"]) for f in norland["fundings"]) \
        == [("COMMITMENT", False, True), ("COMMITMENT", True, False),
            ("DISBURSEMENT", True, False)]
    assert [(f["onward"], f["counted"]) for f in pool["fundings"]] == [(True, False)]
    overview = ask("""{ countryOverview(iso3: "KAZ") { totalUsd amountNote kinds committedUsd
        onwardUsd byDonor { donor { name } amountUsd } } }""")["data"]["countryOverview"]
    assert overview["totalUsd"] is None and overview["committedUsd"] == 1_000_000.0
    assert overview["onwardUsd"] == 150_000.0
    asked = ask("""{ countryOverview(iso3: "KAZ", kinds: [DISBURSEMENT]) { totalUsd } }""")
    assert asked["data"]["countryOverview"]["totalUsd"] == 400_000.0


def test_partners_never_see_restricted_money_in_any_kind(kinds_graph: None, ask: Ask) -> None:
    query = "{ whoFundsWhat(groupBy: [KIND]) { kind amountUsd donorCount } }"
    assert {r["kind"] for r in _rows(ask, query)} == {"COMMITMENT", "DISBURSEMENT"}
    seen = {r["kind"]: r["amountUsd"] for r in _rows(ask, query, role="fiu_analyst")}
    assert seen["PLEDGE"] == 5_000_000.0
    body = ask('{ whoFundsWhat(groupBy: [DONOR], filter: {kinds: [PLEDGE]}) { amountUsd } }')
    assert body["data"]["whoFundsWhat"] == []
    assert "5000000" not in body["text"] and "Hidden Trust" not in body["text"]


def test_the_precedence_setting_reaches_the_api(
    kinds_graph: None, api_settings: Settings
) -> None:
    settings = replace(api_settings, funding_precedence=Settings.from_env(
        {"GRAPHHUB_FUNDING_PRECEDENCE": "contributions"}).funding_precedence)
    with TestClient(create_app(settings)) as client:
        rows = _rows(Ask(client), """{ whoFundsWhat(groupBy: [DONOR],
            filter: {kinds: [COMMITMENT]}) { donor { name } amountUsd corroborationFundings } }""")
    assert rows == [{"donor": {"name": "Kingdom of Norland"}, "amountUsd": 1_200_000.0,
                     "corroborationFundings": 1}]


def test_project_totals_keep_kinds_apart(kinds_graph: None, ask: Ask) -> None:
    query = """{ project(code: "NRL/A01") { code mixed: totalUsd
        committed: totalUsd(kinds: [COMMITMENT])
        both: totalUsd(kinds: [COMMITMENT, DISBURSEMENT])
        totals { kinds committedUsd disbursedUsd pledgedUsd amountNote corroborationFundings }
    } }"""
    partner = ask(query, role="partner")
    assert "errors" not in partner, partner
    project = partner["data"]["project"]
    # A commitment and a disbursement are never added together unless both are asked for;
    # the aid table's copy of the commitment is corroboration, the restricted pledge unseen.
    assert project["mixed"] is None
    assert (project["committed"], project["both"]) == (1_000_000.0, 1_400_000.0)
    totals = project["totals"]
    assert totals["kinds"] == ["COMMITMENT", "DISBURSEMENT"]
    assert (totals["committedUsd"], totals["disbursedUsd"], totals["pledgedUsd"]) == (
        1_000_000.0, 400_000.0, 0.0)
    assert totals["corroborationFundings"] == 1
    assert "mixes" in totals["amountNote"]
    analyst = ask(query, role="fiu_analyst")["data"]["project"]["totals"]
    assert analyst["pledgedUsd"] == 5_000_000.0
