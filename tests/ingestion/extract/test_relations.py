from pathlib import Path

import pytest

from graphhub.model import RESTRICTED, Label, RelType
from ingestion.classification import find_marker
from ingestion.extract.pipeline import extract_text

DOCS = Path(__file__).parent / "docs"


@pytest.mark.model
def test_fiu_note_entities_transfers_and_relations() -> None:
    text = (DOCS / "fiu_note.txt").read_text(encoding="utf-8")
    assert find_marker(text) is not None
    extraction = extract_text(text, "note", RESTRICTED)
    names = {(n.label, n.name) for n in extraction.nodes}
    assert (Label.COMPANY, "Orzu Logistics LLC") in names
    assert (Label.PERSON, "Farrukh Nazarov") in names
    account = extraction.node("account:TJ55200011112222333" + "3")
    assert account is not None
    assert account.props["iban"] == "TJ5520001111222233" + "33"
    edges = {(e.type, e.start, e.end): e.props for e in extraction.edges}
    orzu, lotus = "company:orzu logistics llc", "company:lotus petrochem fze"
    transfer = edges[(RelType.TRANSFER, orzu, lotus)]
    assert (transfer["amount"], transfer["currency"], transfer["date"]) == (
        85_000.0, "USD", "2015-02-02")
    assert (RelType.OWNS, "person:farrukh nazarov", "company:orzu logistics llc") in edges
    assert (RelType.MEMBER_OF, "person:farrukh nazarov", "group:vakhsh network") in edges
    assert (RelType.HOLDS, "company:orzu logistics llc", account.ref) in edges
    finding = [n for n in extraction.nodes if n.label == Label.FINDING]
    assert len(finding) == 1
    assert finding[0].props["date"] == "2015-03-12"
    assert finding[0].props["summary"].startswith("The payments fit")
    assert all(n.classification == RESTRICTED for n in extraction.nodes)


@pytest.mark.model
def test_seizures_with_part_of_total() -> None:
    text = (DOCS / "seizure_report.txt").read_text(encoding="utf-8")
    extraction = extract_text(text, "seizures")
    seizures = sorted(
        (n.props["drug"], n.props["quantity_kg"], bool(n.props.get("part_of_total")))
        for n in extraction.nodes if n.label == Label.SEIZURE
    )
    assert seizures == [("drugs", 1317.0, False), ("hashish", 2500.0, False),
                        ("heroin", 349.0, True)]
    by = [e for e in extraction.edges if e.type == RelType.BY]
    assert by and all(e.end == "org:dca" for e in by)
