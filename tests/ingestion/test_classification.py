from pathlib import Path

import pytest

from graphhub.model import PUBLIC, RESTRICTED
from ingestion.classification import (
    DECLARED,
    DEFAULT,
    FOLDER_FILE,
    MARKER,
    classify,
    find_marker,
    folder_declaration,
    strictest,
)
from ingestion.errors import IngestionError


@pytest.mark.parametrize(
    "text",
    [
        "FOR OFFICIAL USE ONLY\n\nNote on the Osh remittance network",
        "Memo 14/2013 (FOUO)\nSubject: transfers",
        "Classification: restricted\n\nNote",
        "CONFIDENTIAL\nTo: the head of unit",
        "Confidential\nTo: the head of unit",
        "Strictly confidential: transfers of the Vakhsh group",
        "LIMITED DISTRIBUTION\nReport of the meeting",
        "Not for public release. Draft findings.",
        "Law enforcement sensitive\nSummary",
        "FIU analysis note 14/2013\nSubject: transfers",
        "Suspicious transaction report no. 4411",
        "Ref. STR 2014/55 of the unit",
        "Handling: TLP:AMBER\nSummary of the case",
    ],
)
def test_markers_raise_a_document_to_restricted(text: str) -> None:
    assert find_marker(text) is not None
    decided = classify(text, PUBLIC)
    assert (decided.classification, decided.reason) == (RESTRICTED, MARKER)


@pytest.mark.parametrize(
    "text",
    [
        "Donor update, third quarter 2012\n\nThe project restricted its work to two provinces.",
        "Ongoing projects of the regional office",
        "The strength of the programme lies in its str-ong partners; the sar dialect.",
        "Funding was confidential until the donors agreed to publish it, the report says.",
    ],
)
def test_ordinary_words_are_no_markers(text: str) -> None:
    assert find_marker(text) is None
    assert classify(text, PUBLIC).classification == PUBLIC


def test_a_marker_in_the_footer_counts() -> None:
    text = "Summary of the case\n" + "Lorem ipsum dolor sit amet. " * 400 + "\nFOUO\n"
    assert find_marker(text) == "FOUO"


def test_nobody_declared_means_restricted() -> None:
    decided = classify("Ongoing projects of the regional office", None)
    assert (decided.classification, decided.reason) == (RESTRICTED, DEFAULT)
    assert decided.label == "restricted (default)"
    assert classify("Ongoing projects", RESTRICTED).reason == DECLARED
    assert classify("Ongoing projects", "Public").label == "public (declared)"


def test_markers_never_lower_a_declaration() -> None:
    assert classify("Classification: public\nNotes", RESTRICTED).classification == RESTRICTED


def test_an_unknown_classification_is_refused() -> None:
    with pytest.raises(IngestionError, match="unknown classification"):
        classify("text", "secret-ish")


def test_folder_file_declares_the_documents_under_it(tmp_path: Path) -> None:
    public = tmp_path / "public"
    (public / "deeper").mkdir(parents=True)
    (public / FOLDER_FILE).write_text("public\n", encoding="utf-8")
    doc = public / "deeper" / "note.txt"
    doc.write_text("x", encoding="utf-8")
    assert folder_declaration(doc, tmp_path) == PUBLIC
    (public / "deeper" / FOLDER_FILE).write_text("restricted", encoding="utf-8")
    assert folder_declaration(doc, tmp_path) == RESTRICTED  # the nearest file applies
    other = tmp_path / "other.txt"
    other.write_text("x", encoding="utf-8")
    assert folder_declaration(other, tmp_path) is None
    (public / FOLDER_FILE).write_text("publik", encoding="utf-8")
    (public / "deeper" / FOLDER_FILE).unlink()
    with pytest.raises(IngestionError, match="classification file"):
        folder_declaration(doc, tmp_path)


def test_folder_search_stops_at_the_root_given(tmp_path: Path) -> None:
    (tmp_path / FOLDER_FILE).write_text("public", encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    doc = root / "a.txt"
    doc.write_text("x", encoding="utf-8")
    assert folder_declaration(doc, root) is None
    assert folder_declaration(doc, tmp_path) == PUBLIC


def test_the_stricter_declaration_wins() -> None:
    assert strictest(PUBLIC, RESTRICTED) == RESTRICTED
    assert strictest(None, PUBLIC) == PUBLIC
    assert strictest(None, None) is None
