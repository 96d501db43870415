"""What the commands print: unwrapped lines in pipes, run summaries, row counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graphhub.cli import display
from ingestion.run import FileReport, Run


def test_a_pipe_gets_unwrapped_lines_and_quiet_hides_the_bars() -> None:
    out = display.console()
    assert out.width == display.PIPE_WIDTH and out.soft_wrap
    assert display.progress(quiet=True).disable
    assert not display.progress(quiet=False).disable


def test_the_ingest_summary_counts_and_caps_the_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "a warning " * 30
    written = FileReport(
        "a.txt", "document", "written", nodes=Counter(Person=3),
        warnings=[long] + [f"w{i}" for i in range(24)],
    )
    failed = FileReport("bad.pdf", "document", failure="unreadable")
    display.ingest_summary(Run("run:1", tmp_path, files=[written, failed]))
    out = capsys.readouterr().out
    assert "ingest run run:1" in out and "records Person" in out
    assert f"warning a.txt: {long}\n" in out  # one line, not wrapped, after its file
    assert "... and 5 more warnings" in out
    assert "error bad.pdf: unreadable" in out


def test_the_load_summary_has_a_row_per_file_and_names_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = FileReport(
        path=str(tmp_path / "japan.csv"),
        kind="table",
        status="written",
        records=2,
        bad_records=1,
        nodes=Counter(Project=1, Organization=2),
    )
    run = Run("run:2", tmp_path, files=[report], notices=["run:0 was interrupted"])
    display.load_summary(run)
    out = capsys.readouterr().out
    assert "interrupted run:0 was interrupted" in out
    assert "load run run:2" in out and "japan.csv" in out and "written" in out
    assert f"summary: {tmp_path / 'runs' / 'run:2.json'}" in out


def test_count_lines_counts_data_rows(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    assert display.count_lines(table) == 2
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert display.count_lines(tmp_path / "empty.csv") == 1
