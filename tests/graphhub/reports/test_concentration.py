"""Top donor share, Herfindahl index and single-donor dependency."""

from __future__ import annotations

from typing import Any

import pytest

from graphhub.reports.concentration import DEPENDENCY_SHARE, concentration, concentrations


def test_shares_and_flags(make_cell: Any) -> None:
    uzb = make_cell("UZB", "HIV prevention", [("Global Fund", 900.0), ("Sida", 100.0)])
    tjk = make_cell("TJK", "border control", [("Japan", 500.0), ("EU", 500.0)])
    found = {c.cell.country.key: c for c in concentrations((tjk, uzb))}
    assert found["UZB"].top_donor == "Global Fund"
    assert found["UZB"].top_share == pytest.approx(0.9)
    assert found["UZB"].herfindahl == pytest.approx(0.9**2 + 0.1**2)
    assert found["UZB"].dependent is (DEPENDENCY_SHARE <= 0.9)
    assert found["TJK"].herfindahl == pytest.approx(0.5)
    assert not found["TJK"].dependent
    # Most concentrated first.
    assert [c.cell.country.key for c in concentrations((tjk, uzb))] == ["UZB", "TJK"]


def test_cell_without_usd_has_no_concentration(make_cell: Any) -> None:
    assert concentration(make_cell("TJK", "border control", [("Japan", 0.0)])) is None
