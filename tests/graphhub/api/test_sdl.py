"""schema.graphql is the exported schema; `graphhub schema export` writes it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graphhub.api.sdl import SCHEMA_FILE, sdl
from graphhub.cli import main


def test_schema_file_is_in_sync() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql is out of date: run `graphhub schema export`"
    )


def test_export_command_writes_the_sdl(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    result = CliRunner().invoke(main, ["schema", "export", "--output", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text == sdl()
    assert "traceFlows(" in text and "whoFundsWhat(" in text
