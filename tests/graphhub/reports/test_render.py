"""Rendering: the HTML parses, data is escaped, Markdown is safe, empty selections say so,
and a coordinator's templates override or extend ours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import neo4j
import pytest

from graphhub.queries.runner import Runner
from graphhub.reports.priorities import parse_priorities
from graphhub.reports.render import render_text
from graphhub.reports.report import DonorGapReport, build_report
from graphhub.reports.selection import make_selection

from .conftest import Doc

pytestmark = pytest.mark.neo4j

HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


async def _report(
    driver: neo4j.Driver, runner: Runner, database: str, **selection: Any
) -> DonorGapReport:
    hostile = Doc("hostile sheet")
    hostile.funding("Donor <i>A</i>", "KGZ/H01", 250_000, 2012, ("KGZ",), ("border control",),
                    title=HOSTILE)
    hostile.write(driver, database)
    priorities = parse_priorities(
        "country,sector,priority,target_usd\nTKM,border control,high,3000000\n"
        "KGZ,border control,medium,\n", "csv", name="p.csv",
    )
    return await build_report(runner, make_selection(**selection), priorities,
                              priorities_file="p.csv")


async def test_html_parses_escapes_data_and_shows_every_section(
    driver: neo4j.Driver, central_asia: list[Doc], runner: Runner,
    database: str, artifacts: Path,
) -> None:
    report = await _report(driver, runner, database, region="Central Asia")
    html = render_text(report, "html")
    (artifacts / "donor-gap.html").write_text(html, encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//script") == [] and tree.xpath("//b") == []
    assert HOSTILE in tree.text_content()
    assert "Donor <i>A</i>" in tree.text_content()
    for section in ("summary", "cells", "donors", "years", "gaps", "overlaps", "concentration",
                    "projects", "sources"):
        assert tree.get_element_by_id(section) is not None
    assert len(tree.xpath("//svg")) == 4
    # Every cell row shows the figure of the report; every project link has a target.
    for cell in report.figures.cells:
        row = tree.xpath(f'//tr[@data-cell="{cell.country.key}|{cell.sector.key}"]')[0]
        shown = row.xpath('td[@data-figure="amount"]')[0].text_content()
        assert shown == f"USD {cell.amount_usd:,.0f}"
    ids = set(tree.xpath("//@id"))
    assert {href[1:] for href in tree.xpath('//a[starts-with(@href, "#")]/@href')} <= ids
    gaps = tree.get_element_by_id("gaps").text_content()
    assert "target" in gaps and "regional median" in gaps


async def test_markdown_escapes_and_keeps_tables(
    driver: neo4j.Driver, central_asia: list[Doc], runner: Runner,
    database: str, artifacts: Path,
) -> None:
    report = await _report(driver, runner, database, countries="KGZ,TJK")
    text = render_text(report, "md")
    (artifacts / "donor-gap.md").write_text(text, encoding="utf-8")
    assert "<script>" not in text and "<i>" not in text
    assert "&lt;script&gt;" in text
    header = "| Country | Sector | USD, commitments | Donors | Projects | Projects behind it |"
    assert header in text
    # Every table row has as many cells as its header.
    lines = text.splitlines()
    start = lines.index(header)
    for line in lines[start + 2 : start + 2 + len(report.figures.cells)]:
        assert line.replace("\\|", "").count("|") == header.count("|")


async def test_empty_selection_says_there_is_no_data(
    central_asia: list[Doc], runner: Runner,
) -> None:
    report = await build_report(runner,
                                make_selection(countries="GEO", year_from=1990, year_to=1991))
    html = render_text(report, "html")
    tree = lxml.html.document_fromstring(html)
    assert "No data for this selection" in tree.get_element_by_id("no-data").text_content()
    assert tree.xpath('//*[@id="cells"]') == []
    assert "## No data for this selection" in render_text(report, "md")


async def test_templates_folder_overrides_and_extends_ours(
    central_asia: list[Doc], runner: Runner, tmp_path: Path,
) -> None:
    (tmp_path / "donor_gap.html").write_text(
        '{% extends "graphhub/donor_gap.html" %}'
        "{% block footer %}Prepared by the coordination office{% endblock %}"
        "{% block overlaps %}{% endblock %}",
        encoding="utf-8",
    )
    (tmp_path / "base.html").write_text(
        '{% extends "graphhub/base.html" %}{% block head %}<meta name="office" content="ca">'
        "{% endblock %}",
        encoding="utf-8",
    )
    report = await build_report(runner, make_selection(region="Central Asia"))
    tree = lxml.html.document_fromstring(render_text(report, "html", tmp_path))
    assert tree.xpath("//footer")[0].text_content() == "Prepared by the coordination office"
    assert tree.xpath('//meta[@name="office"]')
    assert tree.xpath('//*[@id="overlaps"]') == []
    assert tree.xpath('//*[@id="cells"]')
