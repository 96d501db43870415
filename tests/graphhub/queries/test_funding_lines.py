"""Funding lines on the sample graph: one row per FUNDS, with the project's places."""

from __future__ import annotations

from typing import Any

import pytest

from graphhub.queries.funding_lines import LineFilter, funding_lines
from graphhub.queries.runner import Runner

pytestmark = pytest.mark.neo4j


async def test_every_public_funding_once_with_its_places(graph: Any, public: Runner) -> None:
    lines = await funding_lines(public, LineFilter())
    assert len(lines) == 6
    assert "Confidential Donor Fund" not in {line.donor.name for line in lines}
    k22 = next(line for line in lines if line.project.get("code") == "XAC/K22")
    assert sorted(c.get("iso3") for c in k22.countries) == ["KAZ", "KGZ"]
    assert [s.name for s in k22.sectors] == ["border control"]
    assert k22.rel.get("amount_usd") == 500_000.0 and k22.rel.get("year") == 2012
    assert k22.sources and public.round_trips == 1


async def test_the_filter_takes_several_countries_and_sectors(
    graph: Any, public: Runner
) -> None:
    kgz = await funding_lines(public, LineFilter(countries=("KGZ", "UZB")))
    assert {line.project.get("code") for line in kgz} == {"XAC/K22", "KGZ/K50"}
    ddr = await funding_lines(public, LineFilter(sectors=("Drug Demand Reduction",)))
    assert {line.project.get("code") for line in ddr} == {"KGZ/K50"}
    by_code = await funding_lines(public, LineFilter(sectors=("15210",), year_from=2013))
    assert {(line.project.get("code"), line.rel.get("year")) for line in by_code} == {
        ("TAJ/E24", 2013), ("TAJ/E24", 2014)
    }
    paris = await funding_lines(public, LineFilter(programme="paris pact initiative"))
    assert {line.project.get("code") for line in paris} == {"TAJ/E24", "TAJ/E23"}


async def test_an_analyst_also_sees_the_restricted_funding(
    graph: Any, analyst: Runner
) -> None:
    lines = await funding_lines(analyst, LineFilter(countries=("KGZ",)))
    assert "Confidential Donor Fund" in {line.donor.name for line in lines}
