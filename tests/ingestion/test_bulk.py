"""The bulk path for FIU transfer exports, against the real Neo4j on small generated files."""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import RESTRICTED, Label
from graphhub.queries.records import Rel
from ingestion.bulk import load_transfers
from ingestion.errors import ReadError, RecordError
from ingestion.known import known_nodes
from ingestion.load import DocumentInfo, load_extraction
from ingestion.records import Evidence, Extraction, NodeRecord

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.neo4j


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_transfers", ROOT / "benchmarks" / "generate_transfers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def export_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bulk") / "transfers.csv"
    _generator().generate(2_000, 300, 7, path)
    return path


def _counts(driver: neo4j.Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels",
        database_=database,
    )
    return int(records[0]["nodes"]), int(records[0]["rels"])


def _one(driver: neo4j.Driver, database: str, query: str, **params: Any) -> Any:
    records, _, _ = driver.execute_query(query, params, database_=database)
    return records[0][0]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(**overrides: str) -> dict[str, str]:
    row = {
        "sender_name": "Nomad Fruit LLP",
        "sender_type": "company",
        "sender_id": "",
        "sender_account": "KZ86 125K ZT50 0410 0100",
        "sender_country": "KAZ",
        "receiver_name": "Pamir Transit LLC",
        "receiver_type": "company",
        "receiver_id": "",
        "receiver_account": "",
        "receiver_country": "TJK",
        "amount": "1000",
        "currency": "USD",
        "date": "2012-05-04",
        "reference": "INV-1",
        "reporting_fiu": "FIU-KZ",
    }
    row.update(overrides)
    return row


def test_a_generated_export_loads_with_provenance(
    driver: neo4j.Driver, neo4j_settings: Settings, export_2000: Path
) -> None:
    database = neo4j_settings.neo4j_database
    seen: list[int] = []
    report = load_transfers(driver, database, export_2000, batch_rows=500, progress=seen.append)
    with export_2000.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    assert report.status == "written"
    assert report.rows_read == rows and report.transfers + report.bad_rows == rows
    assert seen[-1] == rows
    stored = _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN count(t)")
    assert stored == report.transfers
    restricted = _one(
        driver,
        database,
        "MATCH ()-[t:TRANSFER]->() WHERE t.classification = $c AND t.source_doc = $doc "
        "AND t.source_row >= 2 RETURN count(t)",
        c=RESTRICTED,
        doc=report.doc_id,
    )
    assert restricted == report.transfers
    first = _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN t {.*} ORDER BY t.id LIMIT 1")
    transfer = Rel.from_map({"type": "TRANSFER", "start": "", "end": "", "props": first})
    [evidence] = transfer.evidence
    assert evidence.doc == report.doc_id and evidence.locator.startswith("row ")
    assert evidence.method == "fiu:row" and "source_doc" not in transfer.props
    entities = _one(driver, database, "MATCH (e:Entity) RETURN count(e)")
    assert entities == sum(report.entities.values())
    complete = _one(
        driver, database, "MATCH (d:Document {id: $id}) RETURN d.complete", id=report.doc_id
    )
    assert complete is True


def test_loading_the_same_file_again_changes_nothing(
    driver: neo4j.Driver, neo4j_settings: Settings, export_2000: Path
) -> None:
    database = neo4j_settings.neo4j_database
    load_transfers(driver, database, export_2000)
    before = _counts(driver, database)
    again = load_transfers(driver, database, export_2000)
    assert again.status == "unchanged" and again.transfers == 0
    assert _counts(driver, database) == before


def test_an_interrupted_load_is_cleaned_up_and_loaded_again(
    driver: neo4j.Driver, neo4j_settings: Settings, export_2000: Path
) -> None:
    database = neo4j_settings.neo4j_database
    first = load_transfers(driver, database, export_2000)
    full = _counts(driver, database)
    # What a crash half way leaves: an incomplete document and part of the transfers.
    driver.execute_query(
        "MATCH (d:Document {id: $id}) SET d.complete = false WITH d "
        "MATCH ()-[t:TRANSFER]->() WITH t LIMIT 700 DELETE t",
        id=first.doc_id,
        database_=database,
    )
    again = load_transfers(driver, database, export_2000)
    assert again.resumed and again.status == "written"
    assert _counts(driver, database) == full


