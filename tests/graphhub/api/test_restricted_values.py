"""Restricted data fails closed: undeclared notes, public mentions of restricted people,
merges and aliases, through the real ingestion, the real API with real keys, real Neo4j."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.ids import make_id
from graphhub.model import PUBLIC, RESTRICTED
from ingestion.classification import FOLDER_FILE
from ingestion.load import LoadOptions, load

pytestmark = [pytest.mark.neo4j, pytest.mark.model]

# An FIU note whose only marking is its banner: no "FIU note", no "restricted".
NOTE = """FOR OFFICIAL USE ONLY
Subject: payments of Silk Crescent LLC
Date: 14 May 2016

Silk Crescent LLC is owned by Tamerlan Bekov, a Kazakh national. On 3 April 2016 Silk \
Crescent LLC transferred USD 45,000 to Azure Dune Trading FZE. Tamerlan Bekov is a member \
of the Aral network.
"""
PRESS = """Regional overview, June 2016

Tamerlan Bekov, the owner of Silk Crescent LLC, spoke at the border-management conference \
in Almaty on 2 June 2016.
"""
PRESS_LATER = """Regional overview, June 2016 (corrected)

The border-management conference in Almaty took place on 2 June 2016.
"""
BEKOV = make_id("person", "Tamerlan Bekov")
SECRETS = (
    "Aral",
    "Azure Dune",
    "45000",
    "45,000",
    "KAZ",
    "Kazakh",
    "payments of Silk",
    "FOR OFFICIAL USE",
)

ENTITY = """query($id: ID!) { entity(id: $id) { id name aliases nationality classification
  sources { document { id title } sentence } relations { relationship { type } } } }"""
SEARCH = """query($text: String!) { searchEntities(text: $text, fuzzy: true) {
  score node { id name ... on Entity { aliases nationality } } } }"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _ingest(
    driver: neo4j.Driver, settings: Settings, paths: list[Path], classification: str | None = None
) -> Any:
    summary = load(
        driver,
        settings.neo4j_database,
        "documents",
        paths,
        options=LoadOptions(max_bytes=1 << 20, classification=classification),
    )
    assert summary.errors == [], summary.errors
    return summary


def _one(driver: neo4j.Driver, settings: Settings, query: str, **params: Any) -> Any:
    records, _, _ = driver.execute_query(query, params, database_=settings.neo4j_database)
    return records[0][0] if records else None


