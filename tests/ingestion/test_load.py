"""Structured sources into the real Neo4j: tables, IATI XML and FtM, each file one document."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC, RESTRICTED
from ingestion.load import load_file
from ingestion.run import ERROR_COLUMNS, Run

pytestmark = pytest.mark.neo4j

TABLE = """\
Donor,Recipient Country,Project ID,Project Title,Sector,Amount,Currency,Year,Type
Government of Japan,Kyrgyzstan,KGZ/K50,Border control,16063,"1,250,000",USD,2012,Commitment
European Union,TJK,TAJ/K45,Border management,16063,"2.000.000,50",EUR,2013,disbursement
,Tajikistan,TAJ/K45,Border management,16063,500000,USD,2013,commitment
Norway,Kazakhstan,XAC/K22,Liaison offices,16063,lots,USD,2011,pledge
Sweden,Uzbekistan,UZB/K25,Prison health,13040,300000,ZZZ,2014,commitment
Finland,Kyrgyzstan,KGZ/K50,Border control,16063,400000,EUR,2013,commitment
"""

IATI = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XM-DAC-41114-KGZK50</iati-identifier>
  <title><narrative>Border control in the Kyrgyz Republic</narrative></title>
  <participating-org ref="XM-DAC-302" role="1"><narrative>United States</narrative>
  </participating-org>
  <participating-org ref="XM-DAC-41114" role="4"><narrative>UNODC</narrative>
  </participating-org>
  <recipient-country code="KG" percentage="100"/>
  <sector vocabulary="1" code="16063" percentage="100"/>
  <transaction><transaction-type code="2"/>
   <value value-date="2012-02-01">900000</value>
   <provider-org ref="XM-DAC-302"><narrative>United States</narrative></provider-org>
  </transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XM-DAC-41114-TAJK45</iati-identifier>
  <title><narrative>Tajik-Afghan border</narrative></title>
  <participating-org ref="XM-DAC-302" role="1"><narrative>United States</narrative>
  </participating-org>
  <recipient-country code="TJ"/>
  <transaction><transaction-type code="2"/>
   <value value-date="2013-02-01">oops</value>
  </transaction>
  <transaction><transaction-type code="2"/>
   <value value-date="2013-03-01">250000</value>
  </transaction>
 </iati-activity>
</iati-activities>
"""

FTM: list[dict[str, Any]] = [
    {"id": "p-1", "schema": "Person", "properties": {"name": ["Marat Iskakov"], "country": ["kz"]}},
    {"id": "p-2", "schema": "Person", "properties": {"name": ["Marat Iskakov"]}},
    {"id": "c-1", "schema": "Company", "properties": {"name": ["Nomad Fruit LLP"]}},
    {
        "id": "pay-1",
        "schema": "Payment",
        "properties": {
            "payer": ["p-1"],
            "beneficiary": ["c-1"],
            "amount": ["15000"],
            "currency": ["USD"],
            "date": ["2012-04-02"],
        },
    },
    {"id": "addr-1", "schema": "Address", "properties": {"full": ["Almaty"]}},
]


def _counts(driver: neo4j.Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels",
        database_=database,
    )
    return int(records[0]["nodes"]), int(records[0]["rels"])


def _value(driver: neo4j.Driver, database: str, query: str, **params: Any) -> Any:
    records, _, _ = driver.execute_query(query, params, database_=database)
    return records[0][0]


