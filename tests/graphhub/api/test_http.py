"""HTTP: malformed requests, security headers, search-text limits, error logging."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import pytest
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import Settings
from graphhub.queries.entities import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS
from tests.graphhub.api.conftest import TOKENS

PARTNER = {"Authorization": f"Bearer {TOKENS['partner']}"}
JSON = {**PARTNER, "Content-Type": "application/json"}


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe{}",
        b'"a string"',
        b"[1, 2]",
        b"{{{{",
        b"",
        b"null",
        b"[" * 100_000,
        b'{"query": 5}',
        b'{"query": ["{ version }"]}',
        b'{"query": "{ version }", "variables": "x"}',
        b'{"query": "{ version }", "variables": [1]}',
        b'{"query": "{ version }", "operationName": 5}',
        b'{"query": "{ version }", "extensions": 1}',
        b'{"variables": {}}',
        b'{"query": "{ version }", "n": 1' + b"1" * 5000 + b"}",
    ],
    ids=["utf8", "string", "array", "braces", "empty", "null", "nested", "query-int",
         "query-list", "variables-string", "variables-list", "operation-name", "extensions",
         "no-query", "huge-int"],
)
def test_malformed_bodies_get_400_bad_input(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers=JSON)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert codes(answer) == ["BAD_INPUT"] and answer["errors"][0]["message"]
    assert "Traceback" not in response.text


def test_other_malformed_requests(client: TestClient) -> None:
    wrong_type = client.post("/graphql", content=b"{ version }",
                             headers={**PARTNER, "Content-Type": "text/plain"})
    assert wrong_type.status_code == 400 and codes(wrong_type.json()) == ["BAD_INPUT"]
    bad_variables = client.get("/graphql", params={"query": "{ version }", "variables": "["},
                               headers=PARTNER)
    assert bad_variables.status_code == 400 and codes(bad_variables.json()) == ["BAD_INPUT"]
    mutation_by_get = client.get(
        "/graphql", params={"query": 'mutation { addAlias(entityId: "x", alias: "y") { id } }'},
        headers=PARTNER)
    assert mutation_by_get.status_code in (400, 405)
    assert codes(mutation_by_get.json()) == ["BAD_INPUT"]
    ok = client.get("/graphql", params={"query": "{ version }"}, headers=PARTNER)
    assert ok.status_code == 200 and "errors" not in ok.json()


def test_security_headers_on_every_response(client: TestClient) -> None:
    responses = {
        "health": client.get("/health"),
        "explorer": client.get("/graphql", headers={"Accept": "text/html"}),
        "asset": client.get("/static/explorer.js"),
        "graphql": client.post("/graphql", json={"query": "{ version }"}, headers=PARTNER),
        "bad": client.post("/graphql", content=b"{{", headers=JSON),
        "anonymous": client.post("/graphql", json={"query": "{ version }"}),
        "report-anonymous": client.get("/reports/donor-gap"),
        "report-partner": client.get("/reports/donor-gap", headers=PARTNER),
        "missing": client.get("/nothing-here"),
    }
    for name, response in responses.items():
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff", name
        assert headers["referrer-policy"] == "no-referrer", name
        assert headers["x-frame-options"] == "DENY", name
        assert "default-src 'self'" in headers["content-security-policy"], name
        assert "frame-ancestors 'none'" in headers["content-security-policy"], name
    for name in ("graphql", "bad", "anonymous", "report-anonymous", "report-partner"):
        assert responses[name].headers["cache-control"] == "no-store", name
    assert responses["anonymous"].status_code == 401
    assert responses["anonymous"].headers["www-authenticate"].startswith("Bearer")
    assert responses["report-anonymous"].status_code == 401
    assert responses["report-anonymous"].headers["www-authenticate"].startswith("Bearer")
    assert responses["report-partner"].status_code == 403
    assert "cache-control" not in responses["asset"].headers  # no credentials, public file


@pytest.mark.neo4j
def test_search_text_is_capped(graph: Any, ask: Any) -> None:
    query = "query ($t: String!, $f: Boolean!) { searchEntities(text: $t, fuzzy: $f) { score } }"
    many = " ".join(f"word{i}" for i in range(10_000))
    for fuzzy in (True, False):
        body = ask(query, variables={"t": many, "f": fuzzy})
        assert codes(body) == ["BAD_INPUT"], body
    words = ask(query, variables={"t": " ".join(["Emerald"] * (MAX_SEARCH_WORDS + 1)),
                                  "f": True})
    assert codes(words) == ["BAD_INPUT"] and "words" in words["errors"][0]["message"]
    long = ask(query, variables={"t": "x" * (MAX_SEARCH_CHARS + 1), "f": False})
    assert codes(long) == ["BAD_INPUT"] and "characters" in long["errors"][0]["message"]
    # At the caps a fuzzy search still runs (within Lucene's clause limit).
    most = " ".join(["Government", "Japan", "European", "Union"] * (MAX_SEARCH_WORDS // 4))
    ok = ask(query, variables={"t": most, "f": True}, role="fiu_analyst")
    assert "errors" not in ok, ok
    found = ask('{ searchEntities(text: "Japan", fuzzy: true) { node { name } } }')
    assert "Government of Japan" in found["text"]


@pytest.mark.neo4j
def test_expected_errors_log_one_line_without_ids(
    graph: Any, ask: Any, caplog: pytest.LogCaptureFixture
) -> None:
    hidden = graph["Rustam Karimov"]
    with caplog.at_level(logging.INFO, logger="graphhub.api"):
        body = ask("query Probe($id: ID!) { entity(id: $id) { name } }", variables={"id": hidden})
    assert codes(body) == ["NOT_FOUND"]
    lines = [r for r in caplog.records if r.name == "graphhub.api" and "NOT_FOUND" in r.message]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert hidden not in caplog.text and "Karimov" not in caplog.text
    assert "Probe" in lines[0].message


@pytest.mark.neo4j
def test_unexpected_errors_log_a_traceback_and_answer_internal(
    api_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # A database that does not exist: Neo4j fails for real, the caller sees "internal error".
    settings = replace(api_settings, neo4j_database="nosuchdatabase")
    with caplog.at_level(logging.INFO, logger="graphhub.api"), \
            TestClient(create_app(settings)) as client:
        response = client.post("/graphql", json={"query": "{ donors { totalCount } }"},
                               headers=PARTNER)
    body = response.json()
    assert codes(body) == ["INTERNAL"]
    assert "nosuchdatabase" not in response.text and "MATCH" not in response.text
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info is not None
