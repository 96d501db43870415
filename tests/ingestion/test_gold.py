"""The extractor against the gold set in tests/gold: scores per record type and provenance."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graphhub.model import PUBLIC, RESTRICTED
from ingestion.classification import classify
from ingestion.evaluate import aggregate, below, format_table, load_expected, score
from ingestion.records import EdgeRecord, Evidence, Extraction, NodeRecord

GOLD = Path(__file__).resolve().parents[1] / "gold"
MIN_PRECISION = 0.85
MIN_RECALL = 0.75


@dataclass(frozen=True)
class GoldResult:
    """One gold document, what it should yield and what the extractor made of it."""

    name: str
    text: str
    expected: dict[str, Any]
    detected: str
    extraction: Extraction


def gold_names() -> list[str]:
    return sorted(path.name.removesuffix(".txt") for path in GOLD.glob("*.txt"))


@pytest.fixture(scope="module")
def results() -> list[GoldResult]:
    """Run the extractor once over every gold document."""
    try:
        pipeline = importlib.import_module("ingestion.extract.pipeline")
        extract_text = pipeline.extract_text
    except (ImportError, AttributeError) as exc:
        pytest.fail(
            f"the gold set needs ingestion.extract.pipeline.extract_text, which cannot be "
            f"imported yet: {exc}"
        )
    out = []
    for name in gold_names():
        text = (GOLD / f"{name}.txt").read_text(encoding="utf-8")
        expected = load_expected(GOLD / f"{name}.expected.yaml")
        # The gold set is ingested as a public corpus: its FIU notes are restricted by
        # their own markings.
        detected = classify(text, PUBLIC).classification
        out.append(GoldResult(name, text, expected, detected, extract_text(text, name, detected)))
    return out


def test_gold_set_is_complete() -> None:
    names = gold_names()
    assert len(names) >= 14
    classifications = [load_expected(GOLD / f"{n}.expected.yaml")["classification"] for n in names]
    assert classifications.count(RESTRICTED) >= 4, "fewer than four FIU notes"
    seizures = [n for n in names if load_expected(GOLD / f"{n}.expected.yaml")["seizures"]]
    assert len(seizures) >= 2, "fewer than two seizure reports"
    for name in names:
        assert (GOLD / f"{name}.expected.yaml").is_file(), f"{name}.txt has no expected records"
        load_expected(GOLD / f"{name}.expected.yaml")
    assert {p.name.removesuffix(".expected.yaml") for p in GOLD.glob("*.expected.yaml")} == set(
        names
    )


@pytest.mark.model
def test_scores_reach_the_bar(results: list[GoldResult]) -> None:
    per_doc = {r.name: score(r.extraction, r.expected) for r in results}
    total = aggregate(per_doc)
    print(f"\nGold set: {len(results)} documents\n{format_table(total)}")
    failing = list(below(total, MIN_PRECISION, MIN_RECALL))
    if failing:
        details: list[str] = []
        for kind in (line.split(":", 1)[0] for line in failing):
            details.extend(f"  missed {kind}: {item}" for item in total[kind].missed)
            details.extend(f"  spurious {kind}: {item}" for item in total[kind].spurious)
        pytest.fail(
            f"below precision {MIN_PRECISION} / recall {MIN_RECALL}:\n"
            + "\n".join(failing + details)
        )


@pytest.mark.model
def test_classification_is_detected(results: list[GoldResult]) -> None:
    wrong = [
        f"{r.name}: expected {r.expected['classification']}, detected {r.detected}"
        for r in results
        if r.detected != r.expected["classification"]
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.model
def test_records_of_restricted_notes_are_restricted(results: list[GoldResult]) -> None:
    restricted = [r for r in results if r.expected["classification"] == RESTRICTED]
    assert restricted, "the gold set has no restricted note"
    leaks = [
        f"{r.name}: {record}"
        for r in restricted
        for record in _records(r.extraction)
        if record.classification != RESTRICTED
    ]
    assert not leaks, "records of restricted notes not marked restricted:\n" + "\n".join(
        map(str, leaks[:20])
    )


def _records(extraction: Extraction) -> list[NodeRecord | EdgeRecord]:
    return [*extraction.nodes, *extraction.edges]


def _evidence_problem(text: str, evidence: Evidence) -> str | None:
    if not 0 <= evidence.start < evidence.end <= len(text):
        return f"span {evidence.start}:{evidence.end} outside the text"
    span = text[evidence.start : evidence.end]
    if span not in evidence.sentence:
        return f"sentence does not contain {span!r}"
    return None


@pytest.mark.model
def test_every_record_has_evidence_inside_the_text(results: list[GoldResult]) -> None:
    problems = []
    for r in results:
        for record in _records(r.extraction):
            if not record.evidence:
                problems.append(f"{r.name}: no evidence for {record}")
            for evidence in record.evidence:
                problem = _evidence_problem(r.text, evidence)
                if problem:
                    problems.append(f"{r.name}: {problem} ({type(record).__name__})")
    assert not problems, "\n".join(problems[:30])
