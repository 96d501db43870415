"""The report never adds kinds of funding together: it sums the kinds chosen, shows the others
apart, and counts neither onward money nor fundings a better-ranked source states."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.queries.kinds import FundingKind
from graphhub.queries.runner import Runner
from graphhub.reports.cli import donor_gap_report
from graphhub.reports.errors import SelectionError
from graphhub.reports.render import render
from graphhub.reports.report import build_report
from graphhub.reports.selection import make_selection

pytestmark = pytest.mark.neo4j


def _docs_module() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "queries" / "funding_docs.py"
    spec = importlib.util.spec_from_file_location("graphhub_funding_docs", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


docs = _docs_module()


@pytest.fixture
def kinds_graph(driver: neo4j.Driver, database: str) -> None:
    """Tajikistan border control: a commitment and a disbursement of one project (IATI), the
    same commitment in an aid table, a pledge, and a pooled fund's onward disbursement."""
    iati = docs.FundingDoc("activity file 2014", source_kind="iati")
    k01 = iati.project("TJK/K01", ("TJK",), ("15210",))
    iati.fund("Kingdom of Norland", k01, 1_000_000, 2014, "commitment")
    iati.fund("Kingdom of Norland", k01, 600_000, 2014, "disbursement")
    iati.write(driver, database)
    table = docs.FundingDoc("aid table 2015", source_kind="contributions")
    k01 = table.project("TJK/K01", ("TJK",), ("15210",))
    table.fund("Kingdom of Norland", k01, 1_100_000, 2014, "commitment")
    k02 = table.project("TJK/K02", ("TJK",), ("15210",))
    table.fund("Ostmark Fund", k02, 300_000, 2015, "pledge")
    table.write(driver, database)
    fts = docs.FundingDoc("flows 2014", source_kind="fts")
    k03 = fts.project("TJK/K03", ("TJK",), ("15210",))
    fts.fund("Pamir Pool", k03, 200_000, 2014, "disbursement", onward=True)
    fts.write(driver, database)


async def test_the_report_sums_commitments_by_default(kinds_graph: None, runner: Runner) -> None:
    report = await build_report(runner, make_selection(countries="TJK"))
    figures = report.figures
    assert report.counts == "commitments"
    assert figures.total_usd == 1_000_000.0  # the aid table's copy is corroboration
    assert figures.fundings == 1
    assert [(d.donor, d.amount_usd) for d in figures.donors] == [("Kingdom of Norland", 1e6)]
    assert [(t.kind, t.amount_usd, t.fundings, t.summed) for t in figures.kinds] == [
        (FundingKind.PLEDGE, 300_000.0, 1, False),
        (FundingKind.COMMITMENT, 1_000_000.0, 1, True),
        (FundingKind.DISBURSEMENT, 600_000.0, 1, False),
    ]
    assert report.superseded_left_out == 1 and report.onward_left_out == 0
    assert any("sums commitments only" in note for note in report.notes)
    html = render(report, "html").decode()
    assert "Total funding, commitments" in html
    assert 'data-kind="disbursement"' in html and "shown apart" in html
    markdown = render(report, "md").decode()
    assert "| Total funding, commitments | USD 1,000,000 |" in markdown


async def test_asked_kinds_are_summed_and_onward_money_is_not(
    kinds_graph: None, runner: Runner
) -> None:
    selection = make_selection(countries="TJK", kinds="disbursement, commitment")
    report = await build_report(runner, selection)
    assert report.counts == "commitments and disbursements"
    assert report.figures.total_usd == 1_600_000.0
    assert {p.code: p.amount_usd for p in report.figures.projects} == {"TJK/K01": 1_600_000.0}
    assert report.onward_left_out == 1
    assert any("onward money" in note for note in report.notes)


def test_bad_kinds_are_refused() -> None:
    with pytest.raises(SelectionError, match="'paid' is not a kind"):
        make_selection(kinds="commitment,paid")


def test_the_command_names_the_kinds_it_sums(
    kinds_graph: None, neo4j_settings: Settings, tmp_path: Path
) -> None:
    path, summary = donor_gap_report(
        neo4j_settings, countries="TJK", kinds="commitment,disbursement", fmt="md",
        output=tmp_path / "gap.md",
    )
    assert "USD 1,600,000 of commitments and disbursements" in summary
    assert "**Figures sum:** commitments and disbursements" in path.read_text(encoding="utf-8")
