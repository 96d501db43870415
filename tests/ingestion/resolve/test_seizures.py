"""The same seizure reported by several documents is one node with every source."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from graphhub.model import PUBLIC, Label
from ingestion.extract.pipeline import extract_text
from ingestion.load import LoadOptions, load
from ingestion.records import NodeRecord
from ingestion.resolve.seizures import natural_key, seizure_id

DB = "neo4j"


def _record(**props: object) -> NodeRecord:
    return NodeRecord(Label.SEIZURE, "seizure:x", "seizure", props=dict(props))


def test_the_key_reads_tons_and_kilograms_alike_and_tells_quantities_apart() -> None:
    tons = _record(drug="heroin", quantity_kg=1200.0, date="2009-03-16")
    kilos = _record(drug="heroin", quantity_kg=1200, date="2009-03-16")
    other = _record(drug="heroin", quantity_kg=1201.0, date="2009-03-16")
    assert natural_key(tons.props, "country:TJK", None) == natural_key(
        kilos.props, "country:TJK", None
    )
    assert seizure_id(tons, "a", "country:TJK", None) == seizure_id(kilos, "b", "country:TJK", None)
    assert seizure_id(tons, "a", "country:TJK", None) != seizure_id(other, "a", "country:TJK", None)
    # A month is not a day; another agency is another seizure.
    month = _record(drug="heroin", quantity_kg=1200.0, date="2009-03")
    assert seizure_id(month, "a", "country:TJK", None) != seizure_id(tons, "a", "country:TJK", None)
    assert seizure_id(tons, "a", "country:TJK", "org:x") != seizure_id(
        tons, "a", "country:TJK", "org:y"
    )


def test_an_undated_seizure_is_the_same_only_within_its_document() -> None:
    undated = _record(drug="opium", quantity_kg=95.0)
    assert seizure_id(undated, "a", "country:TJK", None) == seizure_id(
        undated, "a", "country:TJK", None
    )
    assert seizure_id(undated, "a", "country:TJK", None) != seizure_id(
        undated, "b", "country:TJK", None
    )


CASE = (
    "On 16 March 2009 the Drug Control Agency of Tajikistan seized 211 kg of heroin near Dushanbe."
)


@pytest.mark.model
def test_one_document_repeating_a_seizure_gives_one_record() -> None:
    text = "\n\n".join(f"Report {n}. {CASE}" for n in range(80))
    seizures = [n for n in extract_text(text, "t").nodes if n.label is Label.SEIZURE]
    assert len(seizures) == 1
    assert seizures[0].props["quantity_kg"] == 211.0
    assert 1 <= len(seizures[0].evidence) <= 8


@pytest.mark.neo4j
@pytest.mark.model
def test_reports_of_one_seizure_merge_and_different_seizures_stay_apart(
    driver: neo4j.Driver, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for number in range(3):
        (folder / f"copy{number}.txt").write_text(
            f"Weekly digest number {number + 1}\n\n{CASE}\n", encoding="utf-8"
        )
    (folder / "heavier.txt").write_text(
        "Weekly digest, corrected\n\n" + CASE.replace("211 kg", "212 kg") + "\n", encoding="utf-8"
    )
    (folder / "later.txt").write_text(
        "Weekly digest, April\n\n" + CASE.replace("16 March", "16 April") + "\n", encoding="utf-8"
    )
    summary = load(
        driver,
        DB,
        "documents",
        [folder],
        options=LoadOptions(max_bytes=1_000_000, classification=PUBLIC),
    )
    assert summary.errors == []
    assert summary.documents["written"] == 5

    rows = driver.execute_query(
        "MATCH (s:Seizure) OPTIONAL MATCH (d:Document)-[:MENTIONS]->(s) "
        "RETURN s.quantity_kg AS kg, s.date AS date, s.sources AS sources, "
        "collect(DISTINCT d.id) AS mentioned ORDER BY kg, date"
    )[0]
    found = [(r["kg"], r["date"], len(r["sources"]), len(r["mentioned"])) for r in rows]
    assert found == [
        (211.0, "2009-03-16", 3, 3),
        (211.0, "2009-04-16", 1, 1),
        (212.0, "2009-03-16", 1, 1),
    ]
    documents = driver.execute_query("MATCH (d:Document) RETURN d.id AS id")[0]
    same = next(r for r in rows if r["kg"] == 211.0 and r["date"] == "2009-03-16")
    assert set(same["sources"]) == set(same["mentioned"]) <= {r["id"] for r in documents}
    # Its agency edge carries every source too.
    edges = driver.execute_query(
        "MATCH (s:Seizure {quantity_kg: 211.0, date: '2009-03-16'})-[r:BY]->(o) "
        "RETURN o.acronym AS acronym, r.sources AS sources"
    )[0]
    assert [(r["acronym"], len(r["sources"])) for r in edges] == [("DCA", 3)]
