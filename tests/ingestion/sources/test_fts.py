"""Tests of the OCHA FTS flow-search reader on flows written here and on a real page."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from graphhub.ids import content_hash, make_id
from graphhub.model import Label, RelType
from ingestion.errors import ReadError, RecordError
from ingestion.readers.limits import ReadLimits
from ingestion.records import EdgeRecord, Extraction
from ingestion.sources import fts
from ingestion.sources.fts import KINDS, read_fts

SAMPLE = (
    Path("external")
    / "funding"
    / "ocha_fts_afghanistan_2020"
    / "fts_api_flow_custom-search_locationid-1_year-2020_page1.json"
)
KINDS_FILE = Path(fts.__file__).parent / "data" / "contribution_kinds.yaml"


def _org(ident: str, name: str, kind: str = "NGO") -> dict[str, Any]:
    return {"type": "Organization", "id": ident, "name": name, "organizationTypes": [kind]}


def _obj(kind: str, name: str, ident: str = "1") -> dict[str, Any]:
    return {"type": kind, "id": ident, "name": name}


def _flow(ident: str = "9001", **changes: Any) -> dict[str, Any]:
    """A small paid flow from a government to an NGO in Kyrgyzstan, 2021, in EUR."""
    flow: dict[str, Any] = {
        "id": ident,
        "amountUSD": 1200,
        "originalAmount": 1000,
        "originalCurrency": "EUR",
        "exchangeRate": 0.8333,
        "status": "paid",
        "boundary": "incoming",
        "flowType": "Standard",
        "date": "2021-04-02T00:00:00Z",
        "budgetYear": None,
        "description": f"Shelter kits, flow {ident}",
        "refCode": f"REF-{ident}",
        "parentFlowId": None,
        "childFlowIds": None,
        "sourceObjects": [
            _org("11", "Ruritania, Government of", "Government"),
            _obj("Location", "Ruritania"),
        ],
        "destinationObjects": [
            _org("22", "Mountain Relief", "NGO"),
            _obj("Location", "Kyrgyzstan"),
            _obj("GlobalCluster", "Shelter"),
            _obj("Cluster", "Shelter and NFI"),
            _obj("UsageYear", "2021"),
        ],
    }
    flow.update(changes)
    return flow


def _write(tmp_path: Path, flows: list[Any], meta: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "flows.json"
    answer = {"status": "ok", "data": {"flows": flows}, "meta": meta or {"count": len(flows)}}
    path.write_text(json.dumps(answer), encoding="utf-8")
    return path


def _funds(extraction: Extraction) -> list[EdgeRecord]:
    return [e for e in extraction.edges if e.type is RelType.FUNDS]


def _by_flow(extraction: Extraction) -> dict[str, dict[str, Any]]:
    return {str(e.props["flow_id"]): e.props for e in _funds(extraction)}


def _dest(flow: dict[str, Any], kind: str, *names: str) -> list[dict[str, Any]]:
    """The flow's destination objects with those of ``kind`` replaced by ``names``."""
    kept = [o for o in flow["destinationObjects"] if o["type"] != kind]
    return kept + [_obj(kind, name, str(n)) for n, name in enumerate(names)]


def _one_error(errors: list[RecordError]) -> RecordError:
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_a_flow_becomes_funds_from_donor_to_a_project_of_its_own(tmp_path: Path) -> None:
    path = _write(tmp_path, [_flow()])
    extraction, errors = read_fts(path)

    assert errors == []
    assert extraction.doc_id == content_hash(path.read_bytes())
    [funds] = _funds(extraction)
    assert funds.props == {
        "amount": 1000.0,
        "currency": "EUR",
        "amount_usd": 1200.0,
        "exchange_rate": 0.8333,
        "kind": "disbursement",
        "year": 2021,
        "date": "2021-04-02",
        "flow_id": "9001",
        "boundary": "incoming",
        "flow_type": "Standard",
        "ref_code": "REF-9001",
        "country": "KGZ",
    }
    donor = extraction.node(funds.start)
    project = extraction.node(funds.end)
    assert donor is not None and project is not None
    assert (donor.label, donor.name) == (Label.ORGANIZATION, "Ruritania, Government of")
    assert donor.props == {"fts_id": "11", "kind": "government"}
    assert project.label is Label.PROJECT
    assert project.ref == make_id("project", "fts:flow:9001")
    assert project.name == "Shelter kits, flow 9001"
    assert project.props == {
        "code": "fts:flow:9001",
        "title": "Shelter kits, flow 9001",
        "fts_flow_id": "9001",
    }
    ends = {(e.type, e.start): extraction.node(e.end) for e in extraction.edges}
    country = ends[(RelType.IN_COUNTRY, project.ref)]
    sector = ends[(RelType.IN_SECTOR, project.ref)]
    recipient = ends[(RelType.IMPLEMENTED_BY, project.ref)]
    assert country is not None and country.props == {"iso3": "KGZ", "iso2": "KG"}
    assert sector is not None and (sector.label, sector.name) == (Label.SECTOR, "Shelter")
    assert sector.props == {}  # a theme: no DAC code, no vocabulary
    assert recipient is not None and recipient.name == "Mountain Relief"
    assert recipient.props == {"fts_id": "22", "kind": "ngo"}
    assert len(extraction.edges) == 4  # the source Location is the donor's, not mapped


