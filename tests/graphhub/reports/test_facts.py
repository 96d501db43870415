"""The facts a report is built from: query answers as places, fundings and documents."""

from __future__ import annotations

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.queries.funding_lines import FundingLine
from graphhub.queries.kinds import FundingKind
from graphhub.queries.records import Node, Rel
from graphhub.queries.runner import Runner
from graphhub.reports.facts import (
    Place,
    fetch_documents,
    fetch_fundings,
    funding_of,
    require_public,
)
from graphhub.reports.selection import Scope, Selection

from .conftest import Doc


def _line(countries: tuple[Node, ...], sectors: tuple[Node, ...]) -> FundingLine:
    return FundingLine(
        rel=Rel("f1", "FUNDS", "d1", "p1", {"year": 2012, "amount_usd": 5.0}),
        donor=Node("d1", ("Organization",), {"name": "Sida"}),
        project=Node("p1", ("Project",), {"code": "UZB/K25", "start_year": 2012}),
        kind=FundingKind.COMMITMENT, onward=False, superseded=False,
        countries=countries, sectors=sectors, sources=("doc1",),
    )


def test_a_funding_names_its_places_or_says_they_are_not_stated() -> None:
    uzb = Node("c1", ("Country",), {"iso3": "UZB", "name": "Uzbekistan"})
    hiv = Node("s1", ("Sector",), {"name": "HIV prevention", "code": "13040"})
    funding = funding_of(_line((uzb, uzb), (hiv,)))
    assert funding.countries == (Place("UZB", "Uzbekistan"),)
    assert funding.sectors == (Place("hiv prevention", "HIV prevention", "13040"),)
    assert (funding.donor, funding.title, funding.year, funding.amount_usd) == (
        "Sida", "UZB/K25", 2012, 5.0
    )
    bare = funding_of(_line((), ()))
    assert [p.name for p in (*bare.countries, *bare.sectors)] == [
        "country not stated", "sector not stated"
    ]


@pytest.mark.neo4j
async def test_public_fundings_and_documents_newest_first(
    central_asia: list[Doc], runner: Runner
) -> None:
    fundings = await fetch_fundings(runner, Scope(Selection(), ()))
    assert "Shadow Donor" not in {f.donor for f in fundings}
    ids = {s for f in fundings for s in f.sources} | {d.id for d in central_asia}
    documents = await fetch_documents(runner, ids)
    assert [d.title for d in documents] == ["project sheet UZB/K25", "donor update 2012"]
    assert await fetch_documents(runner, set()) == []


@pytest.mark.neo4j
async def test_a_runner_that_may_see_restricted_data_is_refused(
    async_driver: neo4j.AsyncDriver, neo4j_settings: Settings, runner: Runner
) -> None:
    assert require_public(runner) is runner
    analyst = Runner(async_driver, neo4j_settings.neo4j_database, 10.0, restricted_ok=True)
    with pytest.raises(ValueError, match="public data only"):
        require_public(analyst)
