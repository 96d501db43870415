"""The audit log: probes for restricted ids by callers who may not see them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graphhub.config import Settings

pytestmark = pytest.mark.neo4j


def records(settings: Settings) -> list[dict[str, Any]]:
    if not settings.audit_path.exists():
        return []
    return [json.loads(line) for line in settings.audit_path.read_text().splitlines()]


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def test_a_partner_asking_for_a_restricted_id_is_audited_as_probing(
    graph: Any, ask: Any, api_settings: Settings
) -> None:
    query = "query Look($id: ID!) { entity(id: $id) { name } }"
    unknown = ask(query, variables={"id": "person:0000000000000000"})
    assert codes(unknown) == ["NOT_FOUND"]
    assert records(api_settings) == []  # an unknown id is no probe

    hidden_id = graph["Rustam Karimov"]
    hidden = ask(query, variables={"id": hidden_id})
    assert codes(hidden) == ["NOT_FOUND"]
    assert hidden["errors"][0]["message"].replace(hidden_id, "ID") == \
        unknown["errors"][0]["message"].replace("person:0000000000000000", "ID")
    assert hidden["text"].replace(hidden_id, "ID") == \
        unknown["text"].replace("person:0000000000000000", "ID")
    [probe] = records(api_settings)
    assert probe["kind"] == "probe" and probe["operation"] == "Look"
    assert probe["role"] == "partner" and probe["ids"] == [hidden_id]
    assert probe["codes"] == ["NOT_FOUND"] and probe["who"].startswith("key-")

    # A literal id in the query, by a coordinator, into a flow query: also a probe.
    trace = ask(f'{{ traceFlows(from: "{graph["Pamir Fruit LLC"]}") {{ totalCount }} }}',
                role="coordinator")
    assert codes(trace) == ["NOT_FOUND"]
    assert records(api_settings)[-1]["ids"] == [graph["Pamir Fruit LLC"]]
    assert records(api_settings)[-1]["role"] == "coordinator"


def test_a_forbidden_change_of_a_restricted_entity_is_audited(
    graph: Any, ask: Any, api_settings: Settings
) -> None:
    body = ask('mutation Alias($id: ID!) { addAlias(entityId: $id, alias: "x") { id } }',
               variables={"id": graph["Emerald Gate network"]})
    assert codes(body) == ["FORBIDDEN"]
    [probe] = records(api_settings)
    assert probe["kind"] == "probe" and probe["codes"] == ["FORBIDDEN"]
    assert probe["ids"] == [graph["Emerald Gate network"]]


def test_analysts_reading_restricted_data_are_audited_as_reads(
    graph: Any, ask: Any, api_settings: Settings
) -> None:
    ask("query ($id: ID!) { entity(id: $id) { name } }", role="fiu_analyst",
        variables={"id": graph["Rustam Karimov"]})
    missing = ask('{ entity(id: "person:0000000000000000") { name } }', role="fiu_analyst")
    assert codes(missing) == ["NOT_FOUND"]
    [read] = records(api_settings)
    assert read["kind"] == "read" and read["ids"] == [graph["Rustam Karimov"]]
