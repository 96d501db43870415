"""`graphhub db status` and `db migrate` against the session's Neo4j and one that is not there."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphhub.cli import main
from graphhub.cli.db import engine_config
from graphhub.config import Settings

NOWHERE = "bolt://127.0.0.1:1"


def _invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.mark.neo4j
def test_status_and_migrate_of_a_reachable_server(env: dict[str, str]) -> None:
    status = _invoke(env, "db", "status")
    assert status.exit_code == 0 and status.output.endswith("reachable\n")
    migrate = _invoke(env, "db", "migrate")
    assert migrate.exit_code == 0
    again = _invoke(env, "db", "migrate")
    assert again.exit_code == 0 and again.output.startswith("nothing to do: all ")


def test_a_server_that_is_not_there_fails_status_with_1_and_migrate_with_3(
    tmp_path: Path,
) -> None:
    env = {"GRAPHHUB_NEO4J_URI": NOWHERE, "GRAPHHUB_STATE_DIR": str(tmp_path)}
    status = _invoke(env, "db", "status")
    assert status.exit_code == 1 and "error: Neo4j not reachable: " in status.output
    migrate = _invoke(env, "db", "migrate")
    assert migrate.exit_code == 3 and migrate.output.startswith("error: ")
    table = _invoke(env, "export", "table", "fundings", "-o", str(tmp_path / "f.csv"))
    assert table.exit_code == 3
    assert _invoke(env, "db", "start").output.startswith("GRAPHHUB_NEO4J_URI is set")


def test_the_engine_config_keeps_its_data_under_the_state_dir(tmp_path: Path) -> None:
    settings = Settings.from_env()
    config = engine_config(settings)
    assert config.data_dir == settings.state_dir / "data"
    assert engine_config(settings, tmp_path).data_dir == tmp_path
