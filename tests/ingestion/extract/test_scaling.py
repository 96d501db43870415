"""Extraction rules take time linear in the length of a document: twice the text, about
twice the time (a rule scanning every entity per sentence would take four times)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from spacy.tokens import Doc

from graphhub.model import RESTRICTED
from ingestion.extract.pipeline import extract_doc, get_nlp, sector_matcher

ROOT = Path(__file__).resolve().parents[3]
# A project sheet, an FIU note and a seizure report: with the note's classification
# every rule runs (funding, projects, seizures, coreference, transfers, ties, figures).
BODY = "\n\n".join(
    (ROOT / path).read_text(encoding="utf-8")
    for path in ("demo/reports/project_taj_k45.txt", "tests/gold/fiu_note_karavan_trade.txt",
                 "demo/reports/seizure_report_tajikistan_2009.txt")
)
COPIES = 5  # about 27,000 characters; twice that is parsed as one document too


def _rules_seconds(doc: Doc) -> float:
    """CPU time of the rules on a parsed document, the best of three runs."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        extract_doc(doc, "doc", RESTRICTED)
        best = min(best, time.process_time() - start)
    print(f"rules: {best:.3f} s for {len(doc.text)} characters")
    return best


@pytest.mark.model
def test_twice_the_text_takes_about_twice_the_time() -> None:
    nlp = get_nlp()
    sector_matcher()
    once, twice = (nlp("\n\n".join([BODY] * n)) for n in (COPIES, 2 * COPIES))
    extract_doc(nlp(BODY), "warm-up", RESTRICTED)
    single, double = _rules_seconds(once), _rules_seconds(twice)
    assert single > 0.05, f"too small to measure: {single:.3f} s"
    ratio = double / single
    assert ratio < 2.6, f"rules took {single:.2f} s for x and {double:.2f} s for 2x ({ratio:.2f})"
