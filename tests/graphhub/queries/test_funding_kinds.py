"""What a funding figure counts: kinds apart, onward money once, slices in place, precedence."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.model import PUBLIC, RESTRICTED
from graphhub.queries import funding
from graphhub.queries.errors import BadInput
from graphhub.queries.filters import FundingFilter
from graphhub.queries.funding import GroupBy
from graphhub.queries.funding_lines import LineFilter, funding_lines
from graphhub.queries.kinds import FundingKind, parse_kinds
from graphhub.queries.paging import PageRequest
from graphhub.queries.runner import Runner
from ingestion.load import load_file

pytestmark = pytest.mark.neo4j

K = FundingKind


def _docs_module() -> ModuleType:
    path = Path(__file__).with_name("funding_docs.py")
    spec = importlib.util.spec_from_file_location("graphhub_funding_docs", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


docs = _docs_module()

TABLE = """donor,project_code,country,sector,amount,currency,year,kind
Kingdom of Norland,NRL/A01,KAZ,15210,1000000,USD,2015,commitment
Kingdom of Norland,NRL/A01,KAZ,15210,400000,USD,2015,disbursement
Ostmark Fund,OST/B02,KGZ,16063,250000,USD,2016,pledge
"""


@pytest.fixture
def table(driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> None:
    """A contribution table with a kind column, loaded as public data."""
    path = tmp_path / "aid_table.csv"
    path.write_text(TABLE, encoding="utf-8")
    report = load_file(driver, neo4j_settings.neo4j_database, "contributions", path,
                       state_dir=tmp_path / "state", classification=PUBLIC)
    assert report.bad_records == 0 and report.failure is None, report.summary()


def _by_donor(rows: list[funding.FundingRow]) -> dict[str, funding.FundingRow]:
    return {str(row.donor.name): row for row in rows if row.donor}


async def test_mixed_kinds_are_never_summed_unasked(table: None, public: Runner) -> None:
    rows = await funding.who_funds_what(public, [GroupBy.DONOR], FundingFilter())
    norland, ostmark = rows  # ranked by the largest sum of one kind
    assert norland.donor and norland.donor.name == "Kingdom of Norland"
    assert norland.amount_usd is None
    assert norland.amounts.held == (K.COMMITMENT, K.DISBURSEMENT)
    assert (norland.amounts.of(K.COMMITMENT), norland.amounts.of(K.DISBURSEMENT)) == (
        1_000_000.0, 400_000.0)
    assert "mixes commitments and disbursements" in norland.amount_note
    assert (ostmark.amount_usd, ostmark.amount_note) == (250_000.0, "pledges")
    assert {(c.currency, c.kind, c.amount) for c in norland.currencies} == {
        ("USD", K.COMMITMENT, 1_000_000.0), ("USD", K.DISBURSEMENT, 400_000.0)}


async def test_kinds_sum_exactly_the_kinds_asked_for(table: None, public: Runner) -> None:
    both = await funding.who_funds_what(
        public, [GroupBy.DONOR], FundingFilter(kinds=[K.DISBURSEMENT, K.COMMITMENT]))
    assert [(r.donor.name if r.donor else None, r.amount_usd) for r in both] == [
        ("Kingdom of Norland", 1_400_000.0)]
    assert both[0].amount_note == "sum of commitments and disbursements, as asked"
    pledged = await funding.who_funds_what(
        public, [GroupBy.COUNTRY], FundingFilter(kinds=[K.PLEDGE, K.COMMITMENT]))
    assert {r.country.name if r.country else None: r.amount_usd for r in pledged} == {
        "Kazakhstan": 1_000_000.0, "Kyrgyzstan": 250_000.0}
    with pytest.raises(BadInput, match="kinds"):
        await funding.who_funds_what(public, [GroupBy.DONOR], FundingFilter(kinds=[]))
    assert parse_kinds("disbursement, Commitment") == (K.COMMITMENT, K.DISBURSEMENT)
    with pytest.raises(BadInput, match="'paid' is not a kind"):
        parse_kinds("paid")


async def test_group_by_kind(table: None, public: Runner) -> None:
    rows = await funding.who_funds_what(public, [GroupBy.KIND], FundingFilter())
    assert [(r.kind, r.amount_usd, r.fundings) for r in rows] == [
        (K.COMMITMENT, 1_000_000.0, 1), (K.DISBURSEMENT, 400_000.0, 1),
        (K.PLEDGE, 250_000.0, 1)]


async def test_donor_summaries_keep_kinds_apart(table: None, public: Runner) -> None:
    page = await funding.donors(public, PageRequest(sort="TOTAL", descending=True))
    norland, ostmark = page.items
    assert norland.total_usd is None
    assert (norland.amounts.of(K.COMMITMENT), norland.amounts.of(K.DISBURSEMENT)) == (
        1_000_000.0, 400_000.0)
    assert (ostmark.node.name, ostmark.total_usd) == ("Ostmark Fund", 250_000.0)
    overview = await funding.country_overview(public, "KAZ")
    assert overview.total_usd is None
    assert overview.amounts.of(K.DISBURSEMENT) == 400_000.0
    asked = await funding.country_overview(public, "KAZ", kinds=[K.COMMITMENT])
    assert asked.total_usd == 1_000_000.0


@pytest.fixture
def chain(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    """Norland funds a pooled fund's project; the pool passes USD 600,000 on to another."""
    doc = docs.FundingDoc("pooled fund report", source_kind="fts")
    first = doc.project("POOL/01", ("TJK",), ("15210",), implementers=("Pamir Pool",))
    second = doc.project("POOL/02", ("TJK",), ("15210",), implementers=("Vakhsh Relief",))
    doc.fund("Kingdom of Norland", first, 1_000_000, 2015, "disbursement")
    doc.fund("Pamir Pool", second, 600_000, 2015, "disbursement", onward=True)
    doc.write(driver, neo4j_settings.neo4j_database)


