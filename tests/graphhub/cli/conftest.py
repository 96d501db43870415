"""The environment the command line runs in against the session's Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphhub.config import Settings


@pytest.fixture
def env(neo4j_settings: Settings, tmp_path: Path) -> dict[str, str]:
    return {
        "GRAPHHUB_NEO4J_URI": str(neo4j_settings.neo4j_uri),
        "GRAPHHUB_NEO4J_DATABASE": neo4j_settings.neo4j_database,
        "GRAPHHUB_STATE_DIR": str(tmp_path / "state"),
    }
