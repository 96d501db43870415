"""Funding chains against the real Neo4j: IATI activities linked by PASSES_TO, and onward
fundings of an intermediary (donor -> pooled fund -> NGOs)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC, RESTRICTED, Label, RelType
from graphhub.queries import chains
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.runner import Runner
from ingestion.commit import DocumentInfo, commit_extractions
from ingestion.records import EdgeRecord, Evidence, Extraction, NodeRecord
from ingestion.resolve import Resolver


def _module(name: str) -> ModuleType:
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"graphhub_{name}", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


files = _module("chain_files")
pytestmark = pytest.mark.neo4j


def _id(driver: neo4j.Driver, database: str, label: Label, key: str, value: str) -> str:
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) WHERE n[$key] = $value RETURN n.id AS id", key=key, value=value,
        database_=database,
    )
    [record] = records
    return str(record["id"])


def _summary(chain: chains.Chain) -> list[tuple[str | None, str | None, float | None, str | None]]:
    return [(s.from_name, s.to_name, s.amount_usd, s.kind) for s in chain.steps]


@pytest.fixture
def iati_chain(driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> dict[str, str]:
    database = neo4j_settings.neo4j_database
    files.load_chain(driver, database, tmp_path)
    return {
        "donor": _id(driver, database, Label.ORGANIZATION, "iati_ref", files.DONOR),
        "fund": _id(driver, database, Label.ORGANIZATION, "iati_ref", files.FUND),
        "fund_activity": _id(driver, database, Label.PROJECT, "code", files.FUND_ACTIVITY),
    }


def test_iati_links_load_as_passes_to(
    iati_chain: dict[str, str], driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (a:Project)-[l:PASSES_TO]->(b:Project) "
        "RETURN a.code AS a, b.code AS b, l.amount AS amount, l.kind AS kind, "
        "size(l.sources) AS sources, l.classification AS classification ORDER BY a, b",
        database_=neo4j_settings.neo4j_database,
    )
    assert [tuple(r.values()) for r in records] == [
        (files.NGO_A_ACTIVITY, files.LOCAL_ACTIVITY, 200_000.0, "disbursement", 1, RESTRICTED),
        # Stated by the giver's outgoing and the receiver's incoming transaction: one link.
        (files.FUND_ACTIVITY, files.NGO_A_ACTIVITY, 600_000.0, "disbursement", 2, PUBLIC),
        (files.FUND_ACTIVITY, files.NGO_B_ACTIVITY, 450_000.0, "disbursement", 1, PUBLIC),
        (files.DONOR_ACTIVITY, files.FUND_ACTIVITY, 1_000_000.0, "disbursement", 2, PUBLIC),
    ]
    # The activities the links point to are Projects by their IATI identifier, loaded or not.
    assert iati_chain["fund_activity"] == _id(
        driver, neo4j_settings.neo4j_database, Label.PROJECT, "code", files.FUND_ACTIVITY)


def test_iati_funds_keep_direction_and_onward(
    iati_chain: dict[str, str], driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (o:Organization)-[f:FUNDS]->(p:Project {code: $code}) "
        "RETURN o.iati_ref AS funder, f.amount AS amount, f.direction AS direction, "
        "f.onward AS onward ORDER BY amount",
        code=files.FUND_ACTIVITY, database_=neo4j_settings.neo4j_database,
    )
    assert [tuple(r.values()) for r in records] == [
        ("XI-VPF", 450_000.0, "outgoing", True),  # no provider-org: the reporting fund gives
        ("XM-DAC-8", 500_000.0, "incoming", None),
        ("XI-VPF", 600_000.0, "outgoing", True),
        ("XM-DAC-7", 1_000_000.0, "incoming", None),
    ]
    donor, _, _ = driver.execute_query(
        "MATCH (:Organization)-[f:FUNDS]->(:Project {code: $code}) RETURN f.direction AS d, "
        "f.onward AS onward", code=files.DONOR_ACTIVITY, database_=neo4j_settings.neo4j_database,
    )
    # A donor's own activity records no incoming funds: its disbursement is not onward.
    assert [tuple(r.values()) for r in donor] == [("outgoing", None)]


async def test_chains_from_the_donor_for_an_analyst(
    iati_chain: dict[str, str], analyst: Runner
) -> None:
    page = await chains.funding_chains(analyst, donor=iati_chain["donor"])
    assert page.total == 2
    assert [_summary(c) for c in page.items] == [
        [("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0, "disbursement"),
         ("Valley Pooled Fund", "Highland Health Network", 600_000.0, "disbursement"),
         ("Highland Health Network", "Upper Valley Clinics", 200_000.0, "disbursement")],
        [("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0, "disbursement"),
         ("Valley Pooled Fund", "River Schools Trust", 450_000.0, "disbursement")],
    ]
    deep, short = page.items
    assert {c.pattern for c in page.items} == {"passes_to"}
    assert [s.project.get("code") for s in deep.steps] == [
        files.FUND_ACTIVITY, files.NGO_A_ACTIVITY, files.LOCAL_ACTIVITY]
    # 2/3 of the fund's incoming money came from this donor; all the network's from the fund.
    assert [s.share for s in deep.steps] == [None, pytest.approx(2 / 3), 1.0]
    assert [s.estimate_usd for s in deep.steps] == [
        1_000_000.0, pytest.approx(400_000.0), pytest.approx(200_000 * 2 / 3)]
    assert short.steps[1].estimate_usd == pytest.approx(300_000.0)


async def test_a_partner_sees_the_chain_cut_before_the_restricted_step(
    iati_chain: dict[str, str], public: Runner
) -> None:
    page = await chains.funding_chains(public, donor=iati_chain["donor"])
    assert [_summary(c) for c in page.items] == [
        [("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0, "disbursement"),
         ("Valley Pooled Fund", "Highland Health Network", 600_000.0, "disbursement")],
        [("Ministry of Northern Aid", "Valley Pooled Fund", 1_000_000.0, "disbursement"),
         ("Valley Pooled Fund", "River Schools Trust", 450_000.0, "disbursement")],
    ]
    text = repr(page)
    assert "Upper Valley" not in text and files.LOCAL_ACTIVITY not in text
    # The restricted incoming funds of the network change nothing a partner sees.
    assert page.items[0].steps[1].estimate_usd == pytest.approx(400_000.0)


async def test_chains_through_a_project_or_organization_and_paging(
    iati_chain: dict[str, str], analyst: Runner
) -> None:
    through = await chains.funding_chains(analyst, project=iati_chain["fund_activity"])
    assert through.total == 2
    by_fund = await chains.funding_chains(analyst, organization=iati_chain["fund"])
    assert by_fund.total == 2
    first = await chains.funding_chains(analyst, organization=iati_chain["fund"], first=1)
    second = await chains.funding_chains(
        analyst, organization=iati_chain["fund"], first=1, after=1)
    assert (len(first.items), first.has_next, second.has_next) == (1, True, False)
    assert _summary(first.items[0]) + _summary(second.items[0]) == [
        s for c in by_fund.items for s in _summary(c)]


async def test_bad_arguments(iati_chain: dict[str, str], public: Runner) -> None:
    with pytest.raises(BadInput):
        await chains.funding_chains(public)
    with pytest.raises(BadInput):
        await chains.funding_chains(public, donor=iati_chain["donor"],
                                    project=iati_chain["fund_activity"])
    with pytest.raises(NotFound):
        await chains.funding_chains(public, donor="org:nobody")
    with pytest.raises(NotFound):  # a project is not a donor
        await chains.funding_chains(public, donor=iati_chain["fund_activity"])


# --- onward fundings: donor -> intermediary -> implementers -------------------------------


def _ev(doc: str, sentence: str) -> list[Evidence]:
    return [Evidence(doc, 0, len(sentence), sentence, "fixture", 1.0)]


def _onward_graph(driver: neo4j.Driver, database: str) -> None:
    """Two donors fund a pooled fund's project; the fund passes money to two NGOs' projects;
    one of those grants (and a third donor) is stated by a restricted document only."""
    public_doc, secret_doc = "doc:onward-public", "doc:onward-secret"
    s = "Onward funding fixture."
    orgs = {
        "north": "Northern Aid Office", "south": "Southern Relief Agency",
        "fund": "Lakeside Humanitarian Fund", "ngo1": "Delta Water Alliance",
        "ngo2": "Hill Schools Network", "ngo3": "Quiet Partner Trust",
    }

    def nodes(doc: str, names: list[str], classification: str) -> list[NodeRecord]:
        out = [NodeRecord(Label.ORGANIZATION, k, orgs[k], {}, [], classification, _ev(doc, s))
               for k in names]
        for code in ("LHF-IN", "LHF-G1", "LHF-G2", "LHF-G3"):
            out.append(NodeRecord(Label.PROJECT, code, code, {"code": code}, [],
                                  classification, _ev(doc, s)))
        return out

    def funds(doc: str, start: str, end: str, amount: float, kind: str,
              classification: str, onward: bool = False) -> EdgeRecord:
        props = {"amount": amount, "currency": "USD", "amount_usd": amount, "year": 2020,
                 "kind": kind, **({"onward": True} if onward else {})}
        return EdgeRecord(RelType.FUNDS, start, end, props, classification, _ev(doc, s))

    def impl(doc: str, project: str, org: str, classification: str) -> EdgeRecord:
        return EdgeRecord(RelType.IMPLEMENTED_BY, project, org, {}, classification, _ev(doc, s))

    public = Extraction(public_doc, nodes(public_doc, list(orgs)[:5], PUBLIC), [
        funds(public_doc, "north", "LHF-IN", 3_000_000, "disbursement", PUBLIC),
        funds(public_doc, "south", "LHF-IN", 1_000_000, "commitment", PUBLIC),
        impl(public_doc, "LHF-IN", "fund", PUBLIC),
        funds(public_doc, "fund", "LHF-G1", 800_000, "disbursement", PUBLIC, onward=True),
        impl(public_doc, "LHF-G1", "ngo1", PUBLIC),
        funds(public_doc, "fund", "LHF-G2", 400_000, "disbursement", PUBLIC, onward=True),
        impl(public_doc, "LHF-G2", "ngo2", PUBLIC),
    ])
    secret = Extraction(secret_doc, nodes(secret_doc, ["fund", "ngo3", "north"], RESTRICTED), [
        funds(secret_doc, "north", "LHF-IN", 4_000_000, "disbursement", RESTRICTED),
        funds(secret_doc, "fund", "LHF-G3", 250_000, "disbursement", RESTRICTED, onward=True),
        impl(secret_doc, "LHF-G3", "ngo3", RESTRICTED),
    ])
    items = [
        (DocumentInfo(public_doc, "Onward public", "txt", "fixture/public.txt",
                      classification=PUBLIC), public),
        (DocumentInfo(secret_doc, "Onward secret", "txt", "fixture/secret.txt",
                      classification=RESTRICTED), secret),
    ]
    for report in commit_extractions(driver, database, items, Resolver()):
        assert not isinstance(report, Exception), report


async def test_onward_chains_with_pro_rata_estimates(
    driver: neo4j.Driver, neo4j_settings: Settings, public: Runner, analyst: Runner
) -> None:
    _onward_graph(driver, neo4j_settings.neo4j_database)
    fund = _id(driver, neo4j_settings.neo4j_database, Label.ORGANIZATION, "name",
               "Lakeside Humanitarian Fund")
    seen = await chains.funding_chains(public, organization=fund)
    assert [_summary(c) for c in seen.items] == [
        [("Northern Aid Office", "Lakeside Humanitarian Fund", 3_000_000.0, "disbursement"),
         ("Lakeside Humanitarian Fund", "Delta Water Alliance", 800_000.0, "disbursement")],
        [("Northern Aid Office", "Lakeside Humanitarian Fund", 3_000_000.0, "disbursement"),
         ("Lakeside Humanitarian Fund", "Hill Schools Network", 400_000.0, "disbursement")],
        [("Southern Relief Agency", "Lakeside Humanitarian Fund", 1_000_000.0, "commitment"),
         ("Lakeside Humanitarian Fund", "Delta Water Alliance", 800_000.0, "disbursement")],
        [("Southern Relief Agency", "Lakeside Humanitarian Fund", 1_000_000.0, "commitment"),
         ("Lakeside Humanitarian Fund", "Hill Schools Network", 400_000.0, "disbursement")],
    ]
    assert {c.pattern for c in seen.items} == {"funds"}
    # A partner's shares: 3/4 north, 1/4 south of the visible incoming 4,000,000.
    assert [c.steps[1].estimate_usd for c in seen.items] == [
        pytest.approx(600_000.0), pytest.approx(300_000.0),
        pytest.approx(200_000.0), pytest.approx(100_000.0)]
    assert "Quiet Partner" not in repr(seen)
    everything = await chains.funding_chains(analyst, organization=fund)
    # The analyst also sees the restricted grant and the restricted 4,000,000 from north:
    # north gave 7 of the fund's 8 million. Three incoming fundings times three grants.
    assert everything.total == 9
    north_to_quiet = [c for c in everything.items
                      if c.steps[1].to_name == "Quiet Partner Trust"
                      and c.steps[0].from_name == "Northern Aid Office"]
    assert [s.estimate_usd for c in north_to_quiet for s in c.steps[1:]] == [
        pytest.approx(250_000 * 7 / 8), pytest.approx(250_000 * 7 / 8)]
