"""The reader on the real report files shipped with the shared data set."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.readers import iter_paths, read_document

REPORTS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "external" / "reports"


@pytest.mark.shared_data
def test_shared_markdown_reports_read_cleanly() -> None:
    if not REPORTS.is_dir():
        pytest.skip(f"shared data not found at {REPORTS}")
    sources = [read_document(path, 50 * 1024 * 1024) for path in iter_paths([REPORTS])]
    assert sources, "no supported report files in the shared data"
    for source in sources:
        assert source.kind == "markdown" and source.title
        assert not source.title.startswith("#")
        assert not any(line.startswith(("# ", "## ", "---")) for line in source.text.splitlines())
        assert len(source.text.split()) > 100
