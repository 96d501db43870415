"""Double counting over a table and an IATI file of the same three activities: the query,
`graphhub check double-counting` and the `doubleCounting` field, on the real Neo4j."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.cli import main
from graphhub.config import ApiKey, Settings
from graphhub.queries.double_counting import double_counting, rank
from graphhub.queries.runner import Runner

pytestmark = pytest.mark.neo4j


def _helper() -> ModuleType:
    path = Path(__file__).parents[2] / "ingestion" / "resolve" / "activity_sources.py"
    name = "graphhub_activity_sources"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sources = _helper()
DEFAULT = ("iati", "fts", "contributions", "ftm", "documents")


@pytest.fixture
def both(driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> None:
    sources.load_both(driver, neo4j_settings.neo4j_database, sources.write_sources(tmp_path))


def _by_code(found: Any) -> dict[str, Any]:
    return {flow.project.get("iati_identifier"): flow for flow in found.flows}


def test_rank_puts_the_named_formats_first_then_the_default_order() -> None:
    assert list(rank(("contributions",))) == ["contributions", *DEFAULT[:2], *DEFAULT[3:]]


async def test_each_repeated_flow_has_both_amounts_and_iati_counts(
    both: None, public: Runner
) -> None:
    found = await double_counting(public, DEFAULT)
    assert found.found
    assert {a.project.get("iati_identifier"): a.source_kinds for a in found.activities} == {
        "XI-ZZZ-48213-CN-KAB/220417": ["contributions", "iati"],
        "XI-ZZZ-48213-HRT-5512": ["contributions", "iati"],
        "XI-ZZZ-48213-DRG-7781": ["contributions", "iati"],
    }
    flows = _by_code(found)
    kab = flows["XI-ZZZ-48213-CN-KAB/220417"]
    assert (kab.kind, kab.year, kab.counted) == ("commitment", 2015, "iati")
    assert [(s.source_kind, s.amount_usd, s.counts, s.difference_usd) for s in kab.sources] == [
        ("iati", 480000.0, True, 0.0), ("contributions", 500000.0, False, 20000.0)]
    assert (kab.counted_usd, kab.reported_usd, kab.excess_usd) == (480000.0, 980000.0, 500000.0)
    drg = flows["XI-ZZZ-48213-DRG-7781"]
    assert [(s.source_kind, s.amount_usd) for s in drg.sources] == [
        ("iati", 260000.0), ("contributions", 250000.0)]
    assert drg.excess_usd == 250000.0
    # Stated alike by both: one funding, corroborated, nothing counted twice.
    hrt = flows["XI-ZZZ-48213-HRT-5512"]
    assert [(s.source_kind, s.amount_usd, s.fundings) for s in hrt.sources] == [
        ("iati", 300000.0, 1), ("contributions", 300000.0, 1)]
    assert (hrt.reported_usd, hrt.excess_usd) == (300000.0, 0.0)
    assert found.excess_usd == 750000.0


async def test_the_precedence_setting_decides_which_source_counts(
    both: None, public: Runner
) -> None:
    found = await double_counting(public, ("contributions", "iati"))
    kab = _by_code(found)["XI-ZZZ-48213-CN-KAB/220417"]
    assert kab.counted == "contributions"
    assert [(s.source_kind, s.difference_usd) for s in kab.sources] == [
        ("contributions", 0.0), ("iati", -20000.0)]
    assert kab.excess_usd == 480000.0


async def test_one_source_alone_finds_nothing(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, public: Runner
) -> None:
    sources.load_iati(driver, neo4j_settings.neo4j_database, sources.write_sources(tmp_path))
    found = await double_counting(public, DEFAULT)
    assert not found.found and found.flows == [] and found.excess_usd == 0.0


async def test_a_restricted_source_is_invisible_to_partners(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, public: Runner,
    analyst: Runner,
) -> None:
    database = neo4j_settings.neo4j_database
    paths = sources.write_sources(tmp_path)
    sources.load_table(driver, database, paths)
    report = sources.load_file(driver, database, "iati", paths["iati"])  # undeclared
    assert report.status == "written"
    assert not (await double_counting(public, DEFAULT)).found
    seen = await double_counting(analyst, DEFAULT)
    # The restricted file's formats are seen by the FIU roles, also where it merely
    # repeats a public funding (its format then lives in the restricted layer).
    assert len(seen.activities) == 3
    hrt = _by_code(seen)["XI-ZZZ-48213-HRT-5512"]
    assert [s.source_kind for s in hrt.sources] == ["iati", "contributions"]
    assert public.restricted_seen == set() and analyst.restricted_seen


def test_the_check_command_lists_both_amounts_and_exits_1(
    both: None, neo4j_settings: Settings, tmp_path: Path
) -> None:
    env = {
        "GRAPHHUB_NEO4J_URI": str(neo4j_settings.neo4j_uri),
        "GRAPHHUB_NEO4J_DATABASE": neo4j_settings.neo4j_database,
        "GRAPHHUB_STATE_DIR": str(tmp_path / "state"),
    }
    runner = CliRunner()
    text = runner.invoke(main, ["check", "double-counting"], env=env)
    assert text.exit_code == 1, text.output
    assert "3 activities reported by more than one source, 3 flows" in text.output
    assert "activity KAB/220417 (KAB/220417, XI-ZZZ-48213-CN-KAB/220417)" in text.output
    assert "commitment 2015: counted iati USD 480,000.00" in text.output
    assert "contributions: USD 500,000.00 in 1 fundings (difference USD 20,000.00)" in text.output
    as_json = runner.invoke(main, ["check", "double-counting", "--json"], env=env)
    assert as_json.exit_code == 1
    body = json.loads(as_json.output)
    assert body["excess_usd"] == 750000.0 and body["precedence"][0] == "iati"
    table_first = runner.invoke(main, ["check", "double-counting", "--json"],
                                env={**env, "GRAPHHUB_FUNDING_PRECEDENCE": "contributions"})
    assert {f["counted"] for f in json.loads(table_first.output)["flows"]} == {"contributions"}


def test_the_check_command_exits_0_when_nothing_is_found(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    sources.load_table(driver, neo4j_settings.neo4j_database, sources.write_sources(tmp_path))
    env = {
        "GRAPHHUB_NEO4J_URI": str(neo4j_settings.neo4j_uri),
        "GRAPHHUB_NEO4J_DATABASE": neo4j_settings.neo4j_database,
        "GRAPHHUB_STATE_DIR": str(tmp_path / "state"),
    }
    result = CliRunner().invoke(main, ["check", "double-counting"], env=env)
    assert result.exit_code == 0, result.output
    assert "0 activities reported by more than one source" in result.output


QUERY = """{ doubleCounting { precedence excessUsd
  activities { codes iatiIdentifier sourceKinds project { code title } }
  flows { kind year counted countedUsd reportedUsd excessUsd project { code }
          sources { sourceKind amountUsd counts differenceUsd } } } }"""


def test_the_double_counting_field_answers_partners_with_public_fundings(
    both: None, neo4j_settings: Settings, tmp_path: Path
) -> None:
    settings = replace(neo4j_settings, api_keys=(ApiKey(Secret("partner-dc-key"), "partner"),),
                       audit_log=tmp_path / "audit.jsonl")
    with TestClient(create_app(settings)) as client:
        response = client.post("/graphql", json={"query": QUERY},
                               headers={"Authorization": "Bearer partner-dc-key"})
    body = response.json()
    assert "errors" not in body, body
    found = body["data"]["doubleCounting"]
    assert found["precedence"][0] == "iati" and found["excessUsd"] == 750000.0
    codes = {tuple(a["codes"]) for a in found["activities"]}
    assert ("KAB/220417", "XI-ZZZ-48213-CN-KAB/220417") in codes
    assert ("TBL-0099", "XI-ZZZ-48213-HRT-5512") in codes
    [kab] = [f for f in found["flows"] if f["project"]["code"] == "KAB/220417"]
    assert kab["counted"] == "iati"
    assert [(s["sourceKind"], s["amountUsd"], s["counts"]) for s in kab["sources"]] == [
        ("iati", 480000.0, True), ("contributions", 500000.0, False)]


async def test_a_project_is_found_by_the_code_of_either_source(
    both: None, public: Runner
) -> None:
    from graphhub.queries.projects import projects_by_key

    found = await projects_by_key(public, ["XI-ZZZ-48213-CN-KAB/220417", "TBL-0099"])
    assert found["XI-ZZZ-48213-CN-KAB/220417"].node.get("code") == "KAB/220417"
    assert found["TBL-0099"].node.get("code") == "XI-ZZZ-48213-HRT-5512"
