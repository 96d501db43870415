"""Donors, who funds what, overlaps and country overviews on the sample graph."""

from __future__ import annotations

from typing import Any

import pytest

from graphhub.queries import funding
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.filters import FundingFilter
from graphhub.queries.funding import GroupBy
from graphhub.queries.paging import PageRequest
from graphhub.queries.runner import Runner

pytestmark = pytest.mark.neo4j


async def test_donors_sorted_by_total_hide_the_restricted_donor(
    graph: Any, public: Runner, analyst: Runner
) -> None:
    page = await funding.donors(public, PageRequest(sort="TOTAL", descending=True))
    assert [(d.node.name, d.total_usd) for d in page.items] == [
        ("Government of Japan", 1_700_000.0),
        ("European Union", 1_330_000.0),
        ("United States Agency for International Development", 500_000.0),
    ]
    assert page.total == 3
    seen = await funding.donors(analyst, PageRequest(sort="NAME"))
    assert "Confidential Donor Fund" in [d.node.name for d in seen.items]
    assert seen.total == 4


async def test_donor_pages_follow_on(graph: Any, public: Runner) -> None:
    first = await funding.donors(public, PageRequest(0, 2, sort="NAME"))
    second = await funding.donors(public, PageRequest(2, 2, sort="NAME"))
    assert first.has_next and not second.has_next
    names = [d.node.name for d in first.items + second.items]
    assert names == sorted(names, key=str.lower)


async def test_page_size_and_sort_are_checked(graph: Any, public: Runner) -> None:
    with pytest.raises(BadInput, match="page size"):
        await funding.donors(public, PageRequest(0, 500))
    with pytest.raises(BadInput, match="cannot sort"):
        await funding.donors(public, PageRequest(sort="SECRET"))


async def test_who_funds_what_splits_multi_country_projects(graph: Any, public: Runner) -> None:
    rows = await funding.who_funds_what(public, [GroupBy.COUNTRY], FundingFilter())
    by_country = {row.country.name: row for row in rows if row.country}
    # XAC/K22 (USD 500,000) runs in Kazakhstan and Kyrgyzstan: half to each.
    assert by_country["Kazakhstan"].amount_usd == 250_000.0
    assert by_country["Kyrgyzstan"].amount_usd == 250_000.0 + 300_000.0 + 266_000.0
    assert by_country["Tajikistan"].amount_usd == 1_000_000.0 + 1_064_000.0 + 400_000.0
    assert sum(row.amount_usd for row in rows) == 3_530_000.0
    tjk = by_country["Tajikistan"]
    assert (tjk.projects, tjk.donors) == (2, 2)
    assert {(c.currency, c.amount) for c in tjk.currencies} == {
        ("USD", 1_400_000.0), ("EUR", 800_000.0)
    }


async def test_restricted_funding_stays_out_of_public_sums(
    graph: Any, public: Runner, analyst: Runner
) -> None:
    where = FundingFilter(country="KGZ", sector="16063")
    [shown] = await funding.who_funds_what(public, [GroupBy.SECTOR], where)
    [full] = await funding.who_funds_what(analyst, [GroupBy.SECTOR], where)
    assert (shown.amount_usd, shown.donors) == (566_000.0, 2)
    assert (full.amount_usd, full.donors) == (1_266_000.0, 3)
    assert not public.restricted_seen
    assert analyst.restricted_seen


async def test_who_funds_what_by_donor_and_year(graph: Any, public: Runner) -> None:
    rows = await funding.who_funds_what(
        public, [GroupBy.DONOR, GroupBy.YEAR], FundingFilter(year_from=2013)
    )
    got = {(row.donor.name if row.donor else None, row.year): row.amount_usd for row in rows}
    assert got == {
        ("Government of Japan", 2013): 1_000_000.0,
        ("Government of Japan", 2014): 300_000.0,
        ("European Union", 2014): 1_330_000.0,
    }


async def test_bad_filters_are_refused(graph: Any, public: Runner) -> None:
    with pytest.raises(BadInput, match="year_from"):
        await funding.who_funds_what(public, [GroupBy.DONOR], FundingFilter(year_from=20))
    with pytest.raises(BadInput, match="group_by"):
        await funding.who_funds_what(public, [], FundingFilter())


async def test_overlaps_need_donors_active_in_the_same_years(
    graph: Any, public: Runner, analyst: Runner
) -> None:
    cells = await funding.overlaps(public, FundingFilter())
    got = {(c.country.name, c.sector.name): (c.years, sorted(d.name for d in c.donors))
           for c in cells}
    assert got == {
        ("Tajikistan", "border control"): (
            [2012, 2013, 2014, 2015, 2016], ["European Union", "Government of Japan"]),
        ("Kyrgyzstan", "drug demand reduction"): (
            [2013, 2014, 2015], ["European Union", "Government of Japan"]),
    }
    three = await funding.overlaps(analyst, FundingFilter(), min_donors=3)
    assert [(c.country.name, len(c.donors)) for c in three] == [("Kyrgyzstan", 3)]
    assert await funding.overlaps(public, FundingFilter(), min_donors=3) == []


async def test_country_overview(graph: Any, public: Runner, analyst: Runner) -> None:
    shown = await funding.country_overview(public, "tjk")
    assert shown.country.name == "Tajikistan"
    assert [r.name for r in shown.regions] == ["Central Asia"]
    assert (shown.projects, shown.seizures, shown.seized_kg) == (2, 1, 120.0)
    assert shown.total_usd == 2_464_000.0
    full = await funding.country_overview(analyst, "TJK")
    assert (full.seizures, full.seized_kg) == (2, 165.0)
    with pytest.raises(NotFound):
        await funding.country_overview(public, "XXX")
