"""One ingestion run: its file reports, counts, errors file and summary."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from ingestion.errors import IngestionError, RecordError
from ingestion.run import ERROR_COLUMNS, ErrorFile, FileReport, Run


def _run(tmp_path: Path) -> Run:
    run = Run("run:test", tmp_path, "graphhub load")
    run.add(
        FileReport(
            "a.csv",
            "table",
            status="written",
            records=3,
            nodes=Counter({"Organization": 2}),
            edges=Counter({"FUNDS": 1}),
            classification="public (declared)",
        )
    )
    run.add(
        FileReport(
            "b.txt",
            "narrative",
            status="unchanged",
            records=1,
            nodes=Counter({"Organization": 1, "Person": 1}),
            classification="restricted (default)",
        )
    )
    run.add(FileReport("c.pdf", "narrative", failure="could not be read (ValueError)"))
    return run


def test_counts_are_flat_and_prefixed(tmp_path: Path) -> None:
    run = _run(tmp_path)
    assert run.counts() == {
        "documents_written": 1,
        "documents_unchanged": 1,
        "documents_failed": 1,
        "documents_restricted": 1,
        "nodes_Organization": 3,
        "nodes_Person": 1,
        "edges_FUNDS": 1,
        "classified_public_(declared)": 1,
        "classified_restricted_(default)": 1,
        "records": 4,
        "bad_records": 0,
        "errors": 1,
    }


def test_documents_count_restricted_loads_but_not_failed_ones(tmp_path: Path) -> None:
    run = _run(tmp_path)
    run.add(FileReport("d.txt", "narrative", classification="restricted (marker)"))
    documents = run.documents
    assert documents["restricted"] == 1
    assert documents["failed"] == 2
    assert "restricted (marker)" not in run.classified


def test_a_failure_is_reported_with_its_path(tmp_path: Path) -> None:
    run = _run(tmp_path)
    assert run.errors == ["c.pdf: could not be read (ValueError)"]
    assert run.failed
    assert run.status == "failed"


def test_a_failure_that_names_its_path_is_not_prefixed_again(tmp_path: Path) -> None:
    run = Run("run:test", tmp_path)
    error = IngestionError("PDF has no text layer", path="c.pdf")
    run.add(FileReport("c.pdf", "narrative", failure=str(error)))
    assert run.errors == ["c.pdf: PDF has no text layer"]


def test_a_run_without_failures_is_ok(tmp_path: Path) -> None:
    run = Run("run:test", tmp_path)
    run.add(FileReport("a.csv", "table", status="written"))
    assert run.errors == []
    assert not run.failed
    assert run.status == "ok"


def test_a_refused_record_fails_the_run(tmp_path: Path) -> None:
    run = Run("run:test", tmp_path)
    report = run.add(FileReport("a.csv", "table", status="written"))
    run.record_errors(report, [RecordError("not a number", path="a.csv", row=2, field="x")])
    assert report.bad_records == 1
    assert run.errors == []
    assert run.status == "failed"
    assert run.counts()["bad_records"] == 1
    assert run.counts()["errors"] == 1


def test_errors_file_is_created_on_the_first_error_only(tmp_path: Path) -> None:
    errors = ErrorFile(tmp_path / "runs" / "run-errors.csv")
    errors.add([])
    assert not errors.path.exists()
    errors.add(
        [
            RecordError(
                "cannot read '1,2' as a number", path="a.csv", row=3, field="amount", value="1,2"
            ),
            RecordError("no date", path="a.csv", reason="empty"),
        ]
    )
    errors.add([IngestionError("broken", path="b.xml", row=7)])
    with errors.path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == ERROR_COLUMNS
    assert rows[1:] == [
        ["a.csv", "3", "amount", "1,2", "cannot read '1,2' as a number"],
        ["a.csv", "", "", "", "no date (empty)"],
        ["b.xml", "7", "", "", "broken"],
    ]
    assert errors.count == 3
    assert errors.first[0] == "a.csv row 3, column 'amount': cannot read '1,2' as a number"


def test_file_report_summary_is_plain_json() -> None:
    report = FileReport(
        "a.csv", "table", status="written", nodes=Counter({"Person": 2}), warnings=["w"]
    )
    summary = json.loads(json.dumps(report.summary()))
    assert summary["nodes"] == {"Person": 2}
    assert summary["edges"] == {}
    assert summary["status"] == "written"
    assert summary["warnings"] == ["w"]


@pytest.mark.neo4j
def test_start_and_finish_record_the_run(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    run = Run.start(driver, database, tmp_path, "graphhub load a.csv")
    assert run.run_id.startswith("run:")
    report = run.add(
        FileReport("a.csv", "table", status="written", records=2, nodes=Counter({"Person": 2}))
    )
    run.record_errors(report, [RecordError("bad", path="a.csv", row=3)])
    run.finish(driver, database)
    records, _, _ = driver.execute_query(
        "MATCH (r:IngestRun {id: $id}) RETURN r", id=run.run_id, database_=database
    )
    node = records[0]["r"]
    assert node["status"] == "failed"
    assert node["command"] == "graphhub load a.csv"
    assert node["nodes_Person"] == 2
    assert node["records"] == 2
    assert node["bad_records"] == 1
    assert node["documents_written"] == 1
    assert node["finished_at"]
    summary = json.loads(run.summary_path.read_text("utf-8"))
    assert summary["status"] == "failed"
    assert summary["counts"] == run.counts()
    assert [f["path"] for f in summary["files"]] == ["a.csv"]
    assert summary["errors_file"] == str(run.errors_file.path)


@pytest.mark.neo4j
def test_a_clean_run_finishes_ok(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    run = Run.start(driver, database, tmp_path, "graphhub ingest")
    run.add(FileReport("b.txt", "narrative", status="written", words=12))
    run.finish(driver, database)
    records, _, _ = driver.execute_query(
        "MATCH (r:IngestRun {id: $id}) RETURN r.status AS status, r.errors AS errors",
        id=run.run_id,
        database_=database,
    )
    assert (records[0]["status"], records[0]["errors"]) == ("ok", [])
    summary = json.loads(run.summary_path.read_text("utf-8"))
    assert (summary["status"], summary["errors_file"]) == ("ok", None)
