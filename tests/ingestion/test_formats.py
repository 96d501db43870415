"""The format registry, and a format added through it (FTS) loaded end to end."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC
from ingestion.formats import FORMATS, Classification, Route, format_named
from ingestion.load import LoadOptions, load
from tests.ingestion.sources.test_fts import SAMPLE, _flow, _write

ROOT = Path(__file__).resolve().parents[2]


def test_every_format_has_what_its_route_needs() -> None:
    for fmt in FORMATS.values():
        assert (fmt.read is not None) == (fmt.route is Route.FILE), fmt.name
        assert fmt.suffixes and all(s.startswith(".") for s in fmt.suffixes), fmt.name
        assert fmt.summary.endswith("."), fmt.name


def test_every_format_is_documented_in_the_readme() -> None:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    headings = {line.lstrip("#").strip() for line in readme.splitlines() if line.startswith("#")}
    missing = [f.name for f in FORMATS.values() if f.readme not in headings]
    assert not missing, f"formats whose README section ({FORMATS[missing[0]].readme!r}) is gone"


def test_only_fiu_exports_cannot_be_declared() -> None:
    fixed = [f.name for f in FORMATS.values() if f.classification is Classification.RESTRICTED]
    assert fixed == ["fiu-transfers"]


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known formats: documents, contributions"):
        format_named("goaml")


def _fts_funds(driver: neo4j.Driver, database: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (:Document {kind: 'fts'})-[:MENTIONS]->(d:Organization)-[f:FUNDS]->(:Project) "
        "RETURN DISTINCT f.flow_id AS flow, f.amount_usd AS usd, f.kind AS kind, "
        "f.classification AS classification",
        database_=database,
    )
    return [dict(r) for r in records]


@pytest.mark.neo4j
def test_fts_flows_load_through_the_registry(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    flows = [_flow("1"), _flow("2", status="commitment", amountUSD=800), _flow("3", status="x")]
    folder = tmp_path / "fts"
    folder.mkdir()
    path = _write(folder, flows)
    options = LoadOptions(classification=PUBLIC)
    run = load(driver, database, "fts", [folder], state_dir=tmp_path, options=options)
    [report] = run.files
    assert report.path == str(path) and report.status == "written"
    assert report.records == 3 and report.bad_records == 1
    assert report.classification == "public (declared)"
    assert run.failed and run.errors_file.count == 1  # the flow with an unknown status
    funds = {f["flow"]: f for f in _fts_funds(driver, database)}
    assert set(funds) == {"1", "2"}
    assert (funds["1"]["kind"], funds["2"]["kind"]) == ("disbursement", "commitment")
    assert funds["1"]["usd"] + funds["2"]["usd"] == 2000
    assert {f["classification"] for f in funds.values()} == {PUBLIC}
    summary = json.loads(run.summary_path.read_text(encoding="utf-8"))
    assert summary["files"][0]["kind"] == "fts" and summary["status"] == "failed"

    again = load(driver, database, "fts", [path], state_dir=tmp_path, options=options)
    assert [f.status for f in again.files] == ["unchanged"]


@pytest.mark.neo4j
def test_undeclared_fts_flows_are_restricted(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = _write(tmp_path, [_flow("7")])
    run = load(driver, database, "fts", [path], state_dir=tmp_path)
    assert run.files[0].classification == "restricted (default)"
    assert [f["classification"] for f in _fts_funds(driver, database)] == ["restricted"]


@pytest.mark.neo4j
@pytest.mark.shared_data
def test_a_real_fts_page_loads_every_flow_it_can(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, shared_data: Path
) -> None:
    database = neo4j_settings.neo4j_database
    source = shared_data / SAMPLE
    raw = json.loads(source.read_text(encoding="utf-8"))["data"]["flows"]
    options = LoadOptions(classification=PUBLIC)
    run = load(driver, database, "fts", [source], state_dir=tmp_path, options=options)
    [report] = run.files
    funds = _fts_funds(driver, database)
    # Every flow is either in the graph or named in the errors file: none is lost.
    assert len(funds) + report.bad_records == len(raw) == report.records
    loaded = {f["flow"] for f in funds}
    expected_usd = sum(float(f["amountUSD"]) for f in raw if str(f["id"]) in loaded)
    assert sum(f["usd"] for f in funds) == pytest.approx(expected_usd)
    kinds = Counter(f["kind"] for f in funds)
    statuses = Counter(f["status"] for f in raw if str(f["id"]) in loaded)
    assert kinds["disbursement"] == statuses["paid"]
    assert kinds["commitment"] == statuses["commitment"]
    assert kinds["pledge"] == statuses["pledge"]