def test_bad_rows_are_reported_and_good_rows_load(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = _write_csv(
        tmp_path / "export.csv",
        [
            _row(),
            _row(amount="twelve"),
            _row(currency="XXQ"),
            _row(date="2012-02-30"),
            _row(sender_name="", sender_account="", sender_type=""),
            _row(amount="250.5", currency="KZT", reference="INV-2"),
        ],
    )
    errors: list[RecordError] = []
    report = load_transfers(driver, database, path, on_errors=errors.extend)
    assert report.transfers == 2 and report.bad_rows == 4
    assert sorted((e.row, e.field) for e in errors) == [
        (3, "amount"),
        (4, "currency"),
        (5, "date"),
        (6, "sender_name"),
    ]
    assert all(e.path == str(path) for e in errors)
    records, _, _ = driver.execute_query(
        "MATCH (a)-[t:TRANSFER]->(b) RETURN a.name AS a, b.name AS b, t.amount AS amount, "
        "t.currency AS currency, t.amount_usd AS usd, t.sender_account AS account "
        "ORDER BY t.amount",
        database_=database,
    )
    kzt, usd = records
    assert (usd["a"], usd["b"], usd["usd"]) == ("Nomad Fruit LLP", "Pamir Transit LLC", 1000.0)
    assert usd["account"] == "KZ86125KZT5004100100"
    assert kzt["currency"] == "KZT" and 0 < kzt["usd"] < 250.5
    held = _one(
        driver,
        database,
        "MATCH (:Company {name: 'Nomad Fruit LLP'})-[:HOLDS]->(a:BankAccount) RETURN a.iban",
    )
    assert held == "KZ86125KZT5004100100"


def test_a_missing_rate_is_reported_not_guessed(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = _write_csv(tmp_path / "old.csv", [_row(currency="KZT", date="1961-01-01")])
    report = load_transfers(driver, database, path)
    assert report.transfers == 1
    assert report.warnings == ["no USD rate for KZT in 1961: 1 transfers keep no amount_usd"]
    usd = _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN t.amount_usd")
    assert usd is None


def test_parties_known_to_the_graph_are_matched_by_name(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    proof = Evidence("note", 0, 10, "Pamir Transit LLC paid.", "test", 1.0)
    known = NodeRecord(Label.COMPANY, "c1", "Pamir Transit LLC", evidence=[proof])
    doc = DocumentInfo("note", "note", "txt", "/tmp/note.txt", RESTRICTED)
    loaded = load_extraction(driver, database, doc, Extraction("note", [known]))
    assert loaded.status == "written"
    path = _write_csv(tmp_path / "export.csv", [_row(receiver_name="PAMIR TRANSIT L.L.C.")])
    load_transfers(driver, database, path, known=list(known_nodes(driver, database)))
    companies = _one(
        driver,
        database,
        "MATCH (c:Company) WHERE c.name STARTS WITH 'Pamir' RETURN count(c)",
    )
    assert companies == 1
    sources = _one(
        driver,
        database,
        "MATCH ()-[:TRANSFER]->(c:Company) RETURN size(c.sources)",
    )
    assert sources == 2


@pytest.mark.parametrize(
    ("write", "reason"),
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_text("name,amount\nA,1\n", encoding="utf-8"), "not an FIU transfer"),
        (lambda p: p.write_bytes("sender_name,amount\nÄ,1\n".encode("latin-1")), "UTF-8"),
    ],
)
def test_unusable_files_are_read_errors(
    driver: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
    write: Callable[[Path], Any],
    reason: str,
) -> None:
    path = tmp_path / "bad.csv"
    write(path)
    with pytest.raises(ReadError, match=reason):
        load_transfers(driver, neo4j_settings.neo4j_database, path)
    assert _counts(driver, neo4j_settings.neo4j_database) == (0, 0)


def test_a_file_over_the_size_limit_is_refused_before_reading(
    driver: neo4j.Driver, neo4j_settings: Settings, export_2000: Path
) -> None:
    with pytest.raises(ReadError, match="more than the 1,000 this reader accepts"):
        load_transfers(driver, neo4j_settings.neo4j_database, export_2000, max_bytes=1_000)
    assert _counts(driver, neo4j_settings.neo4j_database) == (0, 0)
