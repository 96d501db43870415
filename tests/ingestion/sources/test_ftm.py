"""Tests of the FollowTheMoney import and export, with a lossless round trip on real data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphhub.model import RESTRICTED, Label, RelType
from ingestion.errors import ReadError
from ingestion.sources.ftm import mapping, read_ftm, rows_from_extraction, to_ftm

FTM = Path("external") / "ftm"

ENTITIES: list[dict[str, Any]] = [
    {
        "id": "p1",
        "schema": "Person",
        "properties": {
            "name": ["Ivan Petrov", "I. Petrov"],
            "country": ["kz"],
            "birthDate": ["1970-02-01"],
        },
    },
    {
        "id": "c1",
        "schema": "Company",
        "properties": {"name": ["Aral Trade LLP"], "country": ["kg", "kz"]},
    },
    {
        "id": "a1",
        "schema": "BankAccount",
        "properties": {"iban": ["KG12000111"], "bankName": ["Bank Kyrgyzstan"]},
    },
    {"id": "x1", "schema": "Address", "properties": {"full": ["Bishkek"]}},
    {
        "id": "pay1",
        "schema": "Payment",
        "properties": {
            "payer": ["p1"],
            "beneficiary": ["c1"],
            "amount": ["9500.50"],
            "currency": ["USD"],
            "date": ["2021-03-04"],
            "purpose": ["consulting"],
        },
    },
    {
        "id": "pay2",
        "schema": "Payment",
        "properties": {"payer": ["c1"], "beneficiary": ["p1"], "amountEur": ["100.00"]},
    },
    {
        "id": "own1",
        "schema": "Ownership",
        "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["51"]},
    },
    {
        "id": "dir1",
        "schema": "Directorship",
        "properties": {"director": ["p1"], "organization": ["missing"]},
    },
]


def _write(tmp_path: Path, entities: list[dict[str, Any]]) -> Path:
    path = tmp_path / "entities.ijson"
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def test_import_maps_schemata_onto_the_graph_model(tmp_path: Path) -> None:
    extraction, errors = read_ftm(_write(tmp_path, ENTITIES))
    labels = {n.props["ftm_id"]: n.label for n in extraction.nodes}
    assert labels == {"p1": Label.PERSON, "c1": Label.COMPANY, "a1": Label.BANK_ACCOUNT}
    person = extraction.node("ftm:p1")
    assert person is not None and person.name == "Ivan Petrov" and person.aliases == ["I. Petrov"]
    assert person.props["country"] == "KAZ"
    assert json.loads(person.props["ftm_properties"]) == {"birthDate": ["1970-02-01"]}
    company = extraction.node("ftm:c1")
    # Two countries do not fit the graph's one country: kept as FtM gave them.
    assert company is not None and "country" not in company.props
    assert all(n.classification == RESTRICTED for n in extraction.nodes)

    transfer = next(e for e in extraction.edges if e.type is RelType.TRANSFER)
    assert (transfer.start, transfer.end) == ("ftm:p1", "ftm:c1")
    assert transfer.props["amount"] == 9500.5 and transfer.props["amount_usd"] == 9500.5
    euros = next(e for e in extraction.edges if e.props["ftm_id"] == "pay2")
    assert (euros.props["amount"], euros.props["currency"]) == (100.0, "EUR")
    assert transfer.evidence[0].locator == "line 5" and transfer.evidence[0].method == "ftm:entity"
    assert [e.type for e in extraction.edges] == [RelType.TRANSFER] * 2 + [RelType.OWNS]
    assert {(e.row, e.field) for e in errors} == {(4, "schema"), (8, "Directorship")}
    assert "missing is not a mapped entity" in str(next(e for e in errors if e.row == 8))


def test_export_returns_the_same_entities(tmp_path: Path) -> None:
    extraction, _ = read_ftm(_write(tmp_path, ENTITIES))
    exported = {e["id"]: e for e in to_ftm(*rows_from_extraction(extraction))}
    for entity in ENTITIES[:3] + ENTITIES[4:7]:
        assert exported[entity["id"]]["schema"] == entity["schema"]
        assert exported[entity["id"]]["properties"] == entity["properties"]


def test_graph_native_rows_export_too() -> None:
    nodes = [
        {
            "id": "person:1",
            "labels": ["Person", "Entity"],
            "name": "A",
            "aliases": ["B"],
            "country": "TJK",
        },
        {"id": "group:1", "labels": ["TraffickingGroup", "Entity"], "name": "Line"},
    ]
    edges = [{"type": "MEMBER_OF", "start": "person:1", "end": "group:1", "props": {}}]
    out = list(to_ftm(nodes, edges))
    assert out[0] == {
        "id": "person:1",
        "schema": "Person",
        "properties": {"country": ["tj"], "name": ["A", "B"]},
    }
    assert out[1]["schema"] == "Organization"
    assert out[2]["schema"] == "Membership"
    assert out[2]["properties"] == {"member": ["person:1"], "organization": ["group:1"]}


def test_not_ftm_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "x.ijson"
    path.write_text("name,amount\nA,1\n", encoding="utf-8")
    with pytest.raises(ReadError, match="not FollowTheMoney"):
        read_ftm(path)


def _schema_properties(model: dict[str, Any], schema: str) -> set[str]:
    """All property names of a schema, inherited ones included."""
    spec = model["schemata"][schema]
    names = set(spec.get("properties", {}))
    for parent in spec.get("extends", []):
        names |= _schema_properties(model, parent)
    return names


@pytest.mark.shared_data
def test_round_trip_is_lossless_and_valid_ftm(shared_data: Path) -> None:
    source = shared_data / FTM / "nomenklatura_donations.ijson"
    model = json.loads((shared_data / FTM / "followthemoney_defaultModel.json").read_text())
    originals = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    supported = set(mapping()["nodes"]) | set(mapping()["edges"])
    expected = {e["id"]: e for e in originals if e["schema"] in supported}

    extraction, errors = read_ftm(source)
    assert {e.value for e in errors} == {e["id"] for e in originals if e["schema"] not in supported}
    exported = list(to_ftm(*rows_from_extraction(extraction)))

    assert len(exported) == len(expected) > 380
    for entity in exported:
        original = expected[entity["id"]]
        assert entity["schema"] == original["schema"]
        assert entity["properties"] == original["properties"], entity["id"]
        allowed = _schema_properties(model, entity["schema"])
        assert set(entity["properties"]) <= allowed
        assert all(
            isinstance(v, list) and all(isinstance(x, str) for x in v)
            for v in entity["properties"].values()
        )
    transfers = [e for e in extraction.edges if e.type is RelType.TRANSFER]
    assert len(transfers) == 290
    assert all(t.props["currency"] == "EUR" and t.props["amount"] > 0 for t in transfers)


def test_bad_lines_are_named_and_the_other_lines_load(tmp_path: Path) -> None:
    from ingestion.readers.limits import ReadLimits

    good = [json.dumps(e) for e in ENTITIES]
    bad = [
        "{not json",
        json.dumps({"id": "x1", "schema": "Person", "properties": "notadict"}),
        json.dumps({"id": "x2", "schema": "Person", "properties": {"name": "Solo"}}),
        json.dumps({"schema": "Company", "properties": {"name": ["No Id LLP"]}}),
        json.dumps({"id": "x4", "schema": "Spaceship", "properties": {}}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "x6", "schema": "Person", "properties": {"name": ["N" * 101]}}),
    ]
    path = tmp_path / "mixed.ijson"
    path.write_text("\n".join([*bad, *good]) + "\n", encoding="utf-8")
    clean = tmp_path / "clean.ijson"
    clean.write_text("\n".join(good) + "\n", encoding="utf-8")
    alone, alone_errors = read_ftm(clean)
    extraction, errors = read_ftm(path, ReadLimits(max_field_chars=100))
    # Every good line loads as it does without the bad ones around it.
    assert sorted(n.ref for n in extraction.nodes) == sorted(n.ref for n in alone.nodes)
    assert len(extraction.nodes) == sum(e["schema"] in mapping()["nodes"] for e in ENTITIES)
    assert [(e.type, e.start, e.end) for e in extraction.edges] == [
        (e.type, e.start, e.end) for e in alone.edges
    ]
    found = [(e.path, e.row, e.field, e.message) for e in errors[: len(bad)]]
    assert found == [
        (str(path), 1, None, "not JSON (Expecting property name enclosed in double quotes, "
         "column 2)"),
        (str(path), 2, "properties", "properties must be an object of lists of strings"),
        (str(path), 3, "properties.name", "values must be a list of strings"),
        (str(path), 4, "id", "id is missing"),
        (str(path), 5, "schema",
         "schema Spaceship is not mapped onto the graph model; entity skipped"),
        (str(path), 6, None, "not a JSON object"),
        (str(path), 7, "properties.name",
         "a value is 101 characters, over the limit of 100 (GRAPHHUB_MAX_FIELD_CHARS)"),
    ]
    assert [e.message for e in errors[len(bad) :]] == [e.message for e in alone_errors]
    assert str(errors[1]) == (
        f"{path} row 2, column 'properties': properties must be an object of lists of "
        "strings: got 'notadict'"
    )
