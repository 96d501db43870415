"""The role table of the API, checked row by row over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.graphhub.api.conftest import TOKENS

pytestmark = pytest.mark.neo4j

# role: (sees restricted data, gets reports, judges entities, uploads documents)
ROLE_TABLE = {
    "partner": (False, False, False, False),
    "coordinator": (False, True, False, False),
    "fiu_analyst": (True, False, True, False),
    "admin": (True, True, True, True),
}


def code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or []
    return errors[0].get("extensions", {}).get("code") if errors else None


@pytest.mark.parametrize("role", sorted(ROLE_TABLE))
def test_what_each_role_may_do(graph: Any, ask: Any, client: TestClient, role: str) -> None:
    restricted, reports, judges, uploads = ROLE_TABLE[role]
    entity = ask("query ($id: ID!) { entity(id: $id) { name } }", role=role,
                 variables={"id": graph["Rustam Karimov"]})
    assert (code(entity) is None) is restricted
    report = client.get("/reports/donor-gap", params={"countries": "TJK", "format": "md"},
                        headers={"Authorization": f"Bearer {TOKENS[role]}"})
    assert report.status_code == (200 if reports else 403)
    # Unknown ids and bad names: allowed roles get past the role check to the input check.
    undo = ask('mutation { undoMerge(judgementId: "judgement:nosuch") { id } }', role=role)
    assert code(undo) == ("NOT_FOUND" if judges else "FORBIDDEN")
    upload = ask('mutation { uploadDocument(filename: "../x.txt", content: "x") { runId } }',
                 role=role)
    assert code(upload) == ("BAD_INPUT" if uploads else "FORBIDDEN")
    public = ask('{ project(code: "TAJ/E24") { code } }', role=role)
    assert public["data"] == {"project": {"code": "TAJ/E24"}}
