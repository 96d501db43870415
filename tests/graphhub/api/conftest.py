"""Fixtures for API tests: the sample graph, keys for every role, a client and a helper."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import ApiKey, Settings

TOKENS = {
    "partner": "partner-key-0001",
    "coordinator": "coordinator-key-0002",
    "fiu_analyst": "analyst-key-0003",
    "admin": "admin-key-0004",
}


def _sample_module() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "queries" / "sample_graph.py"
    spec = importlib.util.spec_from_file_location("graphhub_sample_graph", path)
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


sample = _sample_module()


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_settings: Settings) -> Any:
    """The sample graph, freshly written."""
    return sample.load_sample_graph(driver, neo4j_settings.neo4j_database)


@pytest.fixture
def api_settings(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    """The session's Settings with a key per role and an audit log of the test's own."""
    keys = tuple(ApiKey(Secret(token), role) for role, token in TOKENS.items())
    return replace(neo4j_settings, api_keys=keys, audit_log=tmp_path / "audit.jsonl")


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


class Ask:
    """POSTs queries to the test client as one role or another."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def __call__(
        self, query: str, role: str | None = "partner", variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The JSON answer to ``query`` sent as ``role`` (None: no token), with its status."""
        headers = {"Authorization": f"Bearer {TOKENS[role]}"} if role else {}
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = response.json()
        body["status"] = response.status_code
        body["text"] = response.text
        return body


@pytest.fixture
def ask(client: TestClient) -> Ask:
    return Ask(client)
