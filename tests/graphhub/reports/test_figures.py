"""Counting fundings into cells, donors, years and projects."""

from __future__ import annotations

from graphhub.reports.figures import count_figures
from graphhub.reports.selection import Scope, Selection

from .conftest import FundingFactory


def test_cells_count_multi_country_projects_in_each_selected_country(
    make_funding: FundingFactory,
) -> None:
    fundings = [
        make_funding("Japan", "XAC/K22", 600.0, 2013, countries=("KGZ", "TJK", "AFG")),
        make_funding("EU", "TAJ/E24", 400.0, 2012),
        make_funding("Japan", "TAJ/K45", None, 2012),
    ]
    scope = Scope(Selection(countries=("KGZ", "TJK")), iso3=("KGZ", "TJK"))
    figures = count_figures(fundings, scope)
    cells = {cell.key: cell for cell in figures.cells}
    assert set(cells) == {("KGZ", "border control"), ("TJK", "border control")}
    tjk = cells[("TJK", "border control")]
    assert tjk.amount_usd == 600.0 + 400.0
    assert [d.donor for d in tjk.donors] == ["Japan", "EU"]
    assert tjk.fundings == 3 and len(tjk.project_ids) == 3
    assert cells[("KGZ", "border control")].amount_usd == 600.0
    # Totals count each funding once; the funding without USD is counted, not summed.
    assert figures.total_usd == 1000.0
    assert figures.without_usd == 1
    assert [(d.donor, d.amount_usd) for d in figures.donors] == [("Japan", 600.0), ("EU", 400.0)]
    assert [(y.year, y.amount_usd) for y in figures.years] == [(2012, 400.0), (2013, 600.0)]
    assert figures.donors[0].countries == ("Kyrgyzstan", "Tajikistan")
