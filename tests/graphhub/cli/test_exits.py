"""Which error ends a command with which exit code and message."""

from __future__ import annotations

from pathlib import Path

import click
import neo4j
import pytest
from click.testing import CliRunner

from graphhub.cli import exits, main
from graphhub.config import ConfigError
from graphhub.db.errors import DatabaseError
from graphhub.queries.export import ExportError
from graphhub.reports.errors import ReportError


def _ending(error: Exception, *first: exits.Rule) -> tuple[int, str]:
    @click.command()
    def raising() -> None:
        with exits.mapped(*first):
            raise error

    result = CliRunner().invoke(raising, [])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigError("GRAPHHUB_PORT='x' is not a whole number"), exits.ENVIRONMENT),
        (DatabaseError("no Neo4j to talk to"), exits.ENVIRONMENT),
        (neo4j.exceptions.ServiceUnavailable("connection refused"), exits.ENVIRONMENT),
        (ReportError("no such region"), exits.FAILED),
        (ExportError("no such entity"), exits.FAILED),
    ],
)
def test_each_rule_gives_its_code_and_the_message(error: Exception, code: int) -> None:
    assert _ending(error) == (code, f"error: {error}\n")


def test_an_error_no_rule_names_propagates() -> None:
    @click.command()
    def raising() -> None:
        with exits.mapped():
            raise KeyError("a bug")

    result = CliRunner().invoke(raising, [])
    assert result.exit_code == 1 and isinstance(result.exception, KeyError)


def test_a_command_s_own_rule_comes_first() -> None:
    refused = neo4j.exceptions.ServiceUnavailable("connection refused")
    assert _ending(refused, exits.NOT_REACHABLE) == (
        exits.FAILED,
        "error: Neo4j not reachable: connection refused\n",
    )
    auth = neo4j.exceptions.AuthError("wrong password")
    assert _ending(auth, exits.SERVER_NOT_READY)[0] == exits.ENVIRONMENT


def test_a_bad_setting_exits_3_on_one_line() -> None:
    result = CliRunner().invoke(main, ["db", "stop"], env={"GRAPHHUB_PORT": "abc"})
    assert result.exit_code == exits.ENVIRONMENT
    assert result.output.startswith("error: GRAPHHUB_PORT") and result.output.count("\n") == 1


def test_wrong_usage_stays_click_s_exit_2() -> None:
    result = CliRunner().invoke(main, ["export", "ftm", "-o", "out.ijson"])
    assert result.exit_code == exits.USAGE
    assert "choose exactly one of --entity, --finding, --restricted" in result.output


def test_the_readme_states_these_exit_codes() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    stated = " ".join(readme.split("Exit codes: ", 1)[1].split("\n\n", 1)[0].split())
    assert f"`{exits.FAILED}` the work ran but something failed" in stated
    assert f"`{exits.USAGE}` wrong usage" in stated
    assert f"`{exits.ENVIRONMENT}` the environment is not ready" in stated