def test_a_table_with_bad_rows_loads_the_good_ones_and_writes_the_errors_file(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = tmp_path / "contributions.csv"
    path.write_text(TABLE, encoding="utf-8")
    run = Run.start(driver, database, tmp_path / "state", "test")
    report = load_file(driver, database, "contributions", path, run=run, classification=PUBLIC)
    run.finish(driver, database)

    assert report.status == "written" and report.bad_records == 3
    assert report.edges["FUNDS"] == 3
    funds = _value(driver, database, "MATCH ()-[f:FUNDS]->() RETURN count(f)")
    assert funds == 3
    usd = _value(
        driver,
        database,
        "MATCH (:Organization {name: 'European Union'})-[f:FUNDS]->() RETURN f.amount_usd",
    )
    assert 2_000_000.5 < usd < 3_500_000  # EUR converted at the 2013 rate

    with run.errors_file.path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == ERROR_COLUMNS
    assert {(r["row"], r["column"]) for r in rows} == {
        ("4", "Donor"),
        ("5", "Amount"),
        ("6", "Currency"),
    }
    assert all(r["file"] == str(path) and r["reason"] for r in rows)
    assert run.errors_file.path.parent == run.summary_path.parent
    summary = json.loads(run.summary_path.read_text(encoding="utf-8"))
    assert summary["counts"]["bad_records"] == 3
    stored = _value(
        driver, database, "MATCH (r:IngestRun {id: $id}) RETURN r.bad_records", id=run.run_id
    )
    assert stored == 3 and run.failed


def test_loading_an_unchanged_file_again_changes_nothing(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    table, iati, ftm = tmp_path / "t.csv", tmp_path / "a.xml", tmp_path / "e.ijson"
    table.write_text(TABLE, encoding="utf-8")
    iati.write_text(IATI, encoding="utf-8")
    ftm.write_text("".join(json.dumps(e) + "\n" for e in FTM), encoding="utf-8")
    first = [
        load_file(driver, database, "contributions", table, classification=PUBLIC),
        load_file(driver, database, "iati", iati, classification=PUBLIC),
        load_file(driver, database, "ftm", ftm),
    ]
    assert [r.status for r in first] == ["written"] * 3
    before = _counts(driver, database)
    again = [
        load_file(driver, database, "contributions", table, classification=PUBLIC),
        load_file(driver, database, "iati", iati, classification=PUBLIC),
        load_file(driver, database, "ftm", ftm),
    ]
    assert [r.status for r in again] == ["unchanged"] * 3
    assert _counts(driver, database) == before


def test_an_iati_file_is_one_document_with_all_its_activities(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = tmp_path / "activities.xml"
    path.write_text(IATI, encoding="utf-8")
    report = load_file(driver, database, "iati", path, classification=PUBLIC)
    assert report.status == "written" and report.records == 2 and report.bad_records == 1
    docs = _value(driver, database, "MATCH (d:Document {kind: 'iati'}) RETURN count(d)")
    assert docs == 1
    # One United States across both activities (same IATI org ref), funding two projects.
    funded = _value(
        driver,
        database,
        "MATCH (o:Organization {iati_ref: 'XM-DAC-302'})-[:FUNDS]->(p:Project) "
        "RETURN count(DISTINCT p)",
    )
    assert funded == 2
    usa = _value(
        driver, database, "MATCH (o:Organization {iati_ref: 'XM-DAC-302'}) RETURN count(o)"
    )
    assert usa == 1


def test_broken_xml_keeps_the_activities_before_the_break(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = tmp_path / "broken.xml"
    cut = IATI.index(" <iati-activity default-currency", 100)
    path.write_text(IATI[:cut] + " <iati-activity><iati-identifier>X</iati", encoding="utf-8")
    report = load_file(driver, database, "iati", path, classification=PUBLIC)
    assert report.status == "failed" and report.failure is not None
    assert "broken XML" in report.failure and "1 activities before it" in report.failure
    projects = _value(driver, database, "MATCH (p:Project) RETURN count(p)")
    assert projects == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "file is empty"),
        (
            "latin.csv",
            ("Donor,Amount,Currency\nÖsterreich,5,EUR\n" * 400).encode("latin-1"),
            "UTF-8",
        ),
        ("empty.xml", b"", "file is empty"),
        ("broken.xml", b"<iati-activities><iati-activity>", "broken XML"),
        ("other.xml", b"<html><body/></html>", "not an IATI activity file"),
        ("notftm.ijson", b"Donor,Amount\nA,1\n", "not FollowTheMoney"),
    ],
)
def test_unusable_files_fail_with_a_reason_and_load_nothing(
    driver: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
    name: str,
    content: bytes,
    reason: str,
) -> None:
    database = neo4j_settings.neo4j_database
    path = tmp_path / name
    path.write_bytes(content)
    fmt = {".csv": "contributions", ".xml": "iati", ".ijson": "ftm"}[path.suffix]
    report = load_file(driver, database, fmt, path)
    assert report.status == "failed"
    assert report.failure is not None and reason in report.failure
    assert str(path) in report.failure
    assert _counts(driver, database) == (0, 0)


def test_an_oversize_file_is_refused_before_reading(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(TABLE * 50, encoding="utf-8")
    report = load_file(
        driver,
        neo4j_settings.neo4j_database,
        "contributions",
        path,
        max_bytes=1024,
        classification=PUBLIC,
    )
    assert report.status == "failed" and report.failure is not None
    assert "more than the 1,024" in report.failure


def test_ftm_entities_keep_their_identity(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = tmp_path / "entities.ijson"
    path.write_text("".join(json.dumps(e) + "\n" for e in FTM), encoding="utf-8")
    run = Run.start(driver, database, tmp_path / "state", "test")
    report = load_file(driver, database, "ftm", path, run=run)
    assert report.status == "written" and report.bad_records == 1  # the Address
    # Two FtM persons with one name stay two: the source said they are different.
    persons = _value(driver, database, "MATCH (p:Person) RETURN count(p)")
    assert persons == 2
    restricted = _value(
        driver,
        database,
        "MATCH (n:Entity) WHERE n.classification = $c RETURN count(n)",
        c=RESTRICTED,
    )
    assert restricted == 3
    amount = _value(driver, database, "MATCH ()-[t:TRANSFER]->() RETURN t.amount_usd")
    assert amount == 15000.0


@pytest.mark.shared_data
def test_the_iati_examples_load_into_the_graph(
    driver: neo4j.Driver, neo4j_settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    folder = shared_data / "external" / "iati" / "examples"
    files = sorted(p for p in folder.rglob("*.xml") if not p.name.startswith("organisation-"))
    run = Run.start(driver, database, tmp_path / "state", "conformance")
    reports = [
        load_file(driver, database, "iati", p, run=run, classification=PUBLIC) for p in files
    ]
    run.finish(driver, database)
    by_name = {Path(r.path).name: r for r in reports}
    for report in reports:
        assert report.status in ("written", "failed"), report
        if Path(report.path).parent.name == "real_v1":
            assert report.status == "written" and report.bad_records == 0, report
    assert by_name["activity-standard-example-annotated-v2.03.xml"].status == "written"
    documents = _value(driver, database, "MATCH (d:Document {kind: 'iati'}) RETURN count(d)")
    assert documents == sum(r.status == "written" for r in reports)
    projects = _value(driver, database, "MATCH (p:Project) RETURN count(p)")
    assert projects >= 190
    funds = _value(driver, database, "MATCH (:Organization)-[f:FUNDS]->(:Project) RETURN count(f)")
    assert funds > 0
    # Every FUNDS edge points back to a document of this run.
    orphans = _value(
        driver,
        database,
        "MATCH ()-[f:FUNDS]->() WHERE NOT EXISTS { MATCH (d:Document) WHERE d.id IN f.sources } "
        "RETURN count(f)",
    )
    assert orphans == 0


GERMAN = """\
Geber,Land,Projekt,Summe,Waehrung,Jahr
Government of Japan,Tajikistan,TAJ/K45,1500000,USD,2013
European Union,Kyrgyzstan,KGZ/K50,2000000,EUR,2014
"""
WRONG = (
    "columns:\n  Geber: donor\n  Land: country\n  Projekt: project_code\n"
    "  Summe: year\n  Waehrung: amount\n  Jahr: currency\n"
)
RIGHT = (
    "columns:\n  Geber: donor\n  Land: country\n  Projekt: project_code\n"
    "  Summe: amount\n  Waehrung: currency\n  Jahr: year\n"
)


def test_a_retried_load_with_a_corrected_mapping_replaces_the_first(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    table, wrong, right = tmp_path / "geber.csv", tmp_path / "wrong.yaml", tmp_path / "right.yaml"
    table.write_text(GERMAN, encoding="utf-8")
    wrong.write_text(WRONG, encoding="utf-8")
    right.write_text(RIGHT, encoding="utf-8")
    run = Run.start(driver, database, tmp_path / "state", "test")
    first = load_file(driver, database, "contributions", table, mapping=wrong, run=run)
    assert first.status == "written" and first.records == 2
    # Every problem of each row in one pass, not only the first one.
    with run.errors_file.path.open(encoding="utf-8", newline="") as handle:
        found = [(r["row"], r["column"]) for r in csv.DictReader(handle)]
    # amount (mapped to Waehrung), currency (Jahr) and year (Summe) of both rows
    expected = [(row, column) for row in ("2", "3") for column in ("Waehrung", "Jahr", "Summe")]
    assert found == expected
    assert _value(driver, database, "MATCH ()-[f:FUNDS]->() RETURN count(f)") == 0

    second = load_file(driver, database, "contributions", table, mapping=right)
    assert second.status == "replaced" and second.bad_records == 0
    assert second.doc_id != first.doc_id
    funds = driver.execute_query(
        "MATCH (o:Organization)-[f:FUNDS]->(p:Project) "
        "RETURN o.name AS donor, f.amount AS amount, f.year AS year ORDER BY donor",
        database_=database,
    ).records
    assert [tuple(r) for r in funds] == [
        ("European Union", 2_000_000, 2014),
        ("Government of Japan", 1_500_000, 2013),
    ]
    current = _value(driver, database, "MATCH (d:Document {current: true}) RETURN collect(d.id)")
    assert current == [second.doc_id]
    assert (
        _value(
            driver,
            database,
            "MATCH (:Document {id: $new})-[:SUPERSEDES]->(old:Document) RETURN old.id",
            new=second.doc_id,
        )
        == first.doc_id
    )
    # The same mapping again, even from another file: nothing to do.
    copy = tmp_path / "copy.yaml"
    copy.write_text(RIGHT, encoding="utf-8")
    assert load_file(driver, database, "contributions", table, mapping=copy).status == "unchanged"


BAD_VALUES = """\
Donor,Country,Project code,Sector,Amount,Currency,Year
Japan,Tajikistan,TAJ/K45,16063,-250000,USD,2013
Japan,Tajikistan,TAJ/K45,16063,100000000000000000000000000,USD,2013
Japan,Tajikistan,TAJ/K45,16063,0,USD,2013
Japan,Tajikistan,TAJ/K45,99999,250000,USD,2013
Japan,Tajikistan,TAJ/K45,16063,250000,USD,2015-13-45
Japan,Tajikistan,TAJ/K45,16063,250000,USD,2015-03-31
"""


def test_bad_values_are_refused_with_row_field_and_reason(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = tmp_path / "values.csv"
    path.write_text(BAD_VALUES, encoding="utf-8")
    run = Run.start(driver, database, tmp_path / "state", "test")
    report = load_file(driver, database, "contributions", path, run=run)
    with run.errors_file.path.open(encoding="utf-8", newline="") as handle:
        found = [(r["row"], r["column"], r["reason"]) for r in csv.DictReader(handle)]
    assert found == [
        ("2", "Amount", "amount is negative; an amount must be more than 0"),
        (
            "3",
            "Amount",
            "amount 1e+26 is not plausible (amounts must be under 1e13 in their currency)",
        ),
        ("4", "Amount", "amount is 0; an amount must be more than 0"),
        ("5", "Sector", "unknown DAC sector code (not in the DAC purpose-code list)"),
        ("6", "Year", "'2015-13-45' is not a valid date (expected YYYY-MM-DD)"),
    ]
    assert report.edges["FUNDS"] == 1
    assert _value(driver, database, "MATCH (s:Sector) RETURN collect(s.code)") == ["16063"]


def test_too_many_columns_or_an_over_long_cell_are_named_with_the_limit(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    from ingestion.readers.limits import ReadLimits

    database = neo4j_settings.neo4j_database
    wide = tmp_path / "wide.csv"
    wide.write_text(
        ",".join(["Donor", "Amount", *(f"c{n}" for n in range(10))])
        + "\n"
        + ",".join(["Japan", "100", *("x" * 10)])
        + "\n",
        encoding="utf-8",
    )
    limits = ReadLimits(max_columns=8, max_field_chars=50)
    report = load_file(driver, database, "contributions", wide, limits=limits)
    assert report.status == "failed"
    assert report.failure == (
        f"{wide}: table has 12 columns, over the limit of 8 (GRAPHHUB_MAX_COLUMNS)"
    )
    long = tmp_path / "long.csv"
    long.write_text(
        f"Donor,Project code,Amount,Currency\n{'J' * 51},TAJ/K45,100,USD\nJapan,TAJ/K45,100,USD\n",
        encoding="utf-8",
    )
    run = Run.start(driver, database, tmp_path / "state", "test")
    report = load_file(driver, database, "contributions", long, run=run, limits=limits)
    assert report.status == "written" and report.edges["FUNDS"] == 1
    assert run.errors_file.first == [
        f"{long} row 2, column 'Donor': cell is 51 characters, over the limit of 50 "
        "(GRAPHHUB_MAX_FIELD_CHARS)"
    ]


def test_a_bad_byte_past_the_first_megabyte_of_an_ftm_file_fails_its_line_only(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = tmp_path / "late.ijson"
    line = json.dumps(FTM[2]) + "\n"
    copies = 2 * 1024 * 1024 // len(line)
    with path.open("wb") as handle:
        handle.write(line.encode() * copies)
        bad = b'{"id": "x", "schema": "Person", "properties": {"name": ["\xe9"]}}\n'
        handle.write(bad)
        handle.write(json.dumps(FTM[0]).encode() + b"\n")
    run = Run.start(driver, database, tmp_path / "state", "test")
    report = load_file(driver, database, "ftm", path, run=run)
    run.finish(driver, database)
    assert report.status == "written"
    assert run.errors_file.first == [
        f"{path} row {copies + 1}: not UTF-8 text (bad byte at column {bad.index(0xE9) + 1})"
    ]
    names = _value(driver, database, "MATCH (n:Person|Company) RETURN collect(n.name)")
    assert sorted(names) == ["Marat Iskakov", "Nomad Fruit LLP"]