def test_every_node_and_edge_has_evidence_of_its_flow(tmp_path: Path) -> None:
    extraction, _ = read_fts(_write(tmp_path, [_flow("1"), _flow("2")]), doc_id="doc-1")

    proofs = [n.evidence for n in extraction.nodes] + [e.evidence for e in extraction.edges]
    for found in proofs:
        assert found
        for proof in found:
            assert (proof.doc_id, proof.method) == ("doc-1", "fts:flow")
            assert proof.locator in {"flow 1", "flow 2"}
    [second] = [e for e in _funds(extraction) if e.props["flow_id"] == "2"]
    assert second.evidence[0].locator == "flow 2"
    assert second.evidence[0].sentence.startswith(
        "FTS flow 2: Ruritania, Government of -> Mountain Relief; 1,000 EUR (USD 1,200)"
    )
    shared = [n for n in extraction.nodes if n.label is Label.COUNTRY]
    assert [p.locator for p in shared[0].evidence] == ["flow 1", "flow 2"]


def test_status_gives_the_kind_in_the_words_of_contribution_tables(tmp_path: Path) -> None:
    flows = [
        _flow("1", status="paid"),
        _flow("2", status="commitment"),
        _flow("3", status="Pledge"),
        _flow("4", status="spent"),
        _flow("5", status=None),
    ]
    extraction, errors = read_fts(_write(tmp_path, flows))

    assert {k: p["kind"] for k, p in _by_flow(extraction).items()} == {
        "1": "disbursement",
        "2": "commitment",
        "3": "pledge",
    }
    assert [(e.row, e.field, e.value) for e in errors] == [
        (4, "status", "spent"),
        (5, "status", None),
    ]
    assert str(errors[0]).endswith(
        "row 4, column 'status': flow 4: unknown status; FTS statuses are commitment, paid and "
        "pledge: got 'spent'"
    )
    known = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    assert set(KINDS.values()) <= set(known)


def test_amount_is_the_original_one_when_given_else_usd(tmp_path: Path) -> None:
    flows = [
        _flow("1", originalAmount=None, originalCurrency=None, exchangeRate=None),
        _flow("2", originalAmount=None, originalCurrency="JPY"),  # a currency, no amount
        _flow("3", originalAmount="2,500.50", originalCurrency="chf"),
    ]
    extraction, errors = read_fts(_write(tmp_path, flows))

    assert errors == []
    got = {
        k: (p["amount"], p["currency"], p["amount_usd"]) for k, p in _by_flow(extraction).items()
    }
    assert got == {
        "1": (1200.0, "USD", 1200.0),
        "2": (1200.0, "USD", 1200.0),
        "3": (2500.5, "CHF", 1200.0),  # amount_usd is FTS's own, never reconverted
    }
    assert "exchange_rate" not in _by_flow(extraction)["1"]