async def test_onward_money_counts_once_by_donor_and_for_its_implementer(
    chain: None, public: Runner
) -> None:
    rows = _by_donor(await funding.who_funds_what(public, [GroupBy.DONOR], FundingFilter()))
    assert rows["Kingdom of Norland"].amount_usd == 1_000_000.0
    pool = rows["Pamir Pool"]
    assert (pool.amount_usd, pool.fundings, pool.onward_usd, pool.onward_fundings) == (
        0.0, 0, 600_000.0, 1)
    [country] = await funding.who_funds_what(public, [GroupBy.COUNTRY], FundingFilter())
    assert (country.amount_usd, country.onward_usd) == (1_000_000.0, 600_000.0)
    counted = await funding.who_funds_what(
        public, [GroupBy.COUNTRY], FundingFilter(include_onward=True))
    assert (counted[0].amount_usd, counted[0].onward_usd) == (1_600_000.0, 0.0)
    reached = await funding.who_funds_what(public, [GroupBy.IMPLEMENTER], FundingFilter())
    assert {r.implementer.name if r.implementer else None: r.amount_usd for r in reached} == {
        "Pamir Pool": 1_000_000.0, "Vakhsh Relief": 600_000.0}
    summaries = {s.node.name: s for s in (await funding.donors(public, PageRequest())).items}
    assert (summaries["Pamir Pool"].total_usd, summaries["Pamir Pool"].onward_usd) == (
        0.0, 600_000.0)
    lines = {line.donor.name: line for line in await funding_lines(public, LineFilter())}
    assert not lines["Pamir Pool"].counts and lines["Kingdom of Norland"].counts


