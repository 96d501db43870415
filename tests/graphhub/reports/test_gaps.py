"""Gaps against targets and against the regional median."""

from __future__ import annotations

import statistics
from typing import Any

from graphhub.reports.figures import CellFigure
from graphhub.reports.gaps import MEDIAN, MET, TARGET, UNDER, UNFUNDED, find_gaps
from graphhub.reports.priorities import parse_priorities
from graphhub.reports.selection import Scope, Selection

CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")


def _figures(make_cell: Any) -> tuple[Scope, tuple[CellFigure, ...]]:
    cells = (
        make_cell("TJK", "border control", [("Japan", 3000.0)]),
        make_cell("KGZ", "border control", [("EU", 1000.0)]),
        make_cell("KAZ", "border control", [("Japan", 500.0)]),
        make_cell("UZB", "HIV prevention", [("Global Fund", 900.0)]),
    )
    return Scope(Selection(region="Central Asia"), iso3=CENTRAL_ASIA), cells


def test_target_rule_and_median_rule(make_cell: Any) -> None:
    scope, cells = _figures(make_cell)
    priorities = parse_priorities(
        "country,sector,priority,target_usd\n"
        "TKM,border control,high,2000\n"
        "KGZ,border control,medium,\n"
        "UZB,HIV prevention,low,500\n"
        "AFG,border control,high,100\n",
        "csv",
    )
    analysis = find_gaps(cells, scope, priorities)
    gaps = {(g.country.key, g.sector.key): g for g in analysis.gaps}
    tkm = gaps[("TKM", "border control")]
    assert (tkm.rule, tkm.funded_usd, tkm.gap_usd, tkm.status) == (TARGET, 0.0, 2000.0, UNFUNDED)
    kgz = gaps[("KGZ", "border control")]
    median = statistics.median([500.0, 1000.0, 3000.0, 0.0, 0.0])
    assert (kgz.rule, kgz.reference_usd) == (MEDIAN, median)
    assert kgz.status == (MET if median <= 1000.0 else UNDER)
    assert "median funding of border control" in kgz.rule_text
    assert gaps[("UZB", "hiv prevention")].status == MET
    assert analysis.rules == (TARGET, MEDIAN)
    # Afghanistan is outside Central Asia: left out and said so.
    assert [p.country for p in analysis.ignored] == ["AFG"]
    # High priority first.
    assert analysis.gaps[0].country.key == "TKM"


def test_without_priorities_every_cell_below_the_median_is_listed(
    make_cell: Any,
) -> None:
    scope, cells = _figures(make_cell)
    analysis = find_gaps(cells, scope, None)
    assert not analysis.with_priorities
    assert analysis.rules == (MEDIAN,)
    listed = {(g.country.key, g.sector.key) for g in analysis.gaps}
    # Border control median is 500: TKM and UZB (nothing) fall below; KAZ meets it exactly.
    assert {("TKM", "border control"), ("UZB", "border control")} <= listed
    assert ("KAZ", "border control") not in listed
    assert ("TJK", "border control") not in listed
    # HIV median is 0 (only UZB funds it): no country is below it, and the unfunded stay listed.
    assert all(g.status != MET for g in analysis.gaps)
