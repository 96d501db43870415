from pathlib import Path

import pytest

from graphhub.model import PUBLIC, RESTRICTED, Label, RelType
from ingestion.errors import IngestionError
from ingestion.extract.pipeline import extract_docs, extract_text
from ingestion.records import Extraction

DOCS = Path(__file__).parent / "docs"


def _sheet() -> str:
    return (DOCS / "project_sheet.txt").read_text(encoding="utf-8")


def _nodes(extraction: Extraction, label: Label) -> dict[str, dict[str, object]]:
    return {n.ref: n.props for n in extraction.nodes if n.label == label}


@pytest.mark.model
def test_project_sheet_records() -> None:
    extraction = extract_text(_sheet(), "sheet")
    projects = _nodes(extraction, Label.PROJECT)
    assert projects["project:XAC/K22"]["start_year"] == 2011
    assert projects["project:XAC/K22"]["end_year"] == 2014
    assert "northern route" in str(projects["project:XAC/K22"]["title"])
    orgs = {n.ref: n for n in extraction.nodes if n.label == Label.ORGANIZATION}
    caricc = orgs["org:caricc"]
    assert caricc.name.startswith("Central Asia Regional Information")
    assert caricc.props["acronym"] == "CARICC"
    assert len(caricc.evidence) >= 2
    assert orgs["org:dca"].props["country"] == "TJK"
    assert orgs["org:government of japan"].props["country"] == "JPN"
    countries = _nodes(extraction, Label.COUNTRY)
    assert {"country:TJK", "country:UZB", "country:KGZ"} <= set(countries)


@pytest.mark.model
def test_project_sheet_funding_and_figures() -> None:
    extraction = extract_text(_sheet(), "sheet")
    funds = {(e.start, e.end): e.props for e in extraction.edges if e.type == RelType.FUNDS}
    japan = funds[("org:government of japan", "project:XAC/K22")]
    assert (japan["amount"], japan["currency"], japan["kind"], japan["year"]) == (
        1_800_000.0, "USD", "pledge", 2012)
    eu = funds[("org:eu", "project:XAC/K22")]
    assert (eu["amount"], eu["currency"]) == (2_500_000.0, "EUR")
    figures = [n for n in extraction.nodes if n.label == Label.FIGURE]
    assert [(f.props["amount"], f.props["context"]) for f in figures] == [
        (70_000_000.0, "portfolio")]
    assert figures[0].props["approximate"] is True


@pytest.mark.model
def test_evidence_points_into_the_text() -> None:
    text = _sheet()
    extraction = extract_text(text, "sheet")
    for node in extraction.nodes:
        for ev in node.evidence:
            assert ev.doc_id == "sheet"
            assert 0 <= ev.start < ev.end <= len(text)
            assert text[ev.start:ev.end] in ev.sentence
            assert 0.0 < ev.confidence <= 1.0


@pytest.mark.model
def test_extract_docs_matches_extract_text() -> None:
    text = _sheet()
    single = extract_text(text, "a", RESTRICTED)
    batch = list(extract_docs([(text, "a", RESTRICTED), ("Nothing here.", "b", PUBLIC)]))
    assert [e.doc_id for e in batch] == ["a", "b"]
    assert [n.ref for n in batch[0].nodes] == [n.ref for n in single.nodes]
    assert all(n.classification == RESTRICTED for n in batch[0].nodes)
    assert all(e.classification == RESTRICTED for e in batch[0].edges)


@pytest.mark.model
def test_unknown_classification_is_refused() -> None:
    with pytest.raises(IngestionError, match="classification"):
        extract_text("Text.", "x", "secret")


@pytest.mark.model
def test_a_title_and_a_name_after_a_heading_stay_in_one_sentence() -> None:
    from ingestion.extract.pipeline import get_nlp

    doc = get_nlp()("Staff news\n\nMs. Dilbar Saidova joined the office in May.")
    person = next(e for e in doc.ents if e.label_ == "PERSON")
    assert person.text == "Dilbar Saidova"
    assert person.sent.text.startswith("Ms. Dilbar Saidova joined")


@pytest.mark.model
def test_evidence_quotes_lie_inside_their_sentence() -> None:
    text = ("FIU analysis note\n\nPamir Cargo LLC is owned by Timur Rakhimov.\n\n"
            "Timur Rakhimov is a member of the Vanj network.\n\n")
    extraction = extract_text(text, "note", RESTRICTED)
    evidences = [e for n in extraction.nodes for e in n.evidence]
    evidences += [e for edge in extraction.edges for e in edge.evidence]
    assert evidences
    for evidence in evidences:
        assert text[evidence.start: evidence.end] in evidence.sentence
