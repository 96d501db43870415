"""Role x operation probe: nothing restricted reaches a partner or a coordinator.

Every operation of queries/ (with its defaults, then with each id-like variable set to
restricted ids) and every Query field (required arguments filled with restricted ids,
names and codes; a selection of its scalar fields two levels deep) is sent as partner
and as coordinator, and so is GET /reports/donor-gap. No answer or error may contain a
restricted id, name, alias, property, amount, document title or evidence sentence; the
restricted strings are read from the graph itself, less those public data also holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationDefinitionNode,
    get_named_type,
    parse,
)
from starlette.testclient import TestClient

from graphhub.api.explorer import operations
from graphhub.api.schema import schema
from graphhub.config import Settings
from graphhub.model import RESTRICTED, Label, RelType
from ingestion.commit import commit_extractions
from ingestion.resolve import Resolver
from tests.graphhub.api.conftest import TOKENS, sample

pytestmark = pytest.mark.neo4j
PUBLIC_ROLES = ("partner", "coordinator")
SECRET_VALUES = ("Secret Alias", "XX-SECRET")
_IGNORED = {RESTRICTED, "public", "txt", "USD", "EUR", "fixture", "rule", "contribution"}


def granite_note() -> Any:
    """A second restricted document: a person with aliases and a nationality, transfers."""
    d = sample.DocBuilder("FIU note Granite Ledger 2015", "txt", classification=RESTRICTED)
    s1 = "Timur Zaslavsky, also known as Granite Timur, moved USD 123,457 on 4 May 2015."
    s2 = "Zaslavsky holds account UZ99 0000 7777 at Ferghana Agro Bank."
    d.say(s1)
    d.say(s2)
    person = d.node(Label.PERSON, "tz", "Timur Zaslavsky", s1, nationality="Uzbekistan",
                    birth_date="1971-09-17", aliases=["Granite Timur", "T. Zaslavsky"])
    account = d.node(Label.BANK_ACCOUNT, "uz99", "UZ99 0000 7777", s2, iban="UZ9900007777")
    bank = d.node(Label.COMPANY, "fab", "Ferghana Agro Bank", s2)
    d.edge(RelType.HOLDS, person, account, s2)
    d.edge(RelType.TRANSFER, account, bank, s1, amount=123_457, currency="USD",
           amount_usd=123_457.0, date="2015-05-04", reference="GL-1")
    return d


@pytest.fixture
def probe_graph(graph: Any, driver: neo4j.Driver, neo4j_settings: Settings) -> Any:
    database = neo4j_settings.neo4j_database
    for report in commit_extractions(driver, database, [granite_note().extraction()], Resolver()):
        if isinstance(report, Exception):
            raise report
    # A public person some of whose values only a restricted source gave.
    driver.execute_query(
        """CREATE (:Entity:Person {id: 'person:probe0000public1', name: 'Nadia Publicova',
                  classification: 'public', aliases: ['N. Publicova'],
                  restricted_aliases: ['Secret Alias'],
                  restricted_props: '{"nationality": "XX-SECRET"}'})""",
        database_=database)
    return graph


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, bool):
        return
    elif isinstance(value, (int, float)) and abs(value) >= 1000:  # amounts, not offsets
        yield f"#{float(value):g}"
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def restricted_strings(driver: neo4j.Driver, database: str) -> tuple[set[str], list[str]]:
    """Restricted values (``#n`` for amounts) less public ones, and restricted ids."""
    def values(query: str) -> set[str]:
        records, _, _ = driver.execute_query(query, database_=database)
        out: set[str] = set()
        for record in records:
            for value in record["props"].values():
                out.update(_strings(value))
        return out

    hidden = values("MATCH (n) WHERE n.classification = 'restricted' RETURN properties(n) AS props")
    hidden |= values("MATCH ()-[r]->() WHERE r.classification = 'restricted' "
                     "RETURN properties(r) AS props")
    hidden |= values("MATCH (d:Document)-[m:MENTIONS]->() WHERE d.classification = 'restricted' "
                     "OR m.classification = 'restricted' "
                     "RETURN {title: d.title, sentence: m.sentence} AS props")
    shown = values("MATCH (n) WHERE n.classification = 'public' RETURN properties(n) AS props")
    shown |= values("MATCH ()-[r]->() WHERE r.classification = 'public' "
                    "RETURN properties(r) AS props")
    shown |= values("MATCH (d:Document)-[m:MENTIONS]->() WHERE d.classification = 'public' "
                    "AND m.classification = 'public' "
                    "RETURN {title: d.title, sentence: m.sentence} AS props")
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.classification = 'restricted' AND n.id IS NOT NULL "
        "RETURN n.id AS id ORDER BY id", database_=database)
    ids = [r["id"] for r in records]
    wanted = {s for s in hidden - shown - _IGNORED if len(s) >= 4 and not s.isdigit()}
    return wanted, ids


def leaks(text: str, hidden: set[str]) -> list[str]:
    found = []
    for value in hidden:
        if value.startswith("#"):
            number = value[1:]
            if re.search(rf"(?<![\d.]){re.escape(number)}(\.0+)?(?![\d.])", text):
                found.append(value)
        elif value in text:
            found.append(value)
    return found


