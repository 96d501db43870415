"""`graphhub export` against the real Neo4j: tables for spreadsheets."""

from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner, Result

from graphhub.cli import main


def _invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_help_of_the_export_commands() -> None:
    runner = CliRunner()
    for path in (
        ["export"],
        ["export", "ftm"],
        ["export", "table"],
    ):
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, path
    table_help = runner.invoke(main, ["export", "table", "--help"]).output
    assert "restricted" in table_help and "operator" in table_help


@pytest.mark.neo4j
def test_formula_cells_of_a_table_are_exported_as_quoted_text(
    driver: neo4j.Driver, env: dict[str, str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    table = tmp_path / "formulas.csv"
    table.write_text(
        "Donor,Country,Project code,Title,Amount,Currency,Year\n"
        '"=HYPERLINK(""http://x.example"",""click"")",Tajikistan,@SUM(1+1),'
        "\"+cmd|' /C calc'!A0\",1500000,USD,2013\n",
        encoding="utf-8",
    )
    loaded = _invoke(
        env, "load", "contributions", str(table), "--quiet", "--classification", "public"
    )
    assert loaded.exit_code == 0, loaded.output
    out_csv, out_xlsx = tmp_path / "fundings.csv", tmp_path / "fundings.xlsx"
    for out in (out_csv, out_xlsx):
        done = _invoke(env, "export", "table", "fundings", "-o", str(out))
        assert done.exit_code == 0, done.output
    with out_csv.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["donor"] == "'=HYPERLINK(\"http://x.example\",\"click\")"
    assert row["project_code"] == "'@SUM(1+1)"
    assert row["project_title"] == "'+cmd|' /C calc'!A0"
    assert float(row["amount"]) == 1_500_000
    sheet = load_workbook(out_xlsx).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    for column in ("donor", "project_code", "project_title"):
        assert cells[column].data_type == "s" and str(cells[column].value).startswith("'")
    assert cells["donor"].value == row["donor"]
    assert cells["amount"].data_type == "n" and cells["amount"].value == 1_500_000
    assert cells["year"].value == 2013
