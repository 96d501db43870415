"""Extraction quality on held-out documents: texts the rules were never tuned on.

The gold set in tests/gold guards against regressions, but the rules were written while
looking at it, so its scores flatter them. These documents (benchmarks/heldout) are kept
apart on purpose: do not tune against them; add new ones when a rule changes much.
Prints precision and recall per record type, and the misses.
"""

from __future__ import annotations

from pathlib import Path

from ingestion.evaluate import Counts, aggregate, format_table, load_expected, score
from ingestion.extract.pipeline import extract_text

HELDOUT = Path(__file__).resolve().parent / "heldout"


def main() -> None:
    per_document: dict[str, dict[str, Counts]] = {}
    for path in sorted(HELDOUT.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        extraction = extract_text(text, path.stem(text))
        per_document[path.stem] = score(
            extraction, load_expected(path.with_suffix(".expected.yaml"))
        )
        for kind, counts in per_document[path.stem].items():
            for missed in counts.missed:
                print(f"{path.stem}: missed {kind}: {missed}")
            for spurious in counts.spurious:
                print(f"{path.stem}: spurious {kind}: {spurious}")
    print(f"\n{len(per_document)} held-out documents")
    print(format_table(aggregate(per_document)))


if __name__ == "__main__":
    main()
