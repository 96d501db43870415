"""The app skeleton against the real Neo4j: /health and a first GraphQL query."""

from __future__ import annotations

from dataclasses import replace

import neo4j
import pytest
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import ApiKey, Settings


@pytest.mark.neo4j
def test_health_reports_neo4j_version(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    with TestClient(create_app(neo4j_settings)) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"].startswith("5.26.")


@pytest.mark.neo4j
def test_typename_over_post_needs_a_key(driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    settings = replace(neo4j_settings, api_keys=(ApiKey(Secret("k-123"), "partner"),))
    with TestClient(create_app(settings)) as client:
        anonymous = client.post("/graphql", json={"query": "{ __typename }"})
        response = client.post("/graphql", json={"query": "{ __typename }"},
                               headers={"Authorization": "Bearer k-123"})
    assert anonymous.status_code == 401
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_health_says_unavailable_when_neo4j_is_down() -> None:
    settings = replace(Settings.from_env(), neo4j_uri="bolt://127.0.0.1:9")
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "Traceback" not in response.text