def _selection(kind: GraphQLNamedType, depth: int) -> str:
    if not isinstance(kind, GraphQLObjectType):
        return "{ __typename }" if not isinstance(kind, (GraphQLScalarType, GraphQLEnumType)) \
            else ""
    parts = []
    for name, field in kind.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        inner = get_named_type(field.type)
        if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)):
            parts.append(name)
        elif depth > 0:
            parts.append(f"{name} {_selection(inner, depth - 1)}")
    return "{ " + (" ".join(parts) or "__typename") + " }"


def _value(kind: Any, text: str) -> Any:
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, text)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, text)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {n: _value(f.type, text) for n, f in kind.fields.items()
                if isinstance(f.type, GraphQLNonNull)}
    if isinstance(kind, GraphQLScalarType) and kind.name in ("Int",):
        return 4
    if isinstance(kind, GraphQLScalarType) and kind.name in ("Float",):
        return 0.0
    if isinstance(kind, GraphQLScalarType) and kind.name == "Boolean":
        return True
    return text


def field_requests(name: str, field: GraphQLField, texts: list[str]) -> Iterator[dict[str, Any]]:
    """One request per text: required arguments filled with it (and ``text`` searched)."""
    args = {n: a for n, a in field.args.items()
            if isinstance(a.type, GraphQLNonNull) or n == "text"}
    definitions = ", ".join(f"${n}: {a.type}" for n, a in args.items())
    call = ", ".join(f"{n}: ${n}" for n in args)
    head = f"query Probe({definitions})" if args else "query Probe"
    body = f"{name}({call})" if args else name
    query = f"{head} {{ {body} {_selection(get_named_type(field.type), 2)} }}"
    for text in texts if args else texts[:1]:
        yield {"query": query, "variables": {n: _value(a.type, text) for n, a in args.items()}}


def folder_requests(texts: list[str]) -> Iterator[dict[str, Any]]:
    for text in operations().values():
        yield {"query": text}
        [operation] = [d for d in parse(text).definitions
                       if isinstance(d, OperationDefinitionNode)]
        stringy = [v.variable.name.value for v in operation.variable_definitions or ()
                   if get_named_type(schema._schema.get_type(
                       str(v.type).strip("[]!")) or schema._schema.get_type("String")).name
                   in ("ID", "String")]
        for value in texts:
            if stringy:
                yield {"query": text, "variables": dict.fromkeys(stringy, value)}


def _ask(client: TestClient, role: str, request: dict[str, Any]) -> str:
    response = client.post("/graphql", json=request,
                           headers={"Authorization": f"Bearer {TOKENS[role]}"})
    assert response.status_code == 200, (request, response.text)
    assert '"INTERNAL"' not in response.text, (request, response.text)
    return response.text


def test_nothing_restricted_reaches_public_roles(
    probe_graph: Any, driver: neo4j.Driver, neo4j_settings: Settings, client: TestClient
) -> None:
    hidden, ids = restricted_strings(driver, neo4j_settings.neo4j_database)
    hidden -= set(SECRET_VALUES)  # checked on their own below
    assert {"Timur Zaslavsky", "Granite Timur", "Uzbekistan", "#123457", "Emerald Gate network",
            "FIU note Granite Ledger 2015", "#50000"} <= hidden
    person = next(i for i in ids if i.startswith("person:"))
    texts = [person, next(i for i in ids if i.startswith("company:")), "Granite Timur"]
    requests = list(folder_requests(texts))
    for name, field in schema._schema.query_type.fields.items():  # type: ignore[union-attr]
        requests += field_requests(name, field, texts)
    sent = 0
    found: list[tuple[str, str, list[str]]] = []
    for role in PUBLIC_ROLES:
        for request in requests:
            text = _ask(client, role, request)
            sent += 1
            for given in texts:  # an error may repeat what the caller sent; that is no leak
                text = text.replace(given, "")
            if bad := leaks(text, hidden):
                found.append((role, request["query"][:80], bad))
    headers = {"Authorization": f"Bearer {TOKENS['coordinator']}"}
    for fmt in ("html", "md"):
        report = client.get("/reports/donor-gap", params={"region": "Central Asia",
                                                          "format": fmt}, headers=headers)
        sent += 1
        assert report.status_code == 200, report.text[:300]
        if bad := leaks(report.text, hidden):
            found.append(("coordinator", f"donor-gap {fmt}", bad))
    print(f"probe: {sent} requests as {', '.join(PUBLIC_ROLES)}; "
          f"{len(hidden)} restricted strings checked")
    assert found == [], found[:5]
    assert sent > 100


def test_values_only_restricted_sources_gave_never_reach_public_roles(
    probe_graph: Any, client: TestClient
) -> None:
    requests = [
        {"query": "query ($id: ID!) { entity(id: $id) { name aliases nationality "
                  "sources { sentence } } }", "variables": {"id": "person:probe0000public1"}},
        {"query": '{ searchEntities(text: "Publicova") { node { name } } }'},
        {"query": '{ searchEntities(text: "Secret Alias") { node { name } } }'},
    ]
    for role in PUBLIC_ROLES:
        texts = [_ask(client, role, request) for request in requests]
        assert "Nadia Publicova" in texts[0]
        for text in texts:
            assert not [value for value in SECRET_VALUES if value in text], text
        assert "Publicova" not in texts[2]  # the secret alias finds nothing
    # The restricted values stay in the graph for analysts.
    analyst = _ask(client, "fiu_analyst", requests[0])
    assert json.loads(analyst)["data"]["entity"]["name"] == "Nadia Publicova"
