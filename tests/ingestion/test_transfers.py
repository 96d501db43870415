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
from graphhub.model import PUBLIC, RESTRICTED, Label
from graphhub.queries.records import Rel
from ingestion.commit import DocumentInfo, commit_extraction
from ingestion.errors import ReadError, RecordError
from ingestion.records import Evidence, Extraction, NodeRecord
from ingestion.resolve.known import known_nodes
from ingestion.transfers import load_transfers

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


class _Stop(Exception):
    """Raised from the progress callback: the loader stops between two chunks."""


def _graph(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    """What a load wrote, comparable across runs: counts, party ids, transfer ends, mentions."""

    def rows(query: str) -> list[Any]:
        records, _, _ = driver.execute_query(query, database_=database)
        return [tuple(r.values()) for r in records]

    return {
        "labels": rows("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) ORDER BY l"),
        "types": rows("MATCH ()-[r]->() RETURN type(r), count(*) ORDER BY type(r)"),
        "parties": rows("MATCH (e:Entity) RETURN e.id, e.name, e.key, e.country ORDER BY e.id"),
        "ends": rows("MATCH (a)-[t:TRANSFER]->(b) RETURN t.id, a.id, b.id ORDER BY t.id"),
        "mentions": rows(
            "MATCH (:Document)-[m:MENTIONS]->(n) RETURN n.id, m.locator ORDER BY n.id, m.locator"
        ),
    }


def test_a_stopped_load_resumes_to_exactly_a_clean_load(
    driver: neo4j.Driver, neo4j_settings: Settings, export_2000: Path
) -> None:
    database = neo4j_settings.neo4j_database
    clean = load_transfers(driver, database, export_2000, batch_rows=300, read_rows=500)
    expected = _graph(driver, database)
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)

    def stop_after_two(done: int) -> None:
        if done >= 1000:
            raise _Stop

    with pytest.raises(_Stop):
        load_transfers(
            driver, database, export_2000, batch_rows=300, read_rows=500, progress=stop_after_two
        )
    through = _one(driver, database, "MATCH (d:Document) RETURN d.loaded_through")
    assert 2 < through < 2002
    # Other batch sizes on the rerun: the graph does not depend on them.
    again = load_transfers(driver, database, export_2000, batch_rows=700, read_rows=900)
    assert again.resumed and again.status == "written" and again.resumed_through == through
    assert again.transfers + again.transfers_kept == clean.transfers
    assert 0 < again.transfers < clean.transfers
    assert _graph(driver, database) == expected


