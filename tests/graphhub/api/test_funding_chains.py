"""fundingChains over GraphQL: donor -> pooled fund -> NGOs, as a partner and as an analyst."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings

pytestmark = pytest.mark.neo4j

QUERY = """
query ($donor: ID, $project: ID, $after: String) {
  fundingChains(donor: $donor, project: $project, first: 1, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { pattern steps { fromName toName amountUsd kind estimateUsd
                            project { code } sources { document { title } } } }
  }
}
"""


def _chain_files() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "queries" / "chain_files.py"
    spec = importlib.util.spec_from_file_location("graphhub_chain_files", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


files = _chain_files()


def _ids(driver: neo4j.Driver, database: str) -> dict[str, str]:
    records, _, _ = driver.execute_query(
        "MATCH (o:Organization {iati_ref: $donor}) MATCH (p:Project {code: $local}) "
        "RETURN o.id AS donor, p.id AS local", donor=files.DONOR, local=files.LOCAL_ACTIVITY,
        database_=database)
    return dict(records[0])


def _steps(body: dict[str, Any]) -> list[list[tuple[Any, ...]]]:
    return [[(s["fromName"], s["toName"], s["amountUsd"]) for s in c["steps"]]
            for c in body["data"]["fundingChains"]["nodes"]]


def test_chains_by_role_and_page(
    ask: Any, driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    files.load_chain(driver, neo4j_settings.neo4j_database, tmp_path)
    ids = _ids(driver, neo4j_settings.neo4j_database)
    first = ask(QUERY, "fiu_analyst", {"donor": ids["donor"]})
    assert "errors" not in first, first
    page = first["data"]["fundingChains"]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (2, True)
    assert _steps(first) == [[
        ("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0),
        ("Valley Pooled Fund", "Highland Health Network", 600_000.0),
        ("Highland Health Network", "Upper Valley Clinics", 200_000.0)]]
    second = ask(QUERY, "fiu_analyst",
                 {"donor": ids["donor"], "after": page["pageInfo"]["endCursor"]})
    assert _steps(second) == [[
        ("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0),
        ("Valley Pooled Fund", "River Schools Trust", 450_000.0)]]

    partner = ask(QUERY, "partner", {"donor": ids["donor"]})
    assert partner["data"]["fundingChains"]["totalCount"] == 2
    assert _steps(partner) == [[
        ("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0),
        ("Valley Pooled Fund", "Highland Health Network", 600_000.0)]]
    assert "Upper Valley" not in partner["text"] and files.LOCAL_ACTIVITY not in partner["text"]
    # The restricted activity answers like an unknown id.
    hidden = ask(QUERY, "partner", {"project": ids["local"]})
    unknown = ask(QUERY, "partner", {"project": "project:nothing-here"})
    assert [e["extensions"]["code"] for e in hidden["errors"]] == ["NOT_FOUND"]
    assert hidden["errors"][0]["message"].replace(ids["local"], "X") == (
        unknown["errors"][0]["message"].replace("project:nothing-here", "X"))


def test_exactly_one_anchor(ask: Any, driver: neo4j.Driver) -> None:
    body = ask("{ fundingChains { totalCount } }", "partner")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_INPUT"]
    assert "exactly one" in body["errors"][0]["message"]
