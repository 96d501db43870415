"""The command line: --help on every command."""

from __future__ import annotations

import click
from click.testing import CliRunner

from graphhub.cli import main


def _commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found = [prefix]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # `load` builds its commands when asked
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found += _commands(command, [*prefix, name])
        else:
            found.append([*prefix, name])
    return found


def test_every_command_has_help() -> None:
    runner = CliRunner()
    paths = _commands(main, [])
    assert ["db", "start"] in paths and ["db", "migrate"] in paths
    for path in paths:
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output
        assert "Show this message and exit." in result.output
