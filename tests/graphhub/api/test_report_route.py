"""GET /reports/donor-gap on the real app: coordinators and admins only."""

from __future__ import annotations

from dataclasses import replace

import neo4j
import pytest
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import ApiKey, Settings

pytestmark = pytest.mark.neo4j

KEYS = {"partner": "p-key-123", "coordinator": "c-key-123", "admin": "a-key-123"}


def _settings(base: Settings) -> Settings:
    return replace(base, api_keys=tuple(ApiKey(Secret(t), r) for r, t in KEYS.items()))


def test_report_route_requires_the_coordinator_role(
    driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    query = {"countries": "TJK", "format": "md"}
    with TestClient(create_app(_settings(neo4j_settings))) as client:
        anonymous = client.get("/reports/donor-gap", params=query)
        partner = client.get(
            "/reports/donor-gap", params=query, headers={"authorization": "Bearer p-key-123"}
        )
        coordinator = client.get(
            "/reports/donor-gap", params=query, headers={"authorization": "Bearer c-key-123"}
        )
        admin = client.get(
            "/reports/donor-gap", params=query, headers={"authorization": "Bearer a-key-123"}
        )
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "UNAUTHENTICATED"
    assert partner.status_code == 403
    assert partner.json()["error"]["code"] == "FORBIDDEN"
    assert coordinator.status_code == 200
    assert coordinator.headers["content-type"].startswith("text/markdown")
    # An empty graph gives a report that says so, not an error.
    assert "no data" in coordinator.text.lower()
    assert admin.status_code == 200
