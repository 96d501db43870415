"""Inline SVG charts: well-formed XML, data text escaped, sizes follow the amounts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from graphhub.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def test_bar_chart_escapes_labels_and_scales_bars() -> None:
    svg = _parse(charts.bar_chart([("<script>x</script>", 200.0), ("B & C", 100.0)], "t"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "<script>x</script>" in texts and "B & C" in texts
    assert svg.find(f"{SVG}script") is None
    widths = [float(r.get("width", "0")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1] > 0


def test_column_heatmap_and_gap_charts_parse() -> None:
    columns = _parse(charts.column_chart([("2011", 1.0), ("2012", 3.0)], "years"))
    heights = [float(r.get("height", "0")) for r in columns.iter(f"{SVG}rect")]
    assert heights[1] == pytest.approx(3 * heights[0], abs=0.2)
    grid = _parse(charts.heatmap(["Tajikistan", "Kyrgyzstan"], ["border control"],
                                 {(0, 0): 5.0}, "cells"))
    fills = [r.get("fill") for r in grid.iter(f"{SVG}rect")]
    assert fills[1] == "#ffffff" and fills[0] != "#ffffff"
    gaps = _parse(charts.gap_chart([("TKM", 0.0, 100.0), ("TJK", 150.0, 100.0)], "gaps"))
    assert gaps.find(f"{SVG}title") is not None
    assert any(r.get("fill") == charts.SHORTFALL for r in gaps.iter(f"{SVG}rect"))


def test_empty_charts_are_still_valid() -> None:
    assert _parse(charts.bar_chart([], "none")).tag == f"{SVG}svg"