def test_year_is_the_usage_year_else_budget_year_else_the_date(tmp_path: Path) -> None:
    base = _flow()
    flows = [
        _flow("1", budgetYear="2019"),  # one usage year wins over the budget year
        _flow("2", budgetYear="2019", destinationObjects=_dest(base, "UsageYear", "2022", "2021")),
        _flow("3", destinationObjects=_dest(base, "UsageYear", "2021", "2022")),
        _flow("4", budgetYear=2020, destinationObjects=_dest(base, "UsageYear")),
        _flow("5", destinationObjects=_dest(base, "UsageYear")),
        _flow("6", date=None, destinationObjects=_dest(base, "UsageYear")),
    ]
    extraction, errors = read_fts(_write(tmp_path, flows))

    assert errors == []
    got = {k: (p.get("year"), p.get("usage_years")) for k, p in _by_flow(extraction).items()}
    assert got == {
        "1": (2021, None),
        "2": (2019, [2021, 2022]),
        "3": (2021, [2021, 2022]),  # no budget year: the date's
        "4": (2020, None),
        "5": (2021, None),
        "6": (None, None),
    }


def test_a_destination_project_is_shared_by_its_flows(tmp_path: Path) -> None:
    base = _flow()
    project = {"type": "Project", "id": "555", "name": "Winter shelter", "code": "HRUR21-SHL"}
    uncoded = {"type": "Project", "id": "556", "name": "Summer shelter"}
    flows = [
        _flow("1", destinationObjects=[*base["destinationObjects"], project]),
        _flow("2", destinationObjects=[*base["destinationObjects"], project], amountUSD=900),
        _flow("3", destinationObjects=[*base["destinationObjects"], uncoded]),
        _flow("4", destinationObjects=[*base["destinationObjects"], project, uncoded]),
    ]
    extraction, errors = read_fts(_write(tmp_path, flows))

    funds = _funds(extraction)
    assert [f.props["flow_id"] for f in funds] == ["1", "2", "3"]
    assert funds[0].end == funds[1].end == make_id("project", "HRUR21-SHL")
    shared = extraction.node(funds[0].end)
    assert shared is not None and shared.name == "Winter shelter"
    assert shared.props == {
        "code": "HRUR21-SHL",
        "title": "Winter shelter",
        "fts_project_id": "555",
    }
    other = extraction.node(funds[2].end)
    assert other is not None and other.props["code"] == "fts:project:556"
    error = _one_error(errors)
    assert (error.row, error.field) == (4, "destinationObjects.Project")
    assert "flow 4: 2 destination Projects" in str(error)


def test_flows_with_the_same_description_stay_two_projects(tmp_path: Path) -> None:
    flows = [_flow("1", description="Allocation"), _flow("2", description="Allocation")]
    extraction, _ = read_fts(_write(tmp_path, flows))

    projects = [n for n in extraction.nodes if n.label is Label.PROJECT]
    assert sorted(str(p.props["code"]) for p in projects) == ["fts:flow:1", "fts:flow:2"]
    assert {p.name for p in projects} == {"Allocation"}


def test_a_flow_without_description_is_named_by_its_code(tmp_path: Path) -> None:
    extraction, _ = read_fts(_write(tmp_path, [_flow("7", description=None)]))

    [project] = [n for n in extraction.nodes if n.label is Label.PROJECT]
    assert project.name == "fts:flow:7" and "title" not in project.props


def test_funding_chain_ids_are_kept_as_text(tmp_path: Path) -> None:
    flows = [
        _flow("10", childFlowIds=[11, "12"]),
        _flow("11", parentFlowId=10, boundary="internal"),
    ]
    extraction, _ = read_fts(_write(tmp_path, flows))

    got = _by_flow(extraction)
    assert got["10"]["child_flow_ids"] == ["11", "12"] and "parent_flow_id" not in got["10"]
    assert got["11"]["parent_flow_id"] == "10" and "child_flow_ids" not in got["11"]
    assert got["11"]["boundary"] == "internal"


