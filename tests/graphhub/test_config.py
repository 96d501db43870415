"""Settings come from GRAPHHUB_* variables; bad values get clear errors."""

from __future__ import annotations

import pytest

from graphhub.config import ConfigError, Settings


def test_defaults_use_the_local_engine() -> None:
    settings = Settings.from_env({})
    assert settings.uses_local_engine
    assert settings.port == 8000
    assert "graphhub" not in repr(settings.neo4j_password)


def test_uri_turns_the_local_engine_off() -> None:
    settings = Settings.from_env({"GRAPHHUB_NEO4J_URI": "bolt://db:7687"})
    assert not settings.uses_local_engine


def test_bad_number_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="GRAPHHUB_PORT='eighty'"):
        Settings.from_env({"GRAPHHUB_PORT": "eighty"})
