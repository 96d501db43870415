"""uploadDocument: an admin's text goes through the real ingestion run into the graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import Settings

pytestmark = pytest.mark.neo4j

UPLOAD = """mutation Upload($name: String!, $text: String!) {
  uploadDocument(filename: $name, content: $text, classification: PUBLIC) {
    runId documents { kind count } nodes { kind count } errors } }"""
TEXT = (
    "Donor update, March 2015\n\n"
    "The Government of Japan committed USD 1,000,000 to project TAJ/E24 in Tajikistan in 2013.\n"
)


@pytest.fixture
def api_settings(api_settings: Settings, tmp_path: Path) -> Settings:
    """Uploads kept under the test's own state directory."""
    return replace(api_settings, state_dir=tmp_path / "state")


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def test_only_admins_upload_and_names_are_checked(driver: neo4j.Driver, ask: Any) -> None:
    for role in ("partner", "coordinator", "fiu_analyst"):
        body = ask(UPLOAD, role=role, variables={"name": "a.txt", "text": TEXT})
        assert codes(body) == ["FORBIDDEN"]
    for name in ("../a.txt", "a.pdf", "", ".hidden.txt"):
        body = ask(UPLOAD, role="admin", variables={"name": name, "text": TEXT})
        assert codes(body) == ["BAD_INPUT"], name
    assert codes(ask(UPLOAD, role="admin", variables={"name": "a.txt", "text": " "})) == [
        "BAD_INPUT"]


@pytest.mark.model
def test_an_uploaded_document_is_ingested_with_its_provenance(
    driver: neo4j.Driver, ask: Any, api_settings: Settings
) -> None:
    body = ask(UPLOAD, role="admin", variables={"name": "update.txt", "text": TEXT})
    assert "errors" not in body, body
    run = body["data"]["uploadDocument"]
    assert run["errors"] == []
    assert {"kind": "written", "count": 1} in run["documents"]
    records, _, _ = driver.execute_query(
        """MATCH (r:IngestRun {id: $run})-[:INGESTED]->(d:Document)-[:MENTIONS]->(n)
           RETURN d.title AS title, d.path AS path, collect(DISTINCT n.name) AS names""",
        run=run["runId"], database_=api_settings.neo4j_database,
    )
    [record] = records
    assert record["path"].endswith("update.txt")
    assert record["path"].startswith(str(api_settings.state_dir / "uploads"))
    assert "TAJ/E24" in record["names"] and "Tajikistan" in record["names"]
    again = ask(UPLOAD, role="admin", variables={"name": "update.txt", "text": TEXT})
    assert {"kind": "unchanged", "count": 1} in again["data"]["uploadDocument"]["documents"]
    records_audit = [json.loads(line) for line in api_settings.audit_path.read_text().splitlines()]
    assert [r["changes"][0]["action"] for r in records_audit] == ["upload_document"] * 2


@pytest.mark.model
def test_an_undeclared_upload_is_restricted(
    driver: neo4j.Driver, ask: Any, api_settings: Settings
) -> None:
    undeclared = UPLOAD.replace(", classification: PUBLIC", "")
    body = ask(undeclared, role="admin", variables={"name": "update.txt", "text": TEXT})
    assert "errors" not in body, body
    run = body["data"]["uploadDocument"]
    records, _, _ = driver.execute_query(
        """MATCH (r:IngestRun {id: $run})-[:INGESTED]->(d:Document)
           RETURN d.classification AS classification, d.classified_by AS why""",
        run=run["runId"], database_=api_settings.neo4j_database,
    )
    assert [(r["classification"], r["why"]) for r in records] == [("restricted", "default")]
    project = '{ project(code: "TAJ/E24") { code } }'
    assert ask(project, role="partner")["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert ask(project, role="fiu_analyst")["data"] == {"project": {"code": "TAJ/E24"}}
    declared = ask(
        """mutation($name: String!, $text: String!) { uploadDocument(filename: $name,
        content: $text, classification: PUBLIC) { classified { kind count } } }""",
        role="admin", variables={"name": "other.txt", "text": TEXT + "\nA second copy.\n"},
    )["data"]["uploadDocument"]["classified"]
    assert declared == [{"kind": "public (declared)", "count": 1}]
    assert ask(project, role="partner")["data"] == {"project": {"code": "TAJ/E24"}}


def test_upload_errors_name_the_document_not_the_server_path(
    driver: neo4j.Driver, ask: Any, api_settings: Settings
) -> None:
    body = ask(UPLOAD, role="admin",
               variables={"name": "empty.html",
                          "text": "<html><body><script>var x;</script></body></html>"})
    assert "errors" not in body, body
    [error] = body["data"]["uploadDocument"]["errors"]
    assert error.startswith("empty.html:") and "no text" in error
    assert str(api_settings.state_dir) not in body["text"] and "uploads/" not in body["text"]