def test_parties_with_export_ids_are_never_merged_by_name(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    first = _write_csv(
        tmp_path / "first.csv",
        [_row(receiver_name="Daek Trading", receiver_id="C0028435", receiver_account="")],
    )
    load_transfers(driver, database, first)
    second = _write_csv(
        tmp_path / "second.csv",
        [
            _row(receiver_name="Daek Trading", receiver_id="C0000049", reference="INV-7"),
            _row(receiver_name="Daek Trading", receiver_id="", reference="INV-8"),
        ],
    )
    report = load_transfers(driver, database, second, known=list(known_nodes(driver, database)))
    keys = _one(
        driver,
        database,
        "MATCH (c:Company {name: 'Daek Trading'}) RETURN collect(c.key)",
    )
    # Two export ids, two nodes; the party without an id joins the one known name.
    assert sorted(keys) == ["C0000049", "C0028435"]
    ends = dict(
        (r["ref"], r["key"])
        for r in driver.execute_query(
            "MATCH ()-[t:TRANSFER]->(c:Company {name: 'Daek Trading'}) "
            "RETURN t.reference AS ref, c.key AS key",
            database_=database,
        ).records
    )
    assert ends == {"INV-1": "C0028435", "INV-7": "C0000049", "INV-8": "C0028435"}
    assert report.name_proposal_count == 1
    assert any("kept apart, not merged" in w and "C0000049" in w for w in report.warnings)


def test_identical_rows_load_as_transfers_marked_and_reported(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = _write_csv(
        tmp_path / "export.csv",
        [_row(), _row(reference="INV-2"), _row(), _row(amount="x"), _row(amount="x"), _row()],
    )
    errors: list[RecordError] = []
    report = load_transfers(driver, database, path, read_rows=2, on_errors=errors.extend)
    assert report.transfers == 4 and report.bad_rows == 2
    assert report.duplicates == [(4, 2), (7, 2)] and report.duplicate_count == 2
    assert any("identical in every column" in w for w in report.warnings)
    marked = _one(
        driver,
        database,
        "MATCH ()-[t:TRANSFER]->() WHERE t.duplicate_of IS NOT NULL "
        "RETURN collect([t.source_row, t.duplicate_of])",
    )
    prefix = f"transfer:{report.doc_id[:16]}:"
    assert sorted(marked) == [[4, prefix + "2"], [7, prefix + "2"]]


def test_an_overlong_field_refuses_its_row_only(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = _write_csv(
        tmp_path / "export.csv", [_row(), _row(reference="R" * 5_000), _row(reference="INV-3")]
    )
    errors: list[RecordError] = []
    report = load_transfers(driver, database, path, max_field_chars=4_000, on_errors=errors.extend)
    assert report.transfers == 2
    [error] = errors
    assert (error.path, error.row, error.field) == (str(path), 3, "reference")
    assert "longer than 4,000 characters" in str(error) and "5,000 characters" in str(error)
    assert len(str(error)) < 400
    longest = _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN max(size(t.reference))")
    assert longest == 5


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
    loaded = commit_extraction(driver, database, doc, Extraction("note", [known]))
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


def test_an_export_adds_no_value_to_a_public_party(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    proof = Evidence("press", 0, 10, "Pamir Transit LLC opened.", "test", 1.0)
    known = NodeRecord(Label.COMPANY, "c1", "Pamir Transit LLC", evidence=[proof])
    doc = DocumentInfo("press", "press", "txt", "/tmp/press.txt", PUBLIC)
    commit_extraction(driver, database, doc, Extraction("press", [known]))
    path = _write_csv(tmp_path / "export.csv", [_row()])
    load_transfers(driver, database, path, known=list(known_nodes(driver, database)))
    pamir = _one(
        driver, database, "MATCH (c:Company {name: 'Pamir Transit LLC'}) RETURN properties(c)"
    )
    # The export's country of the receiver (TJK) is restricted: not a value of the public node.
    assert pamir["classification"] == PUBLIC and "country" not in pamir
    assert len(pamir["sources"]) == 2


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


def test_an_export_over_the_file_size_limit_still_loads(
    driver: neo4j.Driver, neo4j_settings: Settings, export_2000: Path
) -> None:
    from ingestion.load import load_file

    report = load_file(
        driver, neo4j_settings.neo4j_database, "fiu-transfers", export_2000, max_bytes=1_000
    )
    assert report.status == "written" and report.edges["TRANSFER"] == 2_000


def test_an_export_with_other_headers_loads_with_a_mapping(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    from ingestion.load import load_file

    database = neo4j_settings.neo4j_database
    path = tmp_path / "bewegungen.csv"
    path.write_text(
        "Zahler,Zahler Art,Zahler Nr,Zahlungsempfänger,Empfänger Art,Summe in Währung,"
        "Währung,Tag,Meldestelle\n"
        "Brannock Holdings,company,K-77,Ilse Varga,person,12000,CHF,2023-01-09,FIU-AT\n"
        "Brannock Holdings,company,K-77,Ilse Varga,person,3000,CHF,2023-01-10,FIU-AT\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "meldung.yaml"
    mapping.write_text(
        "columns:\n  Zahler: sender_name\n  Zahler Art: sender_type\n  Zahler Nr: sender_id\n"
        "  Zahlungsempfänger: receiver_name\n  Empfänger Art: receiver_type\n"
        "  Summe in Währung: amount\n  Währung: currency\n  Tag: date\n"
        "  Meldestelle: reporting_fiu\n",
        encoding="utf-8",
    )
    without = load_file(driver, database, "fiu-transfers", path)
    assert without.status == "failed" and "no amount, currency, date column" in without.failure
    report = load_file(driver, database, "fiu-transfers", path, mapping=mapping)
    assert report.status == "written", report.failure
    records, _, _ = driver.execute_query(
        "MATCH (a:Company)-[t:TRANSFER]->(b:Person) RETURN a.name AS a, b.name AS b, "
        "t.amount AS amount, t.currency AS currency, t.reporting_fiu AS fiu, "
        "t.classification AS classification ORDER BY t.date",
        database_=database,
    )
    assert [tuple(r.values()) for r in records] == [
        ("Brannock Holdings", "Ilse Varga", 12000.0, "CHF", "FIU-AT", RESTRICTED),
        ("Brannock Holdings", "Ilse Varga", 3000.0, "CHF", "FIU-AT", RESTRICTED),
    ]