@pytest.fixture
def slices(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    """A two-country activity whose commitment is split 70/30 between its countries."""
    doc = docs.FundingDoc("activity file", source_kind="iati")
    project = doc.project("NRL/S01", ("KAZ", "KGZ"), ("15210",))
    for iso3, share in (("KAZ", 0.7), ("KGZ", 0.3)):
        doc.fund("Kingdom of Norland", project, 1_000_000 * share, 2015, "commitment",
                 country=iso3, share=share, total_amount=1_000_000, split_by=["country"])
    doc.write(driver, neo4j_settings.neo4j_database)


async def test_a_slice_counts_in_its_own_country_only(slices: None, public: Runner) -> None:
    rows = await funding.who_funds_what(public, [GroupBy.COUNTRY], FundingFilter())
    assert {r.country.name if r.country else None: r.amount_usd for r in rows} == {
        "Kazakhstan": pytest.approx(700_000.0), "Kyrgyzstan": pytest.approx(300_000.0)}
    [kgz] = await funding.who_funds_what(public, [GroupBy.DONOR], FundingFilter(country="KGZ"))
    assert kgz.amount_usd == pytest.approx(300_000.0)
    lines = await funding_lines(public, LineFilter(countries=("KGZ",)))
    assert [[c.get("iso3") for c in line.countries] for line in lines] == [["KGZ"]]


def _precedence_graph(driver: neo4j.Driver, database: str, iati_classification: str) -> None:
    table = docs.FundingDoc("aid table", source_kind="contributions")
    project = table.project("NRL/P01", ("KAZ",), ("15210",))
    table.fund("Kingdom of Norland", project, 1_000_000, 2015, "commitment")
    table.fund("Kingdom of Norland", project, 80_000, 2016, "commitment")
    table.write(driver, database)
    iati = docs.FundingDoc("activity file", iati_classification, source_kind="iati")
    project = iati.project("NRL/P01", ("KAZ",), ("15210",))
    iati.fund("Kingdom of Norland", project, 950_000, 2015, "commitment")
    iati.write(driver, database)


async def test_the_best_ranked_source_counts(
    driver: neo4j.Driver, neo4j_settings: Settings, public: Runner
) -> None:
    _precedence_graph(driver, neo4j_settings.neo4j_database, PUBLIC)
    by_year = await funding.who_funds_what(public, [GroupBy.YEAR], FundingFilter())
    assert [(r.year, r.amount_usd, r.corroboration) for r in by_year] == [
        (2015, 950_000.0, 1), (2016, 80_000.0, 0)]
    lines = {line.rel.get("amount_usd"): line for line in await funding_lines(public, LineFilter())}
    assert lines[1_000_000].superseded and not lines[1_000_000].counts
    assert lines[950_000].counts and lines[80_000].counts
    settings = Settings.from_env({"GRAPHHUB_FUNDING_PRECEDENCE": "contributions"})
    table_first = replace(public, funding_precedence=settings.funding_precedence,
                          restricted_seen=set())
    rows = await funding.who_funds_what(table_first, [GroupBy.YEAR], FundingFilter())
    assert [(r.year, r.amount_usd, r.corroboration) for r in rows] == [
        (2015, 1_000_000.0, 1), (2016, 80_000.0, 0)]
    [norland] = (await funding.donors(public, PageRequest())).items
    assert (norland.total_usd, norland.corroboration) == (1_030_000.0, 1)


async def test_a_restricted_source_never_changes_a_partners_figure(
    driver: neo4j.Driver, neo4j_settings: Settings, public: Runner, analyst: Runner
) -> None:
    _precedence_graph(driver, neo4j_settings.neo4j_database, RESTRICTED)
    [shown] = await funding.who_funds_what(public, [GroupBy.DONOR], FundingFilter())
    assert (shown.amount_usd, shown.corroboration) == (1_080_000.0, 0)
    [full] = await funding.who_funds_what(analyst, [GroupBy.DONOR], FundingFilter())
    assert (full.amount_usd, full.corroboration) == (1_030_000.0, 1)
    assert not public.restricted_seen
