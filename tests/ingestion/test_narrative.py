"""Ingestion runs end to end: real files, the real spaCy model, the real Neo4j."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC
from ingestion.load import LoadOptions, load

pytestmark = [pytest.mark.neo4j, pytest.mark.model]

DB = "neo4j"
GRAPHHUB = str(Path(sys.executable).with_name("graphhub"))

SHEET = """Project sheet: XAC/K22 Border liaison offices in Central Asia

The project XAC/K22 strengthens cross-border cooperation between Tajikistan and
the Kyrgyz Republic. It is implemented by the United Nations Office on Drugs and
Crime (UNODC). The Government of Japan provided USD 1,800,000 to XAC/K22 in 2012.
"""

UPDATE = """Donor coordination update, Dushanbe, 2013

UNODC thanked its partners. The European Union pledged EUR 2.5 million to XAC/K22.
The Drug Control Agency of Tajikistan seized 349 kg of heroin near the Afghan border.
"""

FIU_NOTE = """FIU analysis note 2014/07
Classification: RESTRICTED

On 3 March 2014 Silk Road Trading LLC transferred USD 250,000 to Pamir Logistics LLP.
Rustam Karimov is the director of Pamir Logistics LLP. Rustam Karimov is a member of
the Karimov network.
"""


def _corpus(root: Path) -> Path:
    root.mkdir()
    (root / "sheet.txt").write_text(SHEET)
    (root / "update.md").write_text("# Update\n\n" + UPDATE)
    sub = root / "fiu"
    sub.mkdir()
    (sub / "note.txt").write_text(FIU_NOTE)
    return root


def _bad_files(root: Path) -> list[str]:
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (root / "latin.txt").write_bytes(
        "Caf\xe9 cr\xe8me, r\xe9sum\xe9 \xe0 Vienne.".encode("latin-1")
    )
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n this is not a pdf body")
    (root / "huge.txt").write_bytes(b"word " * (1024 * 1024 // 5 + 10))
    return ["empty.txt", "junk.txt", "latin.txt", "broken.pdf", "huge.txt"]


def _count(driver: neo4j.Driver, query: str) -> int:
    return int(driver.execute_query(query)[0][0][0])


def test_ingest_writes_records_with_provenance_and_is_idempotent(
    driver: neo4j.Driver, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "reports")
    summary = load(
        driver,
        DB,
        "documents",
        [corpus],
        options=LoadOptions(max_bytes=10_000_000, classification=PUBLIC),
    )
    assert summary.errors == []
    assert summary.documents["written"] == 3
    assert summary.documents["restricted"] == 1

    codes = driver.execute_query("MATCH (p:Project) RETURN p.code AS code")[0]
    assert {r["code"] for r in codes} >= {"XAC/K22"}
    # UNODC named by full name and by acronym is one organization.
    assert _count(driver, "MATCH (o:Organization {acronym: 'UNODC'}) RETURN count(o)") == 1
    funds = driver.execute_query(
        "MATCH (o:Donor)-[f:FUNDS]->(:Project {code: 'XAC/K22'}) "
        "RETURN o.name AS donor, f.amount AS amount, f.currency AS currency"
    )[0]
    assert {(r["amount"], r["currency"]) for r in funds} >= {(1800000.0, "USD"), (2500000.0, "EUR")}

    # Every fact links back to its document and span.
    orphans = _count(
        driver,
        "MATCH (n) WHERE NOT n:Document AND NOT n:IngestRun "
        "AND NOT EXISTS { (:Document)-[:MENTIONS]->(n) } RETURN count(n)",
    )
    assert orphans == 0
    unsourced = _count(
        driver,
        "MATCH ()-[r]->() WHERE NOT type(r) IN ['MENTIONS', 'INGESTED', 'SUPERSEDES'] "
        "AND (size(coalesce(r.sources, [])) = 0 OR size(coalesce(r.evidence, [])) = 0) "
        "RETURN count(r)",
    )
    assert unsourced == 0

    # FIU facts are restricted.
    restricted = driver.execute_query(
        "MATCH (:Company)-[t:TRANSFER]->(:Company) RETURN t.classification AS c, t.amount AS a"
    )[0]
    assert [(r["c"], r["a"]) for r in restricted] == [("restricted", 250000.0)]

    nodes = _count(driver, "MATCH (n) RETURN count(n)")
    rels = _count(driver, "MATCH ()-[r]->() RETURN count(r)")
    again = load(
        driver,
        DB,
        "documents",
        [corpus],
        options=LoadOptions(max_bytes=10_000_000, classification=PUBLIC),
    )
    assert again.documents["unchanged"] == 3 and again.documents["written"] == 0
    # Only the second IngestRun node is new.
    assert _count(driver, "MATCH (n) RETURN count(n)") == nodes + 1
    assert _count(driver, "MATCH ()-[r]->() RETURN count(r)") == rels


def test_bad_files_are_named_recorded_and_the_rest_goes_on(
    driver: neo4j.Driver, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "reports")
    bad = _bad_files(tmp_path / "bad")
    summary = load(
        driver,
        DB,
        "documents",
        [corpus, tmp_path / "bad"],
        options=LoadOptions(max_bytes=1024 * 1024, classification=PUBLIC),
    )
    assert summary.documents["written"] == 3
    assert summary.documents["failed"] == len(bad)
    for name in bad:
        assert any(name in error for error in summary.errors), name
    run = driver.execute_query(
        "MATCH (r:IngestRun {id: $id}) RETURN r.errors AS errors, r.status AS status",
        id=summary.run_id,
    )[0][0]
    assert run["status"] == "failed"
    assert len(run["errors"]) == len(bad)


def test_cli_exit_code_and_summary(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "reports")
    _bad_files(tmp_path / "bad")
    env = {
        **os.environ,
        "GRAPHHUB_NEO4J_URI": str(neo4j_settings.neo4j_uri),
        "GRAPHHUB_MAX_FILE_MB": "1",
    }
    good = subprocess.run(
        [GRAPHHUB, "ingest", "--quiet", "--classification", "public", str(corpus)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert "documents written" in good.stdout
    assert "documents public (declared)" in good.stdout
    bad = subprocess.run(
        [GRAPHHUB, "ingest", "--quiet", str(tmp_path / "bad")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "empty.txt" in bad.stdout and "Traceback" not in bad.stdout + bad.stderr


def _graph(driver: neo4j.Driver) -> tuple[list[object], list[object]]:
    nodes = driver.execute_query(
        "MATCH (n) WHERE NOT n:IngestRun RETURN n.id AS id, n.name AS name ORDER BY id"
    )[0]
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE type(r) <> 'INGESTED' "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, r.start AS s ORDER BY a, t, b, s"
    )[0]
    return [r.data() for r in nodes], [r.data() for r in rels]


def test_groups_extracted_in_a_process_of_their_own_give_the_same_graph(
    driver: neo4j.Driver, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "reports")
    alone = load(
        driver,
        DB,
        "documents",
        [corpus],
        options=LoadOptions(max_bytes=10_000_000, classification=PUBLIC),
    )
    expected = _graph(driver)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    # Groups of one document: three groups, so the pipeline runs in an extraction process.
    # A handler of its own: the CLI's logging set-up stops graphhub's logs at its logger.
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # type: ignore[method-assign]
    log = logging.getLogger("graphhub.ingest")
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        apart = load(
            driver,
            DB,
            "documents",
            [corpus],
            options=LoadOptions(max_bytes=10_000_000, classification=PUBLIC, group_size=1),
        )
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    messages = [r.getMessage() for r in records]
    assert "documents are parsed in an extraction process" in messages
    assert not any("extraction process stopped" in m for m in messages)
    assert _graph(driver) == expected
    assert apart.documents == alone.documents
    assert apart.words == alone.words > 0
    assert apart.errors == alone.errors == []
    again = load(
        driver,
        DB,
        "documents",
        [corpus],
        options=LoadOptions(max_bytes=10_000_000, classification=PUBLIC, group_size=1),
    )
    assert again.documents["unchanged"] == 3 and again.documents["written"] == 0
    assert _graph(driver) == expected


def test_a_malformed_docx_fails_alone_in_a_folder_run(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    from tests.ingestion.readers.test_archive import BILLION_LAUGHS, _docx_bytes, _replace_part

    folder = _corpus(tmp_path / "reports")
    (folder / "sheet.docx").write_bytes(_docx_bytes(UPDATE.replace("\n", " ")))
    laughs = folder / "laughs.docx"
    laughs.write_bytes(
        _replace_part(
            _docx_bytes(), "word/document.xml", lambda s: s.write(BILLION_LAUGHS.encode())
        )
    )
    env = {**os.environ, "GRAPHHUB_NEO4J_URI": str(neo4j_settings.neo4j_uri)}
    done = subprocess.run(
        [GRAPHHUB, "ingest", "--quiet", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"{laughs}: part word/document.xml declares a document type" in done.stdout
    documents = driver.execute_query("MATCH (d:Document) RETURN d.path AS path")[0]
    assert sorted(Path(r["path"]).name for r in documents) == [
        "note.txt",
        "sheet.docx",
        "sheet.txt",
        "update.md",
    ]
    run = driver.execute_query(
        "MATCH (r:IngestRun) RETURN r.status AS status, r.errors AS errors, "
        "r.documents_written AS written, r.documents_failed AS failed"
    )[0]
    assert len(run) == 1
    assert run[0]["status"] == "failed"
    assert (run[0]["written"], run[0]["failed"]) == (4, 1)
    assert [e for e in run[0]["errors"] if "laughs.docx" in e] == run[0]["errors"]