def test_several_places_and_clusters(tmp_path: Path) -> None:
    base = _flow()
    several = _dest(base, "Location", "Kyrgyzstan", "TJK", "Central Asia")
    flows = [
        _flow("1", destinationObjects=several),
        _flow("2", destinationObjects=_dest(base, "GlobalCluster", "Health", "Nutrition")),
        _flow("3", destinationObjects=_dest(base, "GlobalCluster")),  # the plan's cluster
    ]
    extraction, errors = read_fts(_write(tmp_path, flows))

    assert errors == []
    got = _by_flow(extraction)
    assert "country" not in got["1"] and "region" not in got["1"]  # no single place
    by_project: dict[str, set[tuple[str, str]]] = {}
    for edge in extraction.edges:
        end = extraction.node(edge.end)
        assert end is not None
        by_project.setdefault(edge.start, set()).add((str(edge.type), end.name))
    places = by_project[make_id("project", "fts:flow:1")]
    assert {p for p in places if p[0] in {"IN_COUNTRY", "IN_REGION"}} == {
        ("IN_COUNTRY", "Kyrgyzstan"),
        ("IN_COUNTRY", "Tajikistan"),
        ("IN_REGION", "Central Asia"),
    }
    sectors = {k: {n for t, n in v if t == "IN_SECTOR"} for k, v in by_project.items()}
    assert sectors[make_id("project", "fts:flow:2")] == {"Health", "Nutrition"}
    assert sectors[make_id("project", "fts:flow:3")] == {"Shelter and NFI"}


def test_bad_flows_are_reported_with_row_id_and_field_and_the_rest_load(
    tmp_path: Path,
) -> None:
    base = _flow()
    no_donor = [o for o in base["sourceObjects"] if o["type"] != "Organization"]
    two_donors = [*base["sourceObjects"], _org("12", "Another Government")]
    flows = [
        _flow("1"),
        _flow("2", sourceObjects=no_donor),
        _flow("3", amountUSD=None),
        _flow("4", amountUSD="a lot"),
        _flow("5", status="maybe"),
        _flow("6", destinationObjects=_dest(base, "Location", "Atlantis")),
        _flow("7", originalCurrency="XYZ"),
        _flow("8", amountUSD=-5),
        _flow("9", amountUSD=0, originalAmount=None),
        _flow("10", amountUSD=0, originalAmount=0, childFlowIds=[11]),  # parked: kept
        _flow("11", date="2021-02-30T00:00:00Z"),
        _flow("12", destinationObjects=_dest(base, "UsageYear", "1812")),
        _flow("13", sourceObjects=two_donors),
        _flow("14", originalAmount=[1000]),
        _flow("15", amountUSD=True),
        _flow("16", sourceObjects="Ruritania"),
        _flow("17", destinationObjects=[{"type": "Organization", "id": "9"}]),
        _flow("18", budgetYear="next year", destinationObjects=_dest(base, "UsageYear")),
    ]
    extraction, errors = read_fts(_write(tmp_path, flows))

    assert sorted(_by_flow(extraction), key=int) == ["1", "10"]
    got = {(e.row, e.field): e for e in errors}
    assert sorted(got) == [
        (2, "sourceObjects.Organization"),
        (3, "amountUSD"),
        (4, "amountUSD"),
        (5, "status"),
        (6, "destinationObjects.Location"),
        (7, "originalCurrency"),
        (8, "amountUSD"),
        (9, "amountUSD"),
        (11, "date"),
        (12, "destinationObjects.UsageYear"),
        (13, "sourceObjects.Organization"),
        (14, "originalAmount"),
        (15, "amountUSD"),
        (16, "sourceObjects"),
        (17, "destinationObjects.Organization"),
        (18, "budgetYear"),
    ]
    for (row, _), error in got.items():
        assert error.path == str(tmp_path / "flows.json")
        assert error.message.startswith(f"flow {row}: ")
    assert "donor is missing" in str(got[(2, "sourceObjects.Organization")])
    assert "amount is missing" in str(got[(3, "amountUSD")])
    assert "cannot read 'a lot' as a number" in str(got[(4, "amountUSD")])
    assert got[(6, "destinationObjects.Location")].value == "Atlantis"
    assert "unknown country or region" in str(got[(6, "destinationObjects.Location")])
    assert "ISO 4217" in str(got[(7, "originalCurrency")])
    assert "negative" in str(got[(8, "amountUSD")])
    assert "amount is 0" in str(got[(9, "amountUSD")])
    assert "not a valid date" in str(got[(11, "date")])
    assert "1812" in str(got[(12, "destinationObjects.UsageYear")])
    assert "2 source Organizations" in str(got[(13, "sourceObjects.Organization")])
    assert "not a number" in str(got[(15, "amountUSD")])
    assert "has no name" in str(got[(17, "destinationObjects.Organization")])


