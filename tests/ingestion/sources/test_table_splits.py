"""Tables whose cells hold lists (split: in the mapping) and the fields flow_id, date,
boundary, iati_identifier and amount_usd; on tables written here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from graphhub.model import Label, RelType
from ingestion.errors import ReadError
from ingestion.records import EdgeRecord, Extraction
from ingestion.resolve import edge_id
from ingestion.sources.splits import allocate
from ingestion.sources.tables import load_mapping, read_contributions

KINDS = ("pledge", "commitment", "disbursement", "expenditure", "budget")


def _table(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _mapping(tmp_path: Path, spec: dict[str, Any], name: str = "mapping.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def _read(tmp_path: Path, text: str, spec: dict[str, Any]) -> tuple[Extraction, list[Any]]:
    return read_contributions(_table(tmp_path, text), load_mapping(_mapping(tmp_path, spec)))


def _funds(extraction: Extraction) -> list[EdgeRecord]:
    return [e for e in extraction.edges if e.type is RelType.FUNDS]


def _names(extraction: Extraction, refs: set[str]) -> set[str]:
    return {n.name for n in extraction.nodes if n.ref in refs}


def _exact_sum(values: list[Any]) -> Decimal:
    return sum((Decimal(repr(v)) for v in values), Decimal(0))


def _ids(funds: list[EdgeRecord]) -> set[str]:
    return {edge_id(f, f.start, f.end, "doc") for f in funds}


def test_a_donor_list_is_split_evenly_without_duplicates_or_empty_parts(tmp_path: Path) -> None:
    text = (
        "Donor,Project code,Amount,Currency,Year\n"
        "Velmora Fund| Ostrand |Velmora Fund||,P-1,100,USD,2019\n"
    )
    extraction, errors = _read(tmp_path, text, {"split": {"donor": {"separator": "|"}}})
    assert errors == []
    funds = _funds(extraction)
    assert _names(extraction, {f.start for f in funds}) == {"Velmora Fund", "Ostrand"}
    assert [f.props["amount"] for f in funds] == [50.0, 50.0]
    for f in funds:
        assert f.props["share"] == 0.5 and f.props["total_amount"] == 100.0
        assert f.props["split_by"] == ["donor"] and f.props["amount_usd"] == 50.0
    assert len(_ids(funds)) == 2


def test_slices_sum_exactly_to_the_amount_and_have_distinct_ids(tmp_path: Path) -> None:
    text = (
        "Donor,Country,Sector,Project code,Amount,Currency,Year\n"
        'Ostrand|Velmora Fund|Kessig Trust,"KAZ,KGZ,TJK","16063,13040",P-2,1000.01,EUR,2018\n'
    )
    spec = {
        "split": {
            "donor": {"separator": "|"},
            "country": {"separator": ","},
            "sector": {"separator": ","},
        }
    }
    extraction, errors = _read(tmp_path, text, spec)
    assert errors == []
    funds = _funds(extraction)
    assert len(funds) == 3 * 3 * 2
    assert _exact_sum([f.props["amount"] for f in funds]) == Decimal("1000.01")
    assert len(_ids(funds)) == len(funds)
    assert {f.props["split_by"] == ["donor", "country", "sector"] for f in funds} == {True}
    assert {f.props["country"] for f in funds} == {"KAZ", "KGZ", "TJK"}
    assert {f.props["sector"] for f in funds} == {"16063", "13040"}
    usd = [f.props["amount_usd"] for f in funds]
    total_usd = next(iter({f.props["total_amount"] for f in funds}))
    assert total_usd == 1000.01 and all(u > 0 for u in usd)


def test_percentages_from_a_column_share_the_amount(tmp_path: Path) -> None:
    text = (
        "Donor,Country,Country shares,Project code,Amount,Currency\n"
        'Ostrand,"KAZ,UZB,KAZ","60,30,10",P-3,1000,USD\n'
        'Ostrand,"KAZ,UZB","60,30",P-4,1000,USD\n'
        'Ostrand,"KAZ,UZB","99.6",P-5,1000,USD\n'
        'Ostrand,"KAZ,UZB","60,lots",P-6,1000,USD\n'
        'Ostrand,"KAZ,UZB","60.2,39.6",P-7,1000,USD\n'
    )
    spec = {"split": {"country": {"separator": ",", "share": {"column": "Country shares"}}}}
    extraction, errors = _read(tmp_path, text, spec)
    by_row = {e.row: e for e in errors}
    assert sorted(by_row) == [3, 4, 5]
    assert all(e.field == "Country" for e in errors)
    assert "add up to 90, not 100" in str(by_row[3])
    assert "2 country parts but 1 percentages" in str(by_row[4])
    assert "'lots'" in str(by_row[5])
    funds = _funds(extraction)
    p3 = {f.props["country"]: f.props["amount"] for f in funds if f.props["total_amount"] == 1000}
    assert len(funds) == 4
    # A country named twice adds its percentages; 60.2 + 39.6 is within 0.5 of 100.
    shares = sorted((f.props["country"], f.props["share"]) for f in funds)
    assert shares[:2] == [("KAZ", pytest.approx(60.2 / 99.8)), ("KAZ", 0.7)]
    assert set(p3) == {"KAZ", "UZB"}
    assert "Country shares" not in [e.field for e in errors]


def test_share_none_links_every_part_and_does_not_slice(tmp_path: Path) -> None:
    text = (
        "Donor,Country,Sector,Implementer,Project code,Amount,Currency\n"
        'Ostrand,"KAZ;KGZ","16063;15210","Lumen Aid/ Corvel Partners",P-8,900,USD\n'
    )
    spec = {
        "split": {
            "country": {"separator": ";", "share": "none"},
            "sector": {"separator": ";", "share": "none"},
            "implementer": {"separator": "/"},
        }
    }
    extraction, errors = _read(tmp_path, text, spec)
    assert errors == []
    (funds,) = _funds(extraction)
    assert funds.props["amount"] == 900.0
    assert not {"country", "sector", "share", "split_by"} & set(funds.props)
    rels = {(e.type, e.end) for e in extraction.edges}
    assert {(RelType.IN_COUNTRY, "country:KAZ"), (RelType.IN_COUNTRY, "country:KGZ")} <= rels
    assert {(RelType.IN_SECTOR, "sector:16063"), (RelType.IN_SECTOR, "sector:15210")} <= rels
    implementers = {e.end for e in extraction.edges if e.type is RelType.IMPLEMENTED_BY}
    assert _names(extraction, implementers) == {"Lumen Aid", "Corvel Partners"}


def test_a_pattern_keeps_names_that_contain_the_separator(tmp_path: Path) -> None:
    text = (
        "Donor,Cluster,Project code,Amount,Currency\n"
        'Ostrand,"Housing, Land and Property,Protection",P-9,10,USD\n'
    )
    spec = {"columns": {"Cluster": "sector"}, "split": {"sector": {"pattern": ",(?! )"}}}
    extraction, errors = _read(tmp_path, text, spec)
    assert errors == []
    sectors = {f.props["sector"]: f.props["amount"] for f in _funds(extraction)}
    assert sectors == {"Housing, Land and Property": 5.0, "Protection": 5.0}


def test_an_unknown_part_is_refused_by_itself(tmp_path: Path) -> None:
    text = 'Donor,Country,Project code,Amount,Currency\nOstrand,"KAZ,Zembla,TJK,Qarn",P-10,10,USD\n'
    extraction, errors = _read(tmp_path, text, {"split": {"country": {"separator": ","}}})
    assert _funds(extraction) == []
    assert [(e.row, e.field, e.value) for e in errors] == [
        (2, "Country", "Zembla"),
        (2, "Country", "Qarn"),
    ]
    assert "unknown country or region" in str(errors[0])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"split": {"donor": {"separator": "|", "share": "none"}}}, "a funding has one donor"),
        ({"split": {"year": {"separator": ","}}}, "split: year: only donor, country"),
        ({"split": {"country": {"separator": ",", "pattern": ","}}}, "exactly one of"),
        ({"split": {"country": {}}}, "exactly one of"),
        ({"split": {"country": {"pattern": "(,"}}}, "is not a regular expression"),
        ({"split": {"country": {"pattern": ",?"}}}, "matches the empty text"),
        ({"split": {"country": {"separator": ",", "by": "x"}}}, "unknown key(s) 'by'"),
        ({"split": {"country": {"separator": ",", "share": "half"}}}, "share must be evenly"),
        ({"split": {"implementer": {"separator": ",", "share": "evenly"}}}, "not part of"),
        ({"split": {"country": ","}}, "give a separator or a pattern"),
        ({"columns": {"Land": "country"}, "splits": {}}, "unknown top-level key(s) 'splits'"),
        ({"columns": {"Land": "country"}, "defaults": {"currancy": "EUR"}}, "'currancy'"),
        ({"defaults": {"project_code": "x:{flow}"}}, "{flow}"),
        ({"columns": {"Land": "nation"}}, "unknown field 'nation'"),
    ],
)
def test_bad_mappings_are_refused_naming_what_is_wrong(
    tmp_path: Path, spec: dict[str, Any], message: str
) -> None:
    with pytest.raises(ReadError) as err:
        load_mapping(_mapping(tmp_path, spec))
    assert message in str(err.value)
    assert str(tmp_path / "mapping.yaml") in str(err.value)


def test_a_share_column_the_table_lacks_refuses_the_file(tmp_path: Path) -> None:
    spec = {"split": {"donor": {"separator": "|", "share": {"column": "Donor shares"}}}}
    with pytest.raises(ReadError, match="'Donor shares', which the table does not have"):
        _read(tmp_path, "Donor,Project code,Amount,Currency\nOstrand,P-1,5,USD\n", spec)


def test_flow_ids_keep_equal_flows_apart_and_the_new_fields_reach_the_graph(
    tmp_path: Path,
) -> None:
    text = (
        "Flow ID,Donor,Date,Boundary,IATI identifier,Amount,Currency,USD equivalent,Status\n"
        "F-1,Ostrand,2017-05-04,internal,XM-OST-0001,800,EUR,910.5,paid\n"
        "F-2,Ostrand,2017-05-04,internal,XM-OST-0001,800,EUR,910.5,paid\n"
        "F-3,Ostrand,2017-05-04,sideways,XM-OST-0001,800,EUR,,paid\n"
        "F-4,Ostrand,04.05.2017,incoming,XM-OST-0001,800,EUR,,granted\n"
    )
    extraction, errors = read_contributions(_table(tmp_path, text))
    assert [(e.row, e.field) for e in errors] == [(4, "Boundary"), (5, "Status")]
    assert "use incoming, internal, outgoing" in str(errors[0])
    assert f"use {', '.join(KINDS)}" in str(errors[1])
    funds = _funds(extraction)
    assert [f.props["flow_id"] for f in funds] == ["F-1", "F-2"]
    assert len(_ids(funds)) == 2
    for f in funds:
        assert f.props["date"] == "2017-05-04" and f.props["year"] == 2017
        assert f.props["onward"] is True and f.props["boundary"] == "internal"
        assert f.props["amount_usd"] == 910.5 and f.props["kind"] == "disbursement"
    (project,) = [n for n in extraction.nodes if n.label is Label.PROJECT]
    assert project.props["iati_identifier"] == "XM-OST-0001"
    assert project.props["code"] == "XM-OST-0001"


def test_a_default_can_name_another_field(tmp_path: Path) -> None:
    text = "Ref,Giver,Amount,Project\nR7,Ostrand,5,\nR8,Ostrand,5,Well repair\n"
    spec = {
        "columns": {"Ref": "flow_id", "Giver": "donor", "Project": "project_code"},
        "defaults": {"currency": "USD", "project_code": "flow:{flow_id}"},
    }
    extraction, errors = _read(tmp_path, text, spec)
    assert errors == []
    codes = sorted(n.props["code"] for n in extraction.nodes if n.label is Label.PROJECT)
    assert codes == ["Well repair", "flow:R7"]


def test_allocate_shares_in_whole_units_by_largest_remainder() -> None:
    from fractions import Fraction

    thirds = [Fraction(1, 3)] * 3
    assert allocate(100.0, thirds) == [33.34, 33.33, 33.33]
    assert _exact_sum(allocate(0.1, thirds)) == Decimal("0.1")
    assert allocate(7.125, [Fraction(1, 2)] * 2) == [3.563, 3.562]
