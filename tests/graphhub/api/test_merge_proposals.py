"""Merge proposals over HTTP: listed by visibility, decided by the analyst roles, audited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC
from ingestion.load import load_file

pytestmark = pytest.mark.neo4j

HEADER = "Donor,Recipient Country,Project ID,Project Title,Sector,Amount,Currency,Year,Type\n"
LIST = """query ($status: ProposalStatus) { mergeProposals(status: $status, first: 10) {
  totalCount nodes { id status keepName mergedName score mergeJudgementId } } }"""
ACCEPT = """mutation ($id: ID!) { acceptMergeProposal(id: $id, reason: "one programme") {
  id status mergeJudgementId decidedBy } }"""
REJECT = """mutation ($id: ID!) { rejectMergeProposal(id: $id, reason: "two") { id status } }"""
DONORS = "{ donors(first: 10) { nodes { name totalUsd } } }"


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def _load(driver: neo4j.Driver, database: str, tmp_path: Path, name: str, donor: str,
          amount: int) -> None:
    path = tmp_path / name
    path.write_text(HEADER + f"{donor},Tajikistan,QZ/{amount},Post,16063,{amount},USD,2016,"
                    "commitment\n", encoding="utf-8")
    load_file(driver, database, "contributions", path, state_dir=tmp_path,
              classification=PUBLIC)


def test_proposals_are_listed_and_decided_by_analysts_only(
    driver: neo4j.Driver, neo4j_settings: Settings, api_settings: Settings, ask: Any,
    tmp_path: Path,
) -> None:
    database = neo4j_settings.neo4j_database
    _load(driver, database, tmp_path, "a.csv", "Heronsgate Nutrition Programme", 1000)
    _load(driver, database, tmp_path, "b.csv", "Heronsgate Nutrition Program", 2000)

    listed = ask(LIST, role="partner", variables={"status": "PENDING"})
    assert "errors" not in listed, listed["errors"]
    [item] = listed["data"]["mergeProposals"]["nodes"]
    assert (item["keepName"], item["mergedName"], item["status"]) == (
        "Heronsgate Nutrition Programme", "Heronsgate Nutrition Program", "PENDING")
    for role in ("partner", "coordinator"):
        assert codes(ask(ACCEPT, role=role, variables={"id": item["id"]})) == ["FORBIDDEN"]
        assert codes(ask(REJECT, role=role, variables={"id": item["id"]})) == ["FORBIDDEN"]

    accepted = ask(ACCEPT, role="fiu_analyst", variables={"id": item["id"]})
    assert "errors" not in accepted, accepted["errors"]
    decided = accepted["data"]["acceptMergeProposal"]
    assert decided["status"] == "ACCEPTED" and decided["mergeJudgementId"]
    assert decided["decidedBy"].startswith("key-")
    donors = ask(DONORS)["data"]["donors"]["nodes"]
    assert donors == [{"name": "Heronsgate Nutrition Programme", "totalUsd": 3000.0}]
    again = ask(REJECT, role="admin", variables={"id": item["id"]})
    assert codes(again) == ["BAD_INPUT"]
    assert ask(LIST, role="partner")["data"]["mergeProposals"]["totalCount"] == 0

    lines = [json.loads(line) for line in api_settings.audit_path.read_text().splitlines()]
    changes = [c for line in lines for c in line.get("changes", [])]
    assert [c["action"] for c in changes] == ["accept_merge_proposal"]
    assert changes[0]["proposal"] == item["id"] and changes[0]["reason"] == "one programme"
