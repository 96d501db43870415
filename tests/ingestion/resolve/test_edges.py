"""Relationship ids: the same fact stated twice gets one id."""

from __future__ import annotations

from graphhub.model import RelType
from ingestion.records import EdgeRecord
from ingestion.resolve import edge_id


def _transfer(**props: object) -> EdgeRecord:
    return EdgeRecord(RelType.TRANSFER, "a", "b", dict(props))


def test_transfer_reported_twice_is_one() -> None:
    one = _transfer(amount=250000.0, currency="USD", date="2021-05-04")
    two = _transfer(amount=250000, currency="USD", date="2021-05-04", channel="SWIFT")
    assert edge_id(one, "person:1", "company:2", "doc-1") == edge_id(
        two, "person:1", "company:2", "doc-2"
    )
    other_day = _transfer(amount=250000, currency="USD", date="2021-05-05")
    assert edge_id(one, "person:1", "company:2", "d") != edge_id(
        other_day, "person:1", "company:2", "d"
    )
    assert edge_id(one, "person:1", "company:2", "d").startswith("transfer:")


def test_transfers_with_their_own_ids_stay_apart() -> None:
    first = _transfer(amount=9000, currency="USD", date="2021-05-04", id="T-1")
    second = _transfer(amount=9000, currency="USD", date="2021-05-04", id="T-2")
    assert edge_id(first, "x", "y", "d") != edge_id(second, "x", "y", "d")


def test_funds_keys_and_other_relations() -> None:
    pledge = EdgeRecord(
        RelType.FUNDS, "o", "p", {"kind": "pledge", "year": 2020, "amount": 5, "currency": "EUR"}
    )
    paid = EdgeRecord(
        RelType.FUNDS,
        "o",
        "p",
        {"kind": "disbursement", "year": 2020, "amount": 5, "currency": "EUR"},
    )
    assert edge_id(pledge, "org:1", "project:1", "d") != edge_id(paid, "org:1", "project:1", "d")
    assert edge_id(pledge, "org:1", "project:1", "d").startswith("funds:")
    owns = EdgeRecord(RelType.OWNS, "a", "b")
    assert edge_id(owns, "person:1", "company:1", "d1") == edge_id(
        owns, "person:1", "company:1", "d2"
    )
    assert edge_id(owns, "person:1", "company:1", "d") != edge_id(
        owns, "company:1", "person:1", "d"
    )
    assert edge_id(owns, "person:1", "company:1", "d").startswith("owns:")
