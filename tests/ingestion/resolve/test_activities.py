"""Activity identity across sources: the rules on their own, then both files into Neo4j."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.ids import make_id
from ingestion.resolve import Resolver
from ingestion.resolve.activities import (
    ActivityIndex,
    KnownActivity,
    resolve_activity,
    specific,
    trailing_parts,
)


def _helper() -> ModuleType:
    path = Path(__file__).with_name("activity_sources.py")
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


def _id(own: str) -> str:
    return make_id("project", own)


def _resolve(index: ActivityIndex, **props: Any) -> tuple[str, str, dict[str, Any]]:
    found = resolve_activity(index, props, _id)
    assert found is not None
    return found.id, found.decision.method, found.props


# -- the rules ---------------------------------------------------------------------------
def test_a_specific_code_is_six_characters_and_not_only_digits() -> None:
    assert specific("AFG/000344")
    assert specific("HRT-55")
    assert not specific("000344")
    assert not specific("K22")


def test_trailing_parts_are_the_specific_rests_after_each_dash() -> None:
    assert trailing_parts("US-501c3-522318905-SG-AFG/000344") == [
        "501c3-522318905-SG-AFG/000344", "522318905-SG-AFG/000344", "SG-AFG/000344",
        "AFG/000344"]
    assert trailing_parts("XM-DAC-41114-7") == ["DAC-41114-7", "41114-7"]


def test_a_table_code_joins_the_iati_activity_it_ends() -> None:
    index = ActivityIndex()
    iati_id, _, _ = _resolve(index, code="GB-1-KAB/220417", iati_id="GB-1-KAB/220417")
    table_id, method, props = _resolve(index, code="KAB/220417")
    assert table_id == iati_id == _id("GB-1-KAB/220417")
    assert method == "iati-suffix"
    assert props["code"] == "GB-1-KAB/220417"
    assert set(props["codes"]) == {"GB-1-KAB/220417", "KAB/220417"}
    assert props["iati_identifier"] == "GB-1-KAB/220417"


def test_an_iati_activity_joins_the_table_code_it_ends_in() -> None:
    index = ActivityIndex()
    table_id, _, _ = _resolve(index, code="KAB/220417")
    iati_id, method, props = _resolve(index, code="GB-1-KAB/220417", iati_id="GB-1-KAB/220417")
    assert iati_id == table_id == _id("KAB/220417")
    assert method == "iati-suffix"
    assert props["iati_identifier"] == "GB-1-KAB/220417"
    # A second publisher's activity with the same own code is another activity.
    other, method, _ = _resolve(index, code="XI-9-KAB/220417", iati_id="XI-9-KAB/220417")
    assert other == _id("XI-9-KAB/220417") and method == "code"


def test_a_code_two_identifiers_end_in_matches_neither() -> None:
    index = ActivityIndex()
    _resolve(index, code="GB-1-KAB/220417", iati_id="GB-1-KAB/220417")
    _resolve(index, code="XI-9-KAB/220417", iati_id="XI-9-KAB/220417")
    table_id, method, _ = _resolve(index, code="KAB/220417")
    assert table_id == _id("KAB/220417") and method == "code"


def test_a_short_or_numeric_code_never_matches_by_suffix() -> None:
    index = ActivityIndex()
    _resolve(index, code="GB-1-000344", iati_id="GB-1-000344")
    _resolve(index, code="GB-1-K22", iati_id="GB-1-K22")
    assert _resolve(index, code="000344")[0] == _id("000344")
    assert _resolve(index, code="K22")[0] == _id("K22")


def test_an_iati_identifier_column_gives_the_same_id_in_either_order() -> None:
    first = ActivityIndex()
    a = _resolve(first, code="TBL-0099", iati_identifier="XI-1-HRT-5512")[0]
    b = _resolve(first, code="XI-1-HRT-5512", iati_id="XI-1-HRT-5512")[0]
    second = ActivityIndex()
    c = _resolve(second, code="XI-1-HRT-5512", iati_id="XI-1-HRT-5512")[0]
    d, method, props = _resolve(second, code="TBL-0099", iati_identifier="XI-1-HRT-5512")
    assert a == b == c == d == _id("XI-1-HRT-5512")
    assert method == "iati-identifier"
    assert set(props["codes"]) == {"TBL-0099", "XI-1-HRT-5512"}
    # The table's own code alone now names the same activity.
    assert _resolve(second, code="TBL-0099")[0] == d


def test_the_index_seeded_from_the_graph_matches_as_one_built_in_the_load() -> None:
    index = ActivityIndex()
    index.seed([KnownActivity(_id("KAB/220417"), "KAB/220417", None, ("KAB/220417",))])
    assert _resolve(index, code="GB-1-KAB/220417", iati_id="GB-1-KAB/220417")[0] == _id(
        "KAB/220417")


# -- both files into the real Neo4j ------------------------------------------------------
def _graph(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(
        """
        MATCH (p:Project)
        OPTIONAL MATCH (d:Document) WHERE d.id IN p.sources
        WITH p, collect(d.kind) AS kinds
        OPTIONAL MATCH (o:Organization)-[f:FUNDS]->(p)
        RETURN p.id AS id, p.code AS code, p.codes AS codes,
               p.iati_identifier AS identifier, kinds,
               collect({id: f.id, donor: o.name, amount: f.amount, kind: f.kind,
                        year: f.year, source_kinds: f.source_kinds}) AS funds
        """,
        database_=database,
    )
    return {
        tuple(sorted(r["codes"])): {
            "id": r["id"], "code": r["code"], "identifier": r["identifier"],
            "kinds": sorted(r["kinds"]),
            "funds": sorted((f["donor"], f["amount"], f["kind"], f["year"],
                             tuple(f["source_kinds"])) for f in r["funds"]),
        }
        for r in records
    }


def _wipe(driver: neo4j.Driver, database: str) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)


KAB = ("KAB/220417", "XI-ZZZ-48213-CN-KAB/220417")
HRT = ("TBL-0099", "XI-ZZZ-48213-HRT-5512")
DRG = ("XI-ZZZ-48213-DRG-7781",)


@pytest.mark.neo4j
def test_csv_then_iati_gives_one_project_per_activity_with_both_sources(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    sources.load_both(driver, database, sources.write_sources(tmp_path))
    graph = _graph(driver, database)
    assert set(graph) == {KAB, HRT, DRG}
    for project in graph.values():
        assert project["kinds"] == ["iati", "table"]
    assert graph[KAB]["id"] == make_id("project", "KAB/220417")
    assert graph[KAB]["identifier"] == "XI-ZZZ-48213-CN-KAB/220417"
    assert graph[HRT]["id"] == make_id("project", "XI-ZZZ-48213-HRT-5512")
    assert graph[DRG]["id"] == make_id("project", "XI-ZZZ-48213-DRG-7781")
    # Equal statements are one FUNDS stated by both formats; different ones stay two.
    assert graph[HRT]["funds"] == [
        ("Ostrel Foundation", 300000.0, "commitment", 2016, ("contributions", "iati"))]
    assert graph[KAB]["funds"] == [
        ("Corvane Development Fund", 480000.0, "commitment", 2015, ("iati",)),
        ("Corvane Development Fund", 500000.0, "commitment", 2015, ("contributions",)),
    ]
    assert graph[DRG]["funds"] == [
        ("Marwick Trust", 250000.0, "disbursement", 2017, ("contributions",)),
        ("Marwick Trust", 260000.0, "disbursement", 2017, ("iati",)),
    ]


@pytest.mark.neo4j
def test_iati_then_csv_gives_the_same_projects_and_fundings(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    paths = sources.write_sources(tmp_path)
    sources.load_both(driver, database, paths)
    csv_first = _graph(driver, database)
    _wipe(driver, database)
    sources.load_both(driver, database, paths, iati_first=True)
    iati_first = _graph(driver, database)
    assert set(iati_first) == set(csv_first)
    for codes, project in iati_first.items():
        assert project["funds"] == csv_first[codes]["funds"]
        assert project["kinds"] == csv_first[codes]["kinds"]
        assert project["identifier"] == csv_first[codes]["identifier"]
    # Stated identifiers give one id whatever came first; a code matched by the
    # identifier's trailing part joins the Project that was there first.
    for codes in (HRT, DRG):
        assert iati_first[codes]["id"] == csv_first[codes]["id"]
    assert iati_first[KAB]["id"] == make_id("project", "XI-ZZZ-48213-CN-KAB/220417")


@pytest.mark.neo4j
def test_loading_again_or_with_one_resolver_gives_the_same_graph(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    paths = sources.write_sources(tmp_path)
    sources.load_both(driver, database, paths)
    clean = _graph(driver, database)
    sources.load_both(driver, database, paths)  # a rerun: both files unchanged
    assert _graph(driver, database) == clean
    _wipe(driver, database)
    # Table and IATI file in one run with one resolver: matched within the load, before
    # anything is in the graph; the same graph as two loads seeded from it.
    shared = Resolver.with_aliases()
    sources.load_table(driver, database, paths, resolver=shared)
    sources.load_iati(driver, database, paths, resolver=shared)
    assert _graph(driver, database) == clean
    _wipe(driver, database)
    # Stopped after the table: the IATI file loaded by a new process, seeded from the graph.
    sources.load_table(driver, database, paths)
    sources.load_iati(driver, database, paths)
    assert _graph(driver, database) == clean
