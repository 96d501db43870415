"""The demo's report: Central Asia from the demo corpus, in one command, in every format."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import neo4j
import pytest
from click.testing import CliRunner

from graphhub.cli import main
from graphhub.config import Settings
from graphhub.demo import load_demo
from graphhub.reports import write_sample_report

pytestmark = [pytest.mark.neo4j, pytest.mark.model]


def _env(settings: Settings) -> dict[str, str]:
    return {
        "GRAPHHUB_NEO4J_URI": settings.neo4j_uri or "",
        "GRAPHHUB_NEO4J_DATABASE": settings.neo4j_database,
        "GRAPHHUB_NEO4J_PASSWORD": str(settings.neo4j_password),
    }


def test_demo_report_in_every_format(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, artifacts: Path,
) -> None:
    load_demo(driver, neo4j_settings)
    sample = write_sample_report(driver, neo4j_settings, out=artifacts / "demo-sample.html")
    tree = lxml.html.document_fromstring(sample.read_text(encoding="utf-8"))
    assert tree.xpath('//*[@id="no-data"]') == []
    cells = tree.xpath("//tr[@data-cell]")
    assert {row.get("data-cell").split("|")[0] for row in cells} <= {
        "KAZ", "KGZ", "TJK", "TKM", "UZB",
    }
    assert any(row.get("data-cell").startswith("TJK|") for row in cells)
    assert tree.xpath('//section[@id="gaps"]//tr[@data-gap]')

    priorities = tmp_path / "priorities.csv"
    priorities.write_text("country,sector,priority,target_usd\nTKM,border control,high,3000000\n",
                          encoding="utf-8")
    runner = CliRunner()
    for fmt, magic in (("html", b"<!DOCTYPE html>"), ("md", b"# Donor gaps"), ("pdf", b"%PDF")):
        out = artifacts / f"demo-central-asia.{fmt}"
        result = runner.invoke(
            main,
            ["report", "donor-gap", "--region", "Central Asia", "--from", "2009", "--to", "2016",
             "--priorities", str(priorities), "--format", fmt, "-o", str(out)],
            env=_env(neo4j_settings),
        )
        assert result.exit_code == 0, result.output
        assert f"written: {out}" in result.output
        assert out.read_bytes().startswith(magic)


def test_cli_names_the_bad_priorities_row(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {country: TJK, sector: border control, priority: high}\n"
                   "- {country: TJK, sector: HIV prevention, priority: high, target_usd: many}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(
        main, ["report", "donor-gap", "--countries", "TJK", "--priorities", str(bad),
               "-o", str(tmp_path / "r.html")],
        env=_env(neo4j_settings),
    )
    assert result.exit_code == 1
    assert "bad.yaml, row 2, field 'target_usd': target_usd 'many' is not a number" in (
        result.output
    )
    assert not (tmp_path / "r.html").exists()
