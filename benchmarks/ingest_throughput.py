"""End-to-end ingestion throughput against the raw spaCy pipeline, measured in one run.

Reads, extracts, resolves and writes a corpus of report files into a fresh local
Neo4j (``graphhub ingest``'s own code path), and compares its words/s with
``nlp.pipe`` of the same pipeline on the same texts, and with the NER-only
ceiling. Usage: python benchmarks/ingest_throughput.py [COPIES] (default 16: 384
documents, about 95,000 words; the end-to-end time includes starting the extraction
process and loading the model in it, which weighs on small corpora).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from graphhub.config import Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver
from graphhub.db.schema import migrate
from ingestion.extract.pipeline import build_nlp, get_nlp
from ingestion.load import LoadOptions, load

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "tests" / "gold", ROOT / "demo" / "reports")


def write_corpus(folder: Path, copies: int) -> list[str]:
    """``copies`` distinct files per source text (a numbered first line makes each unique)."""
    texts = [
        p.read_text(encoding="utf-8")
        for d in SOURCES
        for p in sorted(d.iterdir())
        if p.suffix in {".txt", ".md"} and not p.name.startswith("README")
    ]
    written: list[str] = []
    for copy in range(copies):
        for number, text in enumerate(texts):
            body = f"Edition {copy + 1}\n\n{text}"
            (folder / f"report-{copy:03d}-{number:03d}.txt").write_text(body, encoding="utf-8")
            written.append(body)
    return written


def rate(words: int, seconds: float) -> float:
    return words / seconds if seconds > 0 else float("inf")


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    work = Path(tempfile.mkdtemp(prefix="graphhub-bench-"))
    corpus, warmup = work / "corpus", work / "warmup"
    corpus.mkdir()
    warmup.mkdir()
    texts = write_corpus(corpus, copies)
    # A fresh JVM plans and compiles every query once: warm it up, as the pipeline is.
    for number, path in enumerate(sorted(corpus.iterdir())[:32]):
        (warmup / path.name).write_text(f"Warm-up {number}\n" + path.read_text())
    words = sum(len(t.split()) for t in texts)

    nlp = get_nlp()
    list(nlp.pipe(texts[:8]))  # load and warm up before timing anything
    start = time.perf_counter()
    list(nlp.pipe(texts, batch_size=64))
    raw = rate(words, time.perf_counter() - start)

    ner_only = build_nlp(exclude=("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))
    list(ner_only.pipe(texts[:8]))
    start = time.perf_counter()
    list(ner_only.pipe(texts, batch_size=64))
    ner = rate(words, time.perf_counter() - start)

    settings = Settings.from_env()
    password = str(settings.neo4j_password)
    try:
        with (
            engine.throwaway(settings.engine_dir, password, heap_mb=1536) as state,
            open_driver(settings, state.uri) as driver,
        ):
            migrate(driver, settings.neo4j_database)
            load(
                driver,
                settings.neo4j_database,
                "documents",
                [warmup],
                options=LoadOptions(max_bytes=50 * 1024 * 1024),
            )
            start = time.perf_counter()
            summary = load(
                driver,
                settings.neo4j_database,
                "documents",
                [corpus],
                options=LoadOptions(max_bytes=50 * 1024 * 1024),
            )
            seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    end_to_end = rate(summary.words, seconds)
    print(f"documents: {len(texts)}, words: {words}, errors: {len(summary.errors)}")
    print(f"pipeline ({', '.join(nlp.pipe_names)})")
    print(f"raw nlp.pipe (batch 64):               {raw:8.0f} words/s   1.00")
    print(
        f"end to end (read, extract, resolve, write to Neo4j): "
        f"{end_to_end:8.0f} words/s   {end_to_end / raw:.2f} of raw pipe (target >= 0.70)"
    )
    print(f"NER-only ceiling (ruler + ner):        {ner:8.0f} words/s   {ner / raw:.2f}")


if __name__ == "__main__":
    main()
