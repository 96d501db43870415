"""Long texts in sections: where the cuts fall, and records that do not depend on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphhub.model import PUBLIC, RESTRICTED, Label
from ingestion.extract.pipeline import extract_in_sections, extract_text
from ingestion.extract.sections import SECTION_CHARS, split_sections
from ingestion.records import Extraction

ROOT = Path(__file__).resolve().parents[3]
SHEET = (ROOT / "demo" / "reports" / "project_taj_k45.txt").read_text(encoding="utf-8")
NOTE = (ROOT / "tests" / "gold" / "fiu_note_karavan_trade.txt").read_text(encoding="utf-8")


def _joined(text: str, size: int) -> list[str]:
    sections = split_sections(text, size)
    assert "".join(s.text for s in sections) == text
    for section in sections:
        assert text[section.offset: section.offset + len(section.text)] == section.text
        assert len(section.text) <= size
    return [s.text for s in sections]


def test_a_short_text_is_one_section() -> None:
    assert _joined("One paragraph.\n\nAnother.", 100) == ["One paragraph.\n\nAnother."]
    assert split_sections("")[0].text == ""


def test_cuts_fall_after_the_last_blank_line_of_the_window() -> None:
    text = "\n\n".join(f"Paragraph {n} says something of length." for n in range(40))
    parts = _joined(text, 200)
    assert len(parts) > 1
    for part in parts[:-1]:
        assert part.endswith("\n\n") and len(part) >= 100
        assert part.startswith("Paragraph ")


def test_without_blank_lines_a_cut_falls_at_a_line_break_then_a_sentence_end() -> None:
    lines = "\n".join(f"Line {n} of a table." for n in range(60))
    assert all(p.endswith("\n") for p in _joined(lines, 150)[:-1])
    prose = " ".join(f"Sentence {n} ends here." for n in range(60))
    assert all(p.endswith(". ") for p in _joined(prose, 150)[:-1])


def test_text_without_any_break_is_cut_hard() -> None:
    words = "word " * 100
    assert all(p.endswith(" ") for p in _joined(words, 64)[:-1])
    solid = "x" * 1000
    assert _joined(solid, 64)[0] == "x" * 64


def test_sections_of_a_long_text_stay_within_spacy_limits() -> None:
    text = ("A paragraph of a long report. " * 30 + "\n\n") * 3000  # about 2.8 MB
    sections = split_sections(text)
    assert len(sections) > 20
    assert max(len(s.text) for s in sections) <= SECTION_CHARS < 1_000_000


def _facts(extraction: Extraction) -> set[tuple[str, str]]:
    """Nodes and edges by what they say, not by where they were found."""
    nodes = {(str(n.label), n.ref) for n in extraction.nodes if n.label is not Label.FIGURE}
    edges = {(str(e.type), f"{e.start}->{e.end}") for e in extraction.edges}
    return nodes | edges


@pytest.mark.model
@pytest.mark.parametrize(("body", "classification"), [(SHEET, PUBLIC), (NOTE, RESTRICTED)])
def test_records_from_sections_match_the_whole_text(body: str, classification: str) -> None:
    text = "\n\n".join([body] * 3)
    whole = extract_text(text, "doc", classification)
    parts = extract_in_sections(text, "doc", classification, section_chars=len(body) + 10)
    assert _facts(parts) == _facts(whole)
    # Offsets are the whole document's: every evidence quotes its own sentence.
    evidence_lists = [n.evidence for n in parts.nodes] + [e.evidence for e in parts.edges]
    for found in evidence_lists:
        assert found
        for evidence in found:
            quoted = text[evidence.start: evidence.end]
            assert quoted and quoted in evidence.sentence, evidence
    later = [e for n in parts.nodes for e in n.evidence if e.start > 2 * len(body)]
    assert later, "no evidence from the last section"


@pytest.mark.model
def test_the_title_project_is_seen_from_every_section() -> None:
    # A funding sentence far from the title names no project: it goes to the one the
    # document's first line names, also when it lies in a later section.
    title = "Project fact sheet: TAJ/E24\n\n"
    filler = "The office reviewed its work plan with the partners.\n\n" * 40
    funding = "The Government of Japan contributed USD 250,000 in 2012.\n"
    other = "A second project, KGZ/K50, is planned.\n\n"
    text = title + other + filler + funding
    parts = extract_in_sections(text, "doc", PUBLIC, section_chars=len(title + other) + 200)
    funds = {(e.start, e.end) for e in parts.edges if str(e.type) == "FUNDS"}
    assert funds == {("org:government of japan", "project:TAJ/E24")}
