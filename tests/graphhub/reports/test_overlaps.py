"""Cells where several donors are active in the same years."""

from __future__ import annotations

from graphhub.reports.overlaps import find_overlaps
from graphhub.reports.selection import Scope, Selection

from .conftest import FundingFactory


def test_donors_with_shared_years_overlap(make_funding: FundingFactory) -> None:
    fundings = [
        make_funding("Japan", "TAJ/K45", 1.0, 2012, start_year=2011, end_year=2014),
        make_funding("EU", "TAJ/E24", 1.0, 2011, start_year=2010, end_year=2012),
        # Same sector elsewhere, one donor only: no overlap.
        make_funding("Japan", "KGZ/K50", 1.0, 2012, countries=("KGZ",)),
        # Two donors, disjoint years: no overlap.
        make_funding("Japan", "UZB/A", 1.0, 2010, countries=("UZB",)),
        make_funding("Sida", "UZB/B", 1.0, 2014, countries=("UZB",)),
    ]
    overlaps = find_overlaps(fundings, Scope(Selection()))
    assert len(overlaps) == 1
    overlap = overlaps[0]
    assert (overlap.country.key, overlap.sector.key) == ("TJK", "border control")
    assert overlap.years == (2011, 2012)
    assert overlap.period == "2011–2012"
    assert [(d.donor, d.first_year, d.last_year) for d in overlap.donors] == [
        ("EU", 2010, 2012), ("Japan", 2011, 2014),
    ]
    assert overlap.donors[1].projects == (("taj/k45", "TAJ/K45"),)


def test_funding_years_stand_in_for_missing_project_periods(make_funding: FundingFactory) -> None:
    fundings = [make_funding("Japan", "A", 1.0, 2013), make_funding("EU", "B", 1.0, 2013)]
    assert find_overlaps(fundings, Scope(Selection()))[0].years == (2013,)
    assert find_overlaps(fundings, Scope(Selection()), min_donors=3) == ()
