"""``graphhub ingest`` killed with SIGKILL while its extraction process runs.

Nothing of the killed run may stay behind (the extraction process ends with its
parent), the next run says the previous one was interrupted, and its graph equals
that of a clean run.
"""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from ingestion.narrative import EXTRACT_GROUP
from tests.ingestion.faults import (
    environment,
    launch,
    run,
    scalar,
    snapshot,
    wait_for,
    wait_gone,
    wipe,
)

pytestmark = [pytest.mark.neo4j, pytest.mark.model]

GROUPS = 4
FIRST = ("Aral", "Pamir", "Fergana", "Caspian", "Sogd", "Naryn", "Kulob", "Osh", "Termez")
SECOND = ("Trading LLP", "Logistics LLC", "Holding JSC", "Transit Ltd")
PEOPLE = ("Rustam Karimov", "Ivan Petrov", "Aziz Rahimov", "Dilnoza Yusupova", "Timur Saidov")

NODES = "MATCH (n) WHERE NOT n:IngestRun RETURN n.id, labels(n) ORDER BY n.id"
RELS = (
    "MATCH (a)-[r]->(b) WHERE type(r) <> 'INGESTED' "
    "RETURN type(r), a.id, b.id, count(*) ORDER BY type(r), a.id, b.id"
)


def _company(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {SECOND[i // len(FIRST) % len(SECOND)]}"


def _corpus(root: Path) -> Path:
    """Restricted notes, enough for several extraction groups."""
    root.mkdir()
    for i in range(EXTRACT_GROUP * GROUPS):
        sender, receiver = _company(i), _company(i + 7)
        person = PEOPLE[i % len(PEOPLE)]
        (root / f"note-{i:03d}.txt").write_text(
            f"FIU analysis note 2014/{i:03d}\nClassification: RESTRICTED\n\n"
            f"On {1 + i % 27} March 2014 {sender} transferred USD {10_000 + 250 * i:,} to "
            f"{receiver}. {person} is the director of {receiver}.\n",
            encoding="utf-8",
        )
    return root


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _extracting(pid: int) -> bool:
    """True once ``pid`` has a spawned extraction process (not the resource tracker)."""
    for child in _children(pid):
        try:
            args = Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "multiprocessing" in args and "resource_tracker" not in args:
            return True
    return False


def test_ingest_killed_while_extracting_leaves_no_process_and_reruns_to_a_clean_graph(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert neo4j_settings.neo4j_uri
    env = environment(neo4j_settings.neo4j_uri, str(neo4j_settings.neo4j_password), tmp_path)
    args = ["ingest", str(corpus), "--quiet"]
    clean = run(args, env, tmp_path)
    assert clean.proc.returncode == 0, clean.output()
    expected = snapshot(driver, NODES, RELS)
    documents = scalar(driver, "MATCH (d:Document) RETURN count(d)")
    assert documents == EXTRACT_GROUP * GROUPS
    wipe(driver)

    env = environment(neo4j_settings.neo4j_uri, str(neo4j_settings.neo4j_password), tmp_path)
    ingesting = launch(args, env, tmp_path)
    pid = ingesting.proc.pid

    def written_while_extracting() -> bool:
        # The run has recorded the progress of a written group; the next one is extracting.
        done = scalar(driver, "MATCH (r:IngestRun) RETURN max(r.documents_written)") or 0
        return _extracting(pid) and done >= 1

    wait_for(written_while_extracting, ingesting, timeout=180)
    ingesting.kill()
    leftover = wait_gone(ingesting.mark)
    assert not leftover, f"processes of the killed run are still running: {leftover}"
    written = scalar(driver, "MATCH (d:Document) RETURN count(d)")
    assert 0 < written < EXTRACT_GROUP * GROUPS

    again = run(args, env, tmp_path)
    out = again.output()
    assert again.proc.returncode == 0, out
    assert "was interrupted" in out, out
    assert snapshot(driver, NODES, RELS) == expected
    statuses = scalar(driver, "MATCH (r:IngestRun) RETURN collect(r.status)")
    assert sorted(statuses) == ["interrupted", "ok"]
    progress = scalar(
        driver, "MATCH (r:IngestRun {status: 'interrupted'}) RETURN r.documents_written"
    )
    assert EXTRACT_GROUP <= progress <= written