def test_every_problem_of_a_flow_is_reported_at_once(tmp_path: Path) -> None:
    flow = _flow("1", amountUSD="?", status="unknown", originalCurrency="XYZ", sourceObjects=[])
    _, errors = read_fts(_write(tmp_path, [flow]))

    assert sorted(str(e.field) for e in errors) == [
        "amountUSD",
        "originalCurrency",
        "sourceObjects.Organization",
        "status",
    ]


def test_flows_without_id_not_objects_or_repeated_are_reported(tmp_path: Path) -> None:
    flows = [_flow("1"), _flow("1", amountUSD=5), _flow(id=None), "flow"]
    extraction, errors = read_fts(_write(tmp_path, flows))

    assert [f.props["amount_usd"] for f in _funds(extraction)] == [1200.0]
    assert [(e.row, e.field) for e in errors] == [(2, "id"), (3, "id"), (4, None)]
    assert "appears again (first as flow 1)" in str(errors[0])
    assert "flow without id: the flow has no id" in str(errors[1])
    assert "not a JSON object" in str(errors[2])


def test_a_value_over_the_field_limit_refuses_the_flow(tmp_path: Path) -> None:
    base = _flow()
    long_name = [*base["destinationObjects"][1:], _org("22", "N" * 60)]
    flows = [_flow("1", description="x" * 60), _flow("2", destinationObjects=long_name), _flow("3")]
    extraction, errors = read_fts(_write(tmp_path, flows), ReadLimits(max_field_chars=50))

    assert list(_by_flow(extraction)) == ["3"]
    assert [(e.row, e.field) for e in errors] == [
        (1, "description"),
        (2, "destinationObjects[4].name"),
    ]
    assert "60 characters, over the limit of 50 (GRAPHHUB_MAX_FIELD_CHARS)" in str(errors[0])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not FTS flow-search JSON"),
        ('{"data": {"incoming": {}}}', "not FTS flow-search JSON"),
        ('{"data": {"flows": {"id": 1}}}', "not FTS flow-search JSON"),
    ],
)
def test_a_file_that_is_not_fts_json_is_a_read_error(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "other.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ReadError, match=reason) as raised:
        read_fts(path)
    assert raised.value.path == str(path)


def test_file_checks_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="file is empty"):
        read_fts(empty)
    monkeypatch.setattr(fts, "MAX_BYTES", 10)
    with pytest.raises(ReadError, match="more than the 10 this reader accepts"):
        read_fts(_write(tmp_path, [_flow()]))


def test_an_empty_page_reads_nothing(tmp_path: Path) -> None:
    extraction, errors = read_fts(_write(tmp_path, []))

    assert (extraction.nodes, extraction.edges, errors) == ([], [], [])


def test_a_page_of_a_longer_search_is_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, [_flow()], meta={"count": 3})
    with caplog.at_level(logging.WARNING, logger="ingestion.sources.fts"):
        read_fts(path)

    assert "holds 1 of the 3 flows of its search" in caplog.text


@pytest.mark.shared_data
def test_real_fts_page_reads_every_flow(shared_data: Path) -> None:
    source = shared_data / SAMPLE
    flows = json.loads(source.read_text(encoding="utf-8"))["data"]["flows"]
    extraction, errors = read_fts(source)

    funds = _funds(extraction)
    refused = {e.row for e in errors}
    assert len(flows) == 200
    assert len(funds) + len(refused) == len(flows)  # no flow silently dropped
    assert len(funds) > 190
    loaded = {str(f.props["flow_id"]) for f in funds}
    assert loaded == {str(flow["id"]) for n, flow in enumerate(flows, 1) if n not in refused}
    assert sum(float(f.props["amount_usd"]) for f in funds) == pytest.approx(
        sum(flow["amountUSD"] for flow in flows if str(flow["id"]) in loaded)
    )
    assert sum(flow["amountUSD"] for flow in flows) == pytest.approx(
        sum(float(f.props["amount_usd"]) for f in funds)
        + sum(flows[row - 1]["amountUSD"] for row in refused if row is not None)
    )
    statuses = Counter(flow["status"] for flow in flows if str(flow["id"]) in loaded)
    kinds = Counter(str(f.props["kind"]) for f in funds)
    assert kinds == {KINDS[status]: count for status, count in statuses.items()}
    for error in errors:
        assert error.field and error.message.startswith("flow ")
    countries = {n.props["iso3"] for n in extraction.nodes if n.label is Label.COUNTRY}
    assert "AFG" in countries
