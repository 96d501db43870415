"""Building the report from a real graph: scope, public data only, figures, freshness."""

from __future__ import annotations

import neo4j
import pytest

from graphhub.queries.runner import Runner
from graphhub.reports.errors import SelectionError
from graphhub.reports.report import build_report
from graphhub.reports.selection import make_selection

from .conftest import Doc

pytestmark = pytest.mark.neo4j


def _public_fundings(docs: list[Doc]) -> list[tuple[str, float, tuple[str, ...], int]]:
    """(donor, amount, countries, year) of every public funding the fixture wrote."""
    out = []
    for doc in docs:
        if doc.classification != "public":
            continue
        for edge in doc.edges:
            if edge.type == "FUNDS":
                countries = tuple(sorted({
                    doc.nodes[e.end].props["iso3"] for e in doc.edges
                    if e.type == "IN_COUNTRY" and e.start == edge.end
                }))
                out.append((doc.nodes[edge.start].name, edge.props["amount_usd"], countries,
                            edge.props["year"]))
    return out


async def test_central_asia_from_the_bundled_region_list(
    central_asia: list[Doc], runner: Runner,
) -> None:
    report = await build_report(runner, make_selection(region="Central Asia"))
    assert report.scope.region_source == "bundled"
    assert report.scope.iso3 == ("KAZ", "KGZ", "TJK", "TKM", "UZB")
    expected = [f for f in _public_fundings(central_asia) if set(f[2]) & set(report.scope.iso3)]
    assert report.figures.fundings == len(expected)
    # A funding of a project in n countries counts 1/n in each.
    assert report.figures.total_usd == pytest.approx(
        sum(f[1] * len(set(f[2]) & set(report.scope.iso3)) / len(f[2]) for f in expected)
    )
    cells = {c.key: c for c in report.figures.cells}
    tjk = [f for f in expected if "TJK" in f[2]]
    assert cells[("TJK", "border control")].amount_usd == pytest.approx(
        sum(f[1] / len(f[2]) for f in tjk)
    )
    assert sum(c.amount_usd for c in report.figures.cells) == pytest.approx(
        report.figures.total_usd
    )
    assert sum(d.amount_usd for d in report.figures.donors) == pytest.approx(
        report.figures.total_usd
    )
    assert sum(y.amount_usd for y in report.figures.years) == pytest.approx(
        report.figures.total_usd
    )
    assert len(cells[("TJK", "border control")].donors) == len({f[0] for f in tjk})
    # Afghanistan is outside the region; the restricted funding never shows.
    assert not any(c.country.key in {"AFG", "TKM"} for c in report.figures.cells)
    names = {d.donor for d in report.figures.donors}
    assert "Shadow Donor" not in names and "Government of Norway" not in names
    # Documents: the public ones behind the figures; the newest is the latest source.
    assert {d.title for d in report.documents} == {"donor update 2012", "project sheet UZB/K25"}
    assert report.latest_source is not None
    assert report.latest_source.date == "2014-06-30"
    # Border control in Tajikistan is crowded; Kyrgyzstan (Japan only) and Uzbekistan
    # depend on one donor.
    assert any(o.country.key == "TJK" for o in report.overlaps)
    assert {c.cell.country.key for c in report.dependent_cells} == {"KGZ", "UZB"}


async def test_region_edges_in_the_graph_take_precedence(
    driver: neo4j.Driver, central_asia: list[Doc], runner: Runner,
    database: str,
) -> None:
    regions = Doc("regions")
    regions.region("Central Asia", ("TJK", "UZB"))
    regions.write(driver, database)
    report = await build_report(runner, make_selection(region="central asia"))
    assert report.scope.region_source == "graph"
    assert report.scope.iso3 == ("TJK", "UZB")
    assert {c.country.key for c in report.figures.cells} == {"TJK", "UZB"}


async def test_period_sector_and_country_filters(
    central_asia: list[Doc], runner: Runner,
) -> None:
    selection = make_selection(countries="TJK,UZB", sectors="HIV prevention", year_from=2012,
                               year_to=2013)
    report = await build_report(runner, selection)
    expected = [f for f in _public_fundings(central_asia)
                if "UZB" in f[2] and 2012 <= f[3] <= 2013]
    assert report.figures.total_usd == pytest.approx(sum(f[1] for f in expected))
    assert [y.year for y in report.figures.years] == sorted({f[3] for f in expected})


async def test_empty_selection_and_unknown_region(
    central_asia: list[Doc], runner: Runner,
) -> None:
    report = await build_report(runner, make_selection(countries="GEO"))
    assert report.empty
    assert report.documents == ()
    with pytest.raises(SelectionError, match="unknown region 'Atlantis'"):
        await build_report(runner, make_selection(region="Atlantis"))
