"""Priorities files: CSV and YAML rows, and errors that name the row and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphhub.reports.errors import PrioritiesError
from graphhub.reports.priorities import load_priorities, parse_priorities


def test_csv_rows_become_priorities(tmp_path: Path) -> None:
    path = tmp_path / "priorities.csv"
    path.write_text(
        "Country,Sector,Priority,target_usd\n"
        "Turkmenistan,border control,high,\"3,000,000\"\n"
        "KGZ,HIV prevention,2,\n",
        encoding="utf-8",
    )
    first, second = load_priorities(path)
    assert (first.country, first.sector, first.level_name, first.target_usd, first.row) == (
        "TKM", "border control", "high", 3_000_000.0, 2,
    )
    assert (second.country, second.level_name, second.target_usd, second.row) == (
        "KGZ", "medium", None, 3,
    )


def test_yaml_list_or_mapping(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "priorities:\n  - {country: TJK, sector: border control, priority: low}\n"
        "  - {country: UZB, sector: HIV prevention, priority: HIGH, target_usd: 500000}\n",
        encoding="utf-8",
    )
    rows = load_priorities(path)
    assert [(p.country, p.level, p.target_usd) for p in rows] == [
        ("TJK", 3, None), ("UZB", 1, 500_000.0),
    ]
    listed = parse_priorities("- {country: KAZ, sector: x, priority: 1}\n", "yaml")
    assert listed[0].country == "KAZ"


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        ("Atlantis,border control,high,", "country", "unknown country 'Atlantis'"),
        ("TJK,border control,urgent,", "priority", "'urgent' is not one of high, medium, low"),
        ("TJK,border control,high,lots", "target_usd", "'lots' is not a number"),
        ("TJK,border control,high,-5", "target_usd", "must be zero or more"),
        ("TJK,,high,", "sector", "sector is missing"),
    ],
)
def test_bad_csv_row_names_row_field_and_reason(line: str, field: str, reason: str) -> None:
    text = "country,sector,priority,target_usd\nKGZ,border control,high,\n" + line + "\n"
    with pytest.raises(PrioritiesError) as caught:
        parse_priorities(text, "csv", name="p.csv")
    assert caught.value.row == 3
    assert caught.value.field == field
    message = str(caught.value)
    assert message.startswith("p.csv, row 3")
    assert reason in message


def test_missing_column_and_duplicate_rows() -> None:
    with pytest.raises(PrioritiesError, match=r"row 1: the header has no column priority"):
        parse_priorities("country,sector\nTJK,border control\n", "csv", name="p.csv")
    text = "country,sector,priority\nTJK,Border Control,high\nTajikistan,border control,low\n"
    already = r"row 3: TJK × border control is already listed in row 2"
    with pytest.raises(PrioritiesError, match=already):
        parse_priorities(text, "csv", name="p.csv")


def test_bad_yaml_entry_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "p.yml"
    path.write_text("- {country: TJK, sector: a, priority: high}\n- just text\n", encoding="utf-8")
    with pytest.raises(PrioritiesError, match=r"p.yml, row 2: expected a mapping"):
        load_priorities(path)
    path.write_text("priorities: [\n", encoding="utf-8")
    with pytest.raises(PrioritiesError, match="not valid YAML"):
        load_priorities(path)
