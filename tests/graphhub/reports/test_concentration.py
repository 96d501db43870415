"""Top donor share, Herfindahl index and single-donor dependency."""

from __future__ import annotations

import pytest

from graphhub.reports.concentration import DEPENDENCY_SHARE, concentration, concentrations
from graphhub.reports.figures import count_figures
from graphhub.reports.selection import Scope, Selection

from .conftest import FundingFactory


def test_shares_and_flags(make_funding: FundingFactory) -> None:
    fundings = [
        make_funding("Global Fund", "UZB/K25", 900.0, 2012, countries=("UZB",)),
        make_funding("Sida", "UZB/K25", 100.0, 2013, countries=("UZB",)),
        make_funding("Japan", "TAJ/K45", 500.0, 2012),
        make_funding("EU", "TAJ/E24", 500.0, 2012),
    ]
    figures = count_figures(fundings, Scope(Selection()))
    found = {c.cell.country.key: c for c in concentrations(figures.cells)}
    uzb, tjk = found["UZB"], found["TJK"]
    assert uzb.top_donor == "Global Fund"
    assert uzb.top_share == pytest.approx(0.9)
    assert uzb.herfindahl == pytest.approx(0.9**2 + 0.1**2)
    assert uzb.dependent is (DEPENDENCY_SHARE <= 0.9)
    assert tjk.herfindahl == pytest.approx(0.5) and not tjk.dependent
    # Most concentrated first.
    assert [c.cell.country.key for c in concentrations(figures.cells)] == ["UZB", "TJK"]


def test_cell_without_usd_has_no_concentration(make_funding: FundingFactory) -> None:
    figures = count_figures([make_funding("Japan", "X/1", None, 2012)], Scope(Selection()))
    assert concentration(figures.cells[0]) is None
