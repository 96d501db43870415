"""Throughput of the extraction pipeline, in words per second, measured in one run.

Prints raw ``nlp.pipe`` of the full pipeline, ``extract_docs`` (pipe plus rules),
the NER-only ceiling, and the ratios between them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ingestion.extract.pipeline import build_nlp, extract_docs, get_nlp

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "tests" / "gold", ROOT / "tests" / "ingestion" / "extract" / "docs",
           ROOT.parent / "shared" / "samples"]


def corpus(target_bytes: int) -> list[str]:
    """Texts repeated until they reach about ``target_bytes``."""
    texts = [p.read_text(encoding="utf-8") for d in SOURCES if d.is_dir()
             for p in sorted(d.glob("*.txt"))]
    if not texts:
        sys.exit("no texts found")
    out: list[str] = []
    size = 0
    while size < target_bytes:
        for text in texts:
            out.append(text)
            size += len(text.encode("utf-8"))
    return out


def words_per_second(texts: list[str], run: object) -> float:
    """Words of ``texts`` divided by the seconds ``run()`` takes."""
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return words / (time.perf_counter() - start)


def main() -> None:
    texts = corpus(int(sys.argv[1]) if len(sys.argv) > 1 else 300_000)
    nlp = get_nlp()
    list(nlp.pipe(texts[:10]))  # warm up
    items = [(t, f"doc{i}"(t)) for i, t in enumerate(texts)]
    raw = words_per_second(texts, lambda: list(nlp.pipe(texts, batch_size=64)))
    full = words_per_second(texts, lambda: list(extract_docs(items, batch_size=64)))
    ner_only = build_nlp(exclude=("tok2vec", "tagger", "parser", "attribute_ruler",
                                  "lemmatizer"))
    ner = words_per_second(texts, lambda: list(ner_only.pipe(texts, batch_size=64)))
    all_parts = build_nlp(exclude=())
    complete = words_per_second(texts, lambda: list(all_parts.pipe(texts, batch_size=64)))
    print(f"texts: {len(texts)}, words: {sum(len(t.split()) for t in texts)}")
    print(f"model with all its parts, nlp.pipe:   {complete:8.0f} words/s")
    print(f"our pipeline ({', '.join(nlp.pipe_names)}), nlp.pipe: {raw:8.0f} words/s")
    print(f"extract_docs (pipe + rules):          {full:8.0f} words/s  "
          f"= {full / raw:.2f} of raw pipe")
    print(f"NER only (ruler + ner, no parser):    {ner:8.0f} words/s  "
          f"raw pipe = {raw / ner:.2f} of it")


if __name__ == "__main__":
    main()
