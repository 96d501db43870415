"""Writing transfer exports against the real Neo4j: restricted, batched, resumable."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import RESTRICTED, Label
from graphhub.writer.transfers import (
    KIND,
    BatchRefused,
    DocumentState,
    Target,
    TransferBatch,
    document_state,
    drop_partial,
    finish_document,
    start_document,
    write_batch,
)

pytestmark = pytest.mark.neo4j

DOC = "doc-transfers-one"
OTHER = "doc-other-export"
IBAN = "KZ86125KZT5004100100"


def _transfers(doc: str, rows: list[int]) -> dict[str, list[Any]]:
    count = len(rows)
    return {
        "id": [f"transfer:{doc[:16]}:{row}" for row in rows],
        "start": ["person:a"] * count,
        "end": ["person:b"] * count,
        "amount": [100.0 * row for row in rows],
        "currency": ["USD"] * count,
        "usd": [100.0 * row for row in rows],
        "date": ["2021-03-04"] * count,
        "reference": [None] * count,
        "fiu": ["KZ FIU"] * count,
        "sender_account": [IBAN] * count,
        "receiver_account": [None] * count,
        "duplicate_of": [None] * count,
        "row": rows,
    }


def _batch(doc: str = DOC, rows: tuple[int, ...] = (2, 3)) -> TransferBatch:
    entities: dict[Label, dict[str, list[Any]]] = {
        Label.PERSON: {
            "id": ["person:a", "person:b"],
            "name": ["Ivan Petrov", "Olga Petrova"],
            "key": ["P1", "P2"],
            "country": ["KAZ", None],
            "iban": [None, None],
            "row": [rows[0], rows[0]],
        },
        Label.BANK_ACCOUNT: {
            "id": ["account:kz"],
            "name": [IBAN],
            "key": [IBAN],
            "country": [None],
            "iban": [IBAN],
            "row": [rows[0]],
        },
    }
    holds: dict[str, list[Any]] = {
        "holder": ["person:a"],
        "account": ["account:kz"],
        "hid": ["holds:a"],
        "row": [2],
    }
    return TransferBatch(entities, holds, _transfers(doc, list(rows)), rows[0], rows[-1])


def _write(driver: neo4j.Driver, database: str, batch: TransferBatch, doc: str = DOC) -> bool:
    spent: dict[str, float] = defaultdict(float)
    with driver.session(database=database) as session:
        wrote: bool = session.execute_write(write_batch, Target(doc, "/x.csv", None), batch, spent)
    return wrote


def _one(driver: neo4j.Driver, database: str, query: str) -> Any:
    records, _, _ = driver.execute_query(query, database_=database)
    return records[0][0]


def test_start_document_creates_an_incomplete_document(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    state = start_document(driver, database, DOC, "Export", "/x.csv")
    assert state == DocumentState(exists=True, complete=False, through=1)
    records, _, _ = driver.execute_query(
        "MATCH (d:Document {id: $doc}) RETURN d", doc=DOC, database_=database
    )
    document = records[0]["d"]
    assert (document["kind"], document["classification"]) == (KIND, RESTRICTED)
    assert document["current"] is False


def test_a_missing_document_has_no_state(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    state = document_state(driver, neo4j_settings.neo4j_database, "doc-absent")
    assert state == DocumentState(exists=False, complete=False, through=None)


def test_a_batch_writes_restricted_parties_and_transfers_and_moves_the_marker(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    start_document(driver, database, DOC, "Export", "/x.csv")
    assert _write(driver, database, _batch())
    assert document_state(driver, database, DOC).through == 3
    assert _one(driver, database, "MATCH (n:Entity:Person) RETURN count(n)") == 2
    assert _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN count(t)") == 2
    assert _one(driver, database, "MATCH (:Person)-[h:HOLDS]->(:BankAccount) RETURN count(h)") == 1
    classifications = _one(
        driver,
        database,
        "MATCH (n) WHERE n:Person OR n:BankAccount WITH collect(n.classification) AS c "
        "MATCH ()-[r:TRANSFER|HOLDS|MENTIONS]->() WITH c, collect(r.classification) AS r "
        "RETURN c + r",
    )
    assert set(classifications) == {RESTRICTED}
    assert _one(driver, database, "MATCH (n:Person {id: 'person:a'}) RETURN n.country") == "KAZ"
    rows = _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN collect(t.source_row)")
    assert sorted(rows) == [2, 3]


def test_a_committed_batch_is_skipped_and_an_overlapping_one_refused(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    start_document(driver, database, DOC, "Export", "/x.csv")
    assert _write(driver, database, _batch())
    assert not _write(driver, database, _batch())
    assert _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN count(t)") == 2
    with pytest.raises(BatchRefused, match="rows up to 3"):
        _write(driver, database, _batch(rows=(3, 4, 5)))
    assert document_state(driver, database, DOC).through == 3


def test_a_batch_of_a_document_without_its_marker_is_refused(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    start_document(driver, database, DOC, "Export", "/x.csv")
    driver.execute_query(
        "MATCH (d:Document {id: $doc}) REMOVE d.loaded_through", doc=DOC, database_=database
    )
    with pytest.raises(BatchRefused, match="gone"):
        _write(driver, database, _batch())


def test_a_batch_of_a_missing_document_is_refused(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    with pytest.raises(BatchRefused, match="gone"):
        _write(driver, neo4j_settings.neo4j_database, _batch())


def test_finish_document_marks_it_complete(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    database = neo4j_settings.neo4j_database
    start_document(driver, database, DOC, "Export", "/x.csv")
    finish_document(driver, database, DOC, {"transfers": 2})
    assert document_state(driver, database, DOC).complete
    assert _one(driver, database, "MATCH (d:Document) RETURN [d.current, d.transfers]") == [
        True,
        2,
    ]


def test_drop_partial_removes_the_documents_transfers_only(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    for doc in (DOC, OTHER):
        start_document(driver, database, doc, "Export", f"/{doc}.csv")
        assert _write(driver, database, _batch(doc), doc)
    drop_partial(driver, database, DOC)
    ids = _one(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN collect(t.id)")
    assert sorted(ids) == [f"transfer:{OTHER[:16]}:2", f"transfer:{OTHER[:16]}:3"]
    mentions = _one(
        driver, database, "MATCH (d:Document)-[:MENTIONS]->() RETURN collect(DISTINCT d.id)"
    )
    assert mentions == [OTHER]
