"""Structured names on the real Neo4j: no silent merges, fuzzy candidates proposed, reviewed.

Contribution tables written here, with invented donor names, loaded as the CLI loads
them (``ingestion.load``); proposals listed and decided through the query and writer
modules the API and ``graphhub review`` call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC, RESTRICTED, Label
from graphhub.queries import funding, proposals
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.paging import PageRequest
from graphhub.queries.runner import Runner
from graphhub.writer import judgements, review
from ingestion.load import load_file
from ingestion.resolve import Resolver
from ingestion.resolve.features import name_key
from ingestion.resolve.fuzzy import Candidate, best_match, extra_word
from ingestion.resolve.governments import government_id
from tests.graphhub.queries.conftest import analyst, async_driver, public

__all__ = ["analyst", "async_driver", "public"]

pytestmark = pytest.mark.neo4j

HEADER = "Donor,Recipient Country,Project ID,Project Title,Sector,Amount,Currency,Year,Type\n"
ORG = Label.ORGANIZATION
# Unsplit list cells, each pair a whole donor apart, as a real aid database had them.
LIST_PAIRS = [
    ("Alderbrook Reconstruction Trust Fund|Nordland|Corvid Development Bank",
     "Alderbrook Reconstruction Trust Fund|Corvid Development Bank", "nordland"),
    ("Kestrel Humanitarian Pooled Fund|Vesteria|Ostmark|Larkspur Relief Agency",
     "Kestrel Humanitarian Pooled Fund|Ostmark|Larkspur Relief Agency", "vesteria"),
    ("Marrowgate Multi-Partner Trust Fund|Quillon|Saltmere Cooperation Office",
     "Marrowgate Multi-Partner Trust Fund|Saltmere Cooperation Office", "quillon"),
]
TYPO_PAIRS = [
    ("Heronsgate Nutrition Programme", "Heronsgate Nutrition Program"),
    ("Thistledown Water Initiative", "Thistledown Watter Initiative"),
]
ORGS = "MATCH (o:Organization) RETURN o.id AS id, o.name AS name, o.aliases AS aliases"


def table(tmp_path: Path, name: str, donors: list[str], start: int = 0) -> Path:
    """A contribution table: one row per donor, amounts 1,000,000 apart, own project each."""
    lines = [
        f'"{donor}",Kyrgyzstan,QX/{start + n:03d},Border post {start + n},16063,'
        f"{(start + n + 1) * 1_000_000},USD,2015,commitment\n"
        for n, donor in enumerate(donors)
    ]
    path = tmp_path / name
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def organizations(driver: neo4j.Driver, database: str) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(ORGS, database_=database)
    return {r["name"]: r.data() for r in records}


async def totals(runner: Runner) -> dict[str, float]:
    page = await funding.donors(runner, PageRequest(0, 200, "NAME"))
    return {s.node.props["name"]: s.total_usd for s in page.items}


async def pending(runner: Runner, status: str | None = "pending") -> list[proposals.Proposal]:
    return (await proposals.proposals(runner, PageRequest(0, 200, "AT"), status)).items


async def test_donor_lists_a_whole_donor_apart_are_neither_merged_nor_proposed(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, analyst: Runner,
    public: Runner,
) -> None:
    database = neo4j_settings.neo4j_database
    for longer, shorter, word in LIST_PAIRS:
        # The name similarity alone would have merged them (the old rule: same first word,
        # score above the threshold); the word only one has says they are different.
        assert best_match(ORG, name_key(longer, ORG), None,
                          [Candidate(name_key(shorter, ORG), None)]) is not None
        assert extra_word(name_key(longer, ORG), name_key(shorter, ORG)) == word
    first = table(tmp_path, "a.csv", [shorter for _, shorter, _ in LIST_PAIRS])
    second = table(tmp_path, "b.csv", [longer for longer, _, _ in LIST_PAIRS], start=3)
    for path in (first, second):
        assert load_file(driver, database, "contributions", path, state_dir=tmp_path,
                         classification=PUBLIC).status == "written"

    orgs = organizations(driver, database)
    assert len(orgs) == 6 and all(len({orgs[a]["id"], orgs[b]["id"]}) == 2
                                  for a, b, _ in LIST_PAIRS)
    # A whole word apart: not proposed either.
    assert await pending(analyst, None) == []
    assert await totals(public) == {
        "Alderbrook Reconstruction Trust Fund|Corvid Development Bank": 1_000_000.0,
        "Kestrel Humanitarian Pooled Fund|Ostmark|Larkspur Relief Agency": 2_000_000.0,
        "Marrowgate Multi-Partner Trust Fund|Saltmere Cooperation Office": 3_000_000.0,
        "Alderbrook Reconstruction Trust Fund|Nordland|Corvid Development Bank": 4_000_000.0,
        "Kestrel Humanitarian Pooled Fund|Vesteria|Ostmark|Larkspur Relief Agency": 5_000_000.0,
        "Marrowgate Multi-Partner Trust Fund|Quillon|Saltmere Cooperation Office": 6_000_000.0,
    }


async def test_typo_pairs_are_proposed_then_accepted_undone_and_rejected_for_good(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, analyst: Runner,
    public: Runner,
) -> None:
    database = neo4j_settings.neo4j_database
    first = table(tmp_path, "a.csv", [known for known, _ in TYPO_PAIRS])
    second = table(tmp_path, "b.csv", [seen for _, seen in TYPO_PAIRS], start=2)
    load_file(driver, database, "contributions", first, state_dir=tmp_path,
              classification=PUBLIC)
    report = load_file(driver, database, "contributions", second, state_dir=tmp_path,
                       classification=PUBLIC)

    orgs = organizations(driver, database)
    assert len(orgs) == 4
    found = await pending(public)
    assert {(p.keep_name, p.merged_name) for p in found} == set(TYPO_PAIRS)
    assert all(p.status == "pending" and p.classification == PUBLIC and p.score >= 0.92
               and p.source == report.doc_id and "token_sort_ratio" in p.reason for p in found)
    before = await totals(public)
    assert before == {TYPO_PAIRS[0][0]: 1e6, TYPO_PAIRS[1][0]: 2e6,
                      TYPO_PAIRS[0][1]: 3e6, TYPO_PAIRS[1][1]: 4e6}
    programme, water = sorted(found, key=lambda p: p.keep_name)

    accepted = await review.accept(analyst, programme.id, "one programme", "key-a")
    assert accepted.status == "accepted" and accepted.merge_judgement
    assert accepted.decided_by == "key-a" and accepted.decision_reason == "one programme"
    merged = await totals(public)
    assert merged[TYPO_PAIRS[0][0]] == 4e6 and TYPO_PAIRS[0][1] not in merged
    with pytest.raises(BadInput, match="accepted, not pending"):
        await review.reject(analyst, programme.id, "changed my mind", "key-a")

    await judgements.undo_merge(analyst, accepted.merge_judgement, "key-b")
    assert await totals(public) == before
    reopened = await proposals.proposal(analyst, programme.id)
    assert reopened.status == "pending" and reopened.merge_judgement is None
    assert reopened.undone_at is not None

    rejected = await review.reject(analyst, water.id, "two initiatives", "key-a")
    assert rejected.status == "rejected"
    # A rerun on a resolver that knows nothing yet meets the same pair again: the
    # proposal keeps its id and stays rejected.
    fresh = Resolver.with_aliases()
    for path in (first, second):
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        load_file(driver, database, "contributions", path, state_dir=tmp_path,
                  classification=PUBLIC, resolver=fresh)
    after = {p.id: p.status for p in await pending(analyst, None)}
    assert after == {programme.id: "pending", water.id: "rejected"}
    assert len(organizations(driver, database)) == 4


async def test_a_partner_does_not_see_a_restricted_proposal(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, analyst: Runner,
    public: Runner,
) -> None:
    database = neo4j_settings.neo4j_database
    known, seen = TYPO_PAIRS[0]
    load_file(driver, database, "contributions", table(tmp_path, "a.csv", [known]),
              state_dir=tmp_path, classification=PUBLIC)
    # Undeclared: restricted.
    load_file(driver, database, "contributions", table(tmp_path, "b.csv", [seen], start=1),
              state_dir=tmp_path)

    [item] = await pending(analyst)
    assert item.classification == RESTRICTED
    assert await pending(public, None) == []
    with pytest.raises(NotFound):
        await proposals.proposal(public, item.id)
    with pytest.raises(NotFound):
        await review.accept(public, item.id, "looks the same", "key-p")
    assert (await proposals.proposal(analyst, item.id)).status == "pending"


def test_governments_resolve_by_country_code_and_every_name_stays_an_alias(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    database = neo4j_settings.neo4j_database
    names = ["United States", "United States of America, Government of",
             "Government of the United States", "USA", "Ostmark Relief Agency"]
    load_file(driver, database, "contributions", table(tmp_path, "a.csv", names),
              state_dir=tmp_path, classification=PUBLIC)
    load_file(driver, database, "contributions",
              table(tmp_path, "b.csv", ["Denmark", "Government of Denmark"], start=5),
              state_dir=tmp_path, classification=PUBLIC)

    orgs = organizations(driver, database)
    assert set(orgs) == {"Government of the United States", "Government of Denmark",
                         "Ostmark Relief Agency"}
    usa = orgs["Government of the United States"]
    assert usa["id"] == government_id("USA")
    assert set(usa["aliases"]) >= {"United States", "United States of America, Government of",
                                   "USA"}
    denmark = orgs["Government of Denmark"]
    assert denmark["id"] == government_id("DNK") and "Denmark" in denmark["aliases"]


def test_the_aiddata_iati_subset_merges_no_two_donors(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, shared_data: Path
) -> None:
    database = neo4j_settings.neo4j_database
    path = (shared_data / "external" / "iati" / "examples"
            / "aiddata_afghanistan_aims_iati_1.04_subset.xml")
    if not path.is_file():
        pytest.skip(f"{path} is not in the shared data")
    report = load_file(driver, database, "iati", path, state_dir=tmp_path, classification=PUBLIC)
    assert report.status == "written", report.failure

    stated = {(e.text or "").strip() for e in ElementTree.parse(path).iter("participating-org")}
    orgs = organizations(driver, database)
    holder = {name: org["id"] for org in orgs.values()
              for name in (org["name"], *(org["aliases"] or ()))}
    print(f"\nAidData IATI subset: {len(stated)} organisation names, {len(orgs)} organizations")
    # Every name the file gives is a node's name or alias, and no node holds two of them:
    # no two different donors were merged.
    assert stated <= set(holder)
    assert len({holder[name] for name in stated}) == len(stated) == len(orgs) == 21
    assert orgs["Government of Italy"]["id"] == government_id("ITA")
    assert orgs["Government of Italy"]["aliases"] == ["Italy"]
    judged, _, _ = driver.execute_query("MATCH (j:Judgement) RETURN j.kind AS kind",
                                        database_=database)
    assert [r["kind"] for r in judged] == []
