"""Selections from loose input, and the bundled region list."""

from __future__ import annotations

import pytest

from graphhub.reports.errors import SelectionError
from graphhub.reports.regions import bundled_region, bundled_regions
from graphhub.reports.selection import make_selection, split_list


def test_countries_by_name_or_code_become_iso3() -> None:
    selection = make_selection(countries="Tajikistan, KG, UZB", sectors=["border control", "13040"],
                               year_from=2010, year_to=2014)
    assert selection.countries == ("TJK", "KGZ", "UZB")
    assert selection.sectors == ("border control", "13040")
    assert selection.period() == "2010–2014"
    assert "TJK, KGZ, UZB" in selection.describe()


def test_bad_selections_say_why() -> None:
    with pytest.raises(SelectionError, match="runs backwards"):
        make_selection(year_from=2015, year_to=2010)
    with pytest.raises(SelectionError, match="unknown country 'Narnia'"):
        make_selection(countries="Narnia")


def test_split_list_trims_and_deduplicates() -> None:
    assert split_list(["a, b", "b,,c "]) == ("a", "b", "c")
    assert split_list(None) == ()


def test_bundled_regions() -> None:
    assert bundled_region("central asia") == ("KAZ", "KGZ", "TJK", "TKM", "UZB")
    assert {"Central Asia", "South Caucasus", "Eastern Europe"} <= set(bundled_regions())
    assert bundled_region("Atlantis") is None
