"""Query limits: counted after fragment expansion, measured in linear time, enforced over HTTP."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from graphql import parse
from starlette.testclient import TestClient

from graphhub import __version__
from graphhub.api.app import create_app
from graphhub.api.explorer import operations
from graphhub.api.limits import QueryLimits, measure
from graphhub.api.schema import schema
from graphhub.config import Settings
from tests.graphhub.api.conftest import TOKENS


def fragment_bomb(levels: int) -> str:
    """``fragment Fi on Query { ...F(i-1) ...F(i-1) }``: 2**levels fields from ~40 bytes a level."""
    parts = ["fragment F0 on Query { version }"]
    parts += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    parts.append(f"query Bomb {{ ...F{levels} }}")
    return "\n".join(parts)


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def messages(body: dict[str, Any]) -> str:
    return " | ".join(e["message"] for e in body.get("errors") or [])


def test_the_fragment_bomb_is_measured_in_full_and_quickly() -> None:
    document = parse(fragment_bomb(30))
    start = time.perf_counter()
    measured = measure(schema._schema, document)["Bomb"]
    elapsed = time.perf_counter() - start
    assert measured.fields == 2**30
    assert measured.fragment_depth == 31
    assert elapsed < 0.1, elapsed
    # Linear: twice the levels is not (noticeably) slower to measure.
    start = time.perf_counter()
    assert measure(schema._schema, parse(fragment_bomb(60)))["Bomb"].fields >= 10**15
    assert time.perf_counter() - start < 0.2


def test_lists_count_per_item_and_connections_by_their_page() -> None:
    small = measure(schema._schema, parse("{ donors(first: 2) { nodes { name } } }"))
    big = measure(schema._schema, parse("{ donors(first: 200) { nodes { name } } }"))
    assert big["anonymous"].cost > 50 * small["anonymous"].cost / 2
    by_variable = measure(
        schema._schema,
        parse("query P($n: Int) { donors(first: $n) { nodes { name } } }"),
        {"n": 200},
    )
    assert by_variable["P"].cost == big["anonymous"].cost
    nested = measure(schema._schema, parse("{ donors { nodes { fundings { amountUsd } } } }"))
    assert nested["anonymous"].cost > big["anonymous"].cost / 4  # 50 donors x 10 fundings


def test_every_operation_of_the_queries_folder_is_within_the_limits() -> None:
    limits = QueryLimits()
    for name, text in operations().items():
        for measured in measure(schema._schema, parse(text)).values():
            assert measured.fields <= limits.fields / 10, name
            assert measured.cost <= limits.cost / 10, name
            assert measured.depth <= limits.depth and measured.aliases <= limits.aliases, name


def test_the_fragment_bomb_is_refused_before_it_runs(client: TestClient) -> None:
    start = time.perf_counter()
    response = client.post("/graphql", json={"query": fragment_bomb(30)},
                           headers={"Authorization": f"Bearer {TOKENS['partner']}"})
    elapsed = time.perf_counter() - start
    body = response.json()
    assert codes(body) == ["BAD_INPUT"] * 3, body  # fields, cost and fragment nesting
    assert "1073741824 fields" in messages(body) and "fragment spreads 31 deep" in messages(body)
    assert body["data"] is None
    assert elapsed < 2, elapsed


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ projects { nodes { " + "follows { " * 12 + "code" + " }" * 12 + " } } }",
         "nests fields 14 deep"),
        ("{ " + " ".join(f"v{i}: version" for i in range(30)) + " }", "uses 30 aliases"),
        ("fragment A on Query { v1: version v2: version v3: version v4: version v5: version }\n"
         "{ ...A ... on Query { ...A ...A ...A ...A } }", "uses 25 aliases"),
        ("{ donors(first: 200) { nodes { fundings { sources { sentence } project { fundings { "
         "sources { sentence } donor { name } } } } } } }", "estimated cost"),
        ("\n".join(f"fragment G{i} on Query {{ ...G{i + 1} }}" for i in range(10))
         + "\nfragment G10 on Query { version }\n{ ...G0 }", "nests fragment spreads 11 deep"),
    ],
    ids=["depth", "aliases", "aliases-in-fragments", "cost", "fragment-depth"],
)
def test_limits_answer_bad_input(ask: Any, query: str, expected: str) -> None:
    body = ask(query)
    assert set(codes(body)) == {"BAD_INPUT"}, body
    assert expected in messages(body)
    assert body["data"] is None


def test_too_many_tokens_are_refused(ask: Any) -> None:
    body = ask("{ " + " ".join(["version"] * 3100) + " }")
    assert codes(body) == ["BAD_INPUT"]
    assert "token" in messages(body)


def test_several_anonymous_operations_are_an_error(ask: Any) -> None:
    body = ask("{ version } { version }")
    assert set(codes(body)) == {"BAD_INPUT"} and body["data"] is None
    assert "anonymous operation must be the only defined operation" in messages(body)
    named = ask("query A { version } { version }")
    assert "anonymous operation must be the only defined operation" in messages(named)


def test_the_limits_come_from_the_settings(api_settings: Settings) -> None:
    env = {"GRAPHHUB_MAX_QUERY_FIELDS": "3", "GRAPHHUB_MAX_QUERY_DEPTH": "1",
           "GRAPHHUB_MAX_QUERY_TOKENS": "40", "GRAPHHUB_MAX_FRAGMENT_DEPTH": "1",
           "GRAPHHUB_MAX_QUERY_ALIASES": "1", "GRAPHHUB_MAX_QUERY_COST": "9"}
    read = Settings.from_env(env)
    assert (read.max_query_fields, read.max_query_depth, read.max_query_tokens,
            read.max_fragment_depth, read.max_query_aliases, read.max_query_cost) == (
        3, 1, 40, 1, 1, 9)
    settings = replace(api_settings, max_query_fields=3, max_query_tokens=40)
    headers = {"Authorization": f"Bearer {TOKENS['partner']}"}
    with TestClient(create_app(settings)) as client:
        ok = client.post("/graphql", json={"query": "{ a: version b: version c: version }"},
                         headers=headers).json()
        assert ok == {"data": {"a": __version__, "b": __version__, "c": __version__}}
        over = client.post("/graphql", json={"query": "{ a: version b: version c: version "
                                             "d: version }"}, headers=headers).json()
        assert "selects 4 fields" in messages(over)
        tokens = client.post("/graphql", json={"query": "{ " + "version " * 50 + "}"},
                             headers=headers).json()
        assert codes(tokens) == ["BAD_INPUT"] and "token" in messages(tokens)
