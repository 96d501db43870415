"""Overlapping cells from the API, with each donor's projects and years added."""

from __future__ import annotations

from graphhub.reports.facts import Place, SharedCell
from graphhub.reports.overlaps import describe_overlaps

from .conftest import FundingFactory


def test_each_donor_gets_its_projects_and_years(make_funding: FundingFactory) -> None:
    fundings = [
        make_funding("Japan", "TAJ/K45", 1.0, 2012, start_year=2011, end_year=2014),
        make_funding("EU", "TAJ/E24", 1.0, 2011, start_year=2010, end_year=2012),
        # Japan in another country: not part of the Tajik cell.
        make_funding("Japan", "KGZ/K50", 1.0, 2012, countries=("KGZ",)),
    ]
    cell = SharedCell(
        country=Place("TJK", "Tajikistan"),
        sector=Place("border control", "border control"),
        years=(2012, 2011),
        donors=(Place("japan", "Japan"), Place("eu", "EU")),
        projects=(Place("taj/k45", "TAJ/K45"), Place("taj/e24", "TAJ/E24")),
    )
    (overlap,) = describe_overlaps([cell], fundings)
    assert overlap.years == (2011, 2012)
    assert overlap.period == "2011–2012"
    assert [(d.donor, d.period, d.projects) for d in overlap.donors] == [
        ("EU", "2010–2012", (("taj/e24", "TAJ/E24"),)),
        ("Japan", "2011–2014", (("taj/k45", "TAJ/K45"),)),
    ]


def test_most_crowded_first(make_funding: FundingFactory) -> None:
    def cell(iso3: str, donors: int) -> SharedCell:
        return SharedCell(
            Place(iso3, iso3), Place("x", "x"), (2012,),
            tuple(Place(f"d{i}", f"D{i}") for i in range(donors)), (),
        )

    found = describe_overlaps([cell("KGZ", 2), cell("TJK", 3)], [])
    assert [o.country.key for o in found] == ["TJK", "KGZ"]
    assert all(d.projects == () and d.period == "" for d in found[0].donors)
