"""Export reads: FtM selections and fixed tables, against the real Neo4j."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.queries.export import (
    TABLES,
    ExportError,
    entity_neighbourhood,
    finding_subgraph,
    restricted_subgraph,
    table_rows,
)
from graphhub.queries.runner import Runner
from graphhub.writer import judgements
from ingestion.load import load_file

CHAIN = [
    {"id": "a", "schema": "Person", "properties": {"name": ["Marat Iskakov"]}},
    {"id": "b", "schema": "Company", "properties": {"name": ["Nomad Fruit LLP"]}},
    {"id": "c", "schema": "Company", "properties": {"name": ["Pamir Transit LLC"]}},
    {"id": "d", "schema": "Person", "properties": {"name": ["Shavkat Davlatov"]}},
    {"id": "ab", "schema": "Ownership", "properties": {"owner": ["a"], "asset": ["b"]}},
    {
        "id": "bc",
        "schema": "Payment",
        "properties": {"payer": ["b"], "beneficiary": ["c"], "amount": ["10"]},
    },
    {
        "id": "cd",
        "schema": "Payment",
        "properties": {"payer": ["c"], "beneficiary": ["d"], "amount": ["9"]},
    },
]

pytestmark = pytest.mark.neo4j


@pytest.fixture
def chain(driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> dict[str, str]:
    """The FtM chain a -> b -> c -> d loaded; FtM id -> graph id."""
    path = tmp_path / "chain.ijson"
    path.write_text("".join(json.dumps(e) + "\n" for e in CHAIN), encoding="utf-8")
    assert load_file(driver, neo4j_settings.neo4j_database, "ftm", path).status == "written"
    records, _, _ = driver.execute_query(
        "MATCH (n:Entity) RETURN n.ftm_id AS ftm, n.id AS id",
        database_=neo4j_settings.neo4j_database,
    )
    return {r["ftm"]: r["id"] for r in records}


def _ftm_ids(rows: list[dict[str, object]]) -> set[object]:
    return {row["ftm_id"] for row in rows}


def test_neighbourhood_grows_with_hops(
    driver: neo4j.Driver, neo4j_settings: Settings, chain: dict[str, str]
) -> None:
    database = neo4j_settings.neo4j_database
    zero = entity_neighbourhood(driver, database, chain["b"], hops=0)
    assert _ftm_ids(zero.nodes) == {"b"} and list(zero.edges) == []
    one = entity_neighbourhood(driver, database, chain["b"], hops=1)
    assert _ftm_ids(one.nodes) == {"a", "b", "c"}
    edges = list(one.edges)
    assert {e["props"]["ftm_id"] for e in edges} == {"ab", "bc"}
    assert all(e["start"] in chain.values() and e["end"] in chain.values() for e in edges)
    two = entity_neighbourhood(driver, database, chain["b"], hops=2)
    assert _ftm_ids(two.nodes) == {"a", "b", "c", "d"}


def test_bad_selections_are_export_errors(
    driver: neo4j.Driver, neo4j_settings: Settings, chain: dict[str, str]
) -> None:
    database = neo4j_settings.neo4j_database
    with pytest.raises(ExportError, match="hops must be between 0 and 4"):
        entity_neighbourhood(driver, database, chain["a"], hops=9)
    with pytest.raises(ExportError, match="no person, company"):
        entity_neighbourhood(driver, database, "person:nobody")
    with pytest.raises(ExportError, match="no finding"):
        finding_subgraph(driver, database, "finding:nothing")
    with pytest.raises(ExportError, match="unknown table"):
        table_rows(driver, database, "everything")


def test_a_finding_exports_the_entities_it_concerns(
    driver: neo4j.Driver, neo4j_settings: Settings, chain: dict[str, str]
) -> None:
    database = neo4j_settings.neo4j_database
    driver.execute_query(
        "CREATE (f:Finding {id: 'finding:1', classification: 'restricted'}) WITH f "
        "MATCH (e:Entity) WHERE e.id IN $ids CREATE (f)-[:CONCERNS]->(e)",
        ids=[chain["c"], chain["d"]],
        database_=database,
    )
    selection = finding_subgraph(driver, database, "finding:1")
    assert _ftm_ids(selection.nodes) == {"c", "d"}
    assert [e["props"]["ftm_id"] for e in selection.edges] == ["cd"]


def test_the_restricted_subgraph_holds_everything_restricted(
    driver: neo4j.Driver, neo4j_settings: Settings, chain: dict[str, str]
) -> None:
    selection = restricted_subgraph(driver, neo4j_settings.neo4j_database)
    assert _ftm_ids(selection.nodes) == {"a", "b", "c", "d"}
    assert {e["props"]["ftm_id"] for e in selection.edges} == {"ab", "bc", "cd"}


def test_every_table_runs_and_names_its_columns_on_an_empty_graph(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    for name in TABLES:
        columns, rows = table_rows(driver, neo4j_settings.neo4j_database, name, True)
        assert columns and list(rows) == []
    columns, _ = table_rows(driver, neo4j_settings.neo4j_database, "transfers", True)
    assert columns[:3] == ["id", "date", "sender"]


def test_the_transfers_table_lists_restricted_rows_only_when_asked(
    driver: neo4j.Driver, neo4j_settings: Settings, chain: dict[str, str]
) -> None:
    database = neo4j_settings.neo4j_database
    _, hidden = table_rows(driver, database, "transfers", restricted_ok=False)
    assert list(hidden) == []
    columns, shown = table_rows(driver, database, "transfers", restricted_ok=True)
    rows = list(shown)
    assert sorted((r["sender"], r["receiver"], r["amount"]) for r in rows) == [
        ("Nomad Fruit LLP", "Pamir Transit LLC", 10.0),
        ("Pamir Transit LLC", "Shavkat Davlatov", 9.0),
    ]
    assert set(columns) >= {"amount", "currency", "classification"}


async def test_a_merged_entity_is_exported_once_as_the_kept_one(
    driver: neo4j.Driver, neo4j_settings: Settings, chain: dict[str, str], analyst: Runner
) -> None:
    database = neo4j_settings.neo4j_database
    # c is judged the same company as b: its payment to d is copied onto b.
    await judgements.merge(analyst, chain["b"], chain["c"], "same company", "key-x")
    whole = restricted_subgraph(driver, database)
    assert _ftm_ids(whole.nodes) == {"a", "b", "d"}
    edges = [(e["start"], e["end"]) for e in whole.edges]
    assert sorted(edges) == sorted([(chain["a"], chain["b"]), (chain["b"], chain["d"])])
    around = entity_neighbourhood(driver, database, chain["b"], hops=1)
    assert _ftm_ids(around.nodes) == {"a", "b", "d"}
    with pytest.raises(ExportError, match="was merged into"):
        entity_neighbourhood(driver, database, chain["c"], hops=1)


# -- cells a spreadsheet would run as formulas ------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x.example","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tTab",
    "\rCR",
]


def test_formula_cells_are_quoted_and_numbers_stay_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from graphhub.queries.export import safe_cell, write_table

    rows = [{"text": text, "number": -1500.5, "count": 3} for text in FORMULAS]
    rows.append({"text": "Government of Japan", "number": None, "count": 0})
    csv_file, xlsx_file = tmp_path / "t.csv", tmp_path / "t.xlsx"
    assert write_table(csv_file, ["text", "number", "count"], rows) == len(rows)
    assert write_table(xlsx_file, ["text", "number", "count"], iter(rows)) == len(rows)
    with csv_file.open(encoding="utf-8", newline="") as handle:
        back = list(csv.reader(handle))
    assert back[0] == ["text", "number", "count"]
    assert [row[0] for row in back[1:-1]] == ["'" + text for text in FORMULAS]
    assert {(row[1], row[2]) for row in back[1:-1]} == {("-1500.5", "3")}
    assert back[-1] == ["Government of Japan", "", "0"]
    sheet = load_workbook(xlsx_file).active
    assert sheet is not None
    for index, text in enumerate(FORMULAS, start=2):
        cell = sheet.cell(index, 1)
        assert cell.value == "'" + text and cell.data_type == "s"
        assert sheet.cell(index, 2).value == -1500.5 and sheet.cell(index, 2).data_type == "n"
    assert sheet.cell(len(rows) + 1, 1).value == "Government of Japan"
    assert safe_cell(-3) == -3 and safe_cell("") == "" and safe_cell(None) is None