@pytest.fixture
def notes(driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> Path:
    """The note in a folder declared public (its banner still restricts it), then the
    press text declared public."""
    folder = tmp_path / "inbox"
    _write(folder, FOLDER_FILE, "public\n")
    _write(folder, "note.txt", NOTE)
    first = _ingest(driver, neo4j_settings, [folder])
    assert first.classified == {"restricted (marker)": 1}
    press = _write(tmp_path / "press", "press.txt", PRESS)
    second = _ingest(driver, neo4j_settings, [press], PUBLIC)
    assert second.classified == {"public (declared)": 1}
    return press


def test_an_undeclared_note_is_restricted_and_its_flows_are_extracted(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, ask: Any
) -> None:
    plain = _write(tmp_path / "plain", "memo.txt", NOTE.replace("FOR OFFICIAL USE ONLY\n", ""))
    summary = _ingest(driver, neo4j_settings, [plain])
    assert summary.classified == {"restricted (default)": 1}
    assert _one(driver, neo4j_settings, "MATCH (d:Document) RETURN d.classified_by") == "default"
    transfers = _one(
        driver, neo4j_settings, "MATCH ()-[t:TRANSFER]->() RETURN collect(t.classification)"
    )
    assert transfers == [RESTRICTED]
    assert _one(driver, neo4j_settings, "MATCH ()-[r:MEMBER_OF]->() RETURN count(r)") == 1
    for role in ("partner", "coordinator"):
        body = ask(SEARCH, role=role, variables={"text": "Tamerlan Bekov Silk Crescent Aral"})
        assert body["data"]["searchEntities"] == [], role
    analyst = ask(SEARCH, role="fiu_analyst", variables={"text": "Aral network"})
    assert any(
        hit["node"]["name"] == "the Aral network" for hit in analyst["data"]["searchEntities"]
    )


def test_a_public_mention_shows_partners_only_what_public_sources_say(
    notes: Path, ask: Any
) -> None:
    for role in ("partner", "coordinator"):
        body = ask(ENTITY, role=role, variables={"id": BEKOV})
        person = body["data"]["entity"]
        assert person["name"] == "Tamerlan Bekov" and person["classification"] == PUBLIC
        assert person["nationality"] is None
        assert [s["document"]["title"] for s in person["sources"]] == [
            "Regional overview, June 2016"
        ]
        assert {r["relationship"]["type"] for r in person["relations"]} <= {"OWNS"}
        for secret in SECRETS:
            assert secret not in body["text"], (role, secret)
    analyst = ask(ENTITY, role="fiu_analyst", variables={"id": BEKOV})["data"]["entity"]
    assert analyst["nationality"] == "KAZ"
    assert len({s["document"]["id"] for s in analyst["sources"]}) == 2


def test_partner_search_neither_matches_nor_scores_by_restricted_names(
    notes: Path, driver: neo4j.Driver, neo4j_settings: Settings, ask: Any
) -> None:
    add = """mutation($id: ID!, $alias: String!) { addAlias(entityId: $id, alias: $alias) {
      aliases } }"""
    added = ask(add, role="fiu_analyst", variables={"id": BEKOV, "alias": "Timur Zharkyn"})
    assert "Timur Zharkyn" in added["data"]["addAlias"]["aliases"]  # the analyst sees it
    stored = _one(
        driver,
        neo4j_settings,
        "MATCH (n {id: $id}) RETURN [n.aliases, n.restricted_aliases]",
        id=BEKOV,
    )
    assert stored == [None, ["Timur Zharkyn"]] or stored == [[], ["Timur Zharkyn"]]
    for role in ("partner", "coordinator"):
        body = ask(SEARCH, role=role, variables={"text": "Timur Zharkyn"})
        assert body["data"]["searchEntities"] == [], role
        entity = ask(ENTITY, role=role, variables={"id": BEKOV})
        assert "Zharkyn" not in entity["text"]
    hits = ask(SEARCH, role="fiu_analyst", variables={"text": "Timur Zharkyn"})
    assert [h["node"]["id"] for h in hits["data"]["searchEntities"]][:1] == [BEKOV]
    remove = """mutation($id: ID!, $alias: String!) { removeAlias(entityId: $id, alias: $alias) {
      aliases } }"""
    removed = ask(remove, role="fiu_analyst", variables={"id": BEKOV, "alias": "Timur Zharkyn"})
    assert "Timur Zharkyn" not in removed["data"]["removeAlias"]["aliases"]
    denied = ask(remove, role="partner", variables={"id": BEKOV, "alias": "x"})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    public = ask(
        add.replace("alias: $alias)", "alias: $alias, public: true)"),
        role="fiu_analyst",
        variables={"id": BEKOV, "alias": "T. Bekov"},
    )
    assert "T. Bekov" in public["data"]["addAlias"]["aliases"]
    partner = ask(SEARCH, role="partner", variables={"text": "T. Bekov"})
    assert [h["node"]["id"] for h in partner["data"]["searchEntities"]][:1] == [BEKOV]


def test_a_merge_shows_partners_nothing_they_could_not_see(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, ask: Any
) -> None:
    _ingest(driver, neo4j_settings, [_write(tmp_path / "n", "note.txt", NOTE)])
    press = PRESS.replace("Tamerlan Bekov", "Tamerlan Bekovich")
    _ingest(driver, neo4j_settings, [_write(tmp_path / "p", "press.txt", press)], PUBLIC)
    keep = make_id("person", "Tamerlan Bekovich")
    merge = """mutation($keep: ID!, $merged: ID!) { mergeEntities(keepId: $keep,
      mergeId: $merged, reason: "same man") { id aliasesAdded restrictedAliasesAdded } }"""
    done = ask(merge, role="fiu_analyst", variables={"keep": keep, "merged": BEKOV})
    judgement = done["data"]["mergeEntities"]
    assert judgement["aliasesAdded"] == []
    assert judgement["restrictedAliasesAdded"] == ["Tamerlan Bekov"]
    for role in ("partner", "coordinator"):
        hits = ask(SEARCH, role=role, variables={"text": "Tamerlan Bekov"})
        for hit in hits["data"]["searchEntities"]:
            assert "Tamerlan Bekov" not in (hit["node"].get("aliases") or [])
        body = ask(ENTITY, role=role, variables={"id": keep})
        assert body["data"]["entity"]["aliases"] == []
        for secret in (*SECRETS, "MEMBER_OF"):
            assert secret not in body["text"], (role, secret)
    analyst = ask(ENTITY, role="fiu_analyst", variables={"id": keep})["data"]["entity"]
    assert "Tamerlan Bekov" in analyst["aliases"]
    assert "MEMBER_OF" in {r["relationship"]["type"] for r in analyst["relations"]}
    undo = """mutation($id: ID!) { undoMerge(judgementId: $id) { undoneAt } }"""
    assert ask(undo, role="fiu_analyst", variables={"id": judgement["id"]})["data"]
    restored = _one(
        driver, neo4j_settings, "MATCH (n {id: $id}) RETURN n.restricted_aliases", id=keep
    )
    assert restored is None


def test_withdrawing_the_public_mention_restricts_the_person_again(
    notes: Path, driver: neo4j.Driver, neo4j_settings: Settings, ask: Any
) -> None:
    notes.write_text(PRESS_LATER, encoding="utf-8")
    _ingest(driver, neo4j_settings, [notes], PUBLIC)
    body = ask(ENTITY, role="partner", variables={"id": BEKOV})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "KAZ" not in body["text"]
    analyst = ask(ENTITY, role="fiu_analyst", variables={"id": BEKOV})["data"]["entity"]
    assert (analyst["classification"], analyst["nationality"]) == (RESTRICTED, "KAZ")
    stored = _one(driver, neo4j_settings, "MATCH (n {id: $id}) RETURN n.restricted_props", id=BEKOV)
    assert stored is None
