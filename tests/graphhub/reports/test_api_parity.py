"""Every figure of the report equals the GraphQL API's for the same selection.

Goes through the real HTTP API (``create_app``) as a coordinator. The GraphQL shapes are
read from the schema by introspection, so the test follows field names rather than guess
them; it skips only when the schema has no ``whoFundsWhat`` field.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

import pytest
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.config import Settings
from graphhub.queries.runner import Runner
from graphhub.reports.report import build_report
from graphhub.reports.selection import make_selection

from .conftest import Doc

pytestmark = pytest.mark.neo4j

TOKEN = "report-parity-coordinator"
TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"


def _named(ref: dict[str, Any]) -> str:
    while ref.get("ofType"):
        ref = ref["ofType"]
    return str(ref["name"])


class Api:
    """A coordinator's GraphQL calls over HTTP, shaped by what the schema says."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return dict(body["data"])

    def query_fields(self) -> dict[str, dict[str, Any]]:
        data = self.run(
            "{ __schema { queryType { fields { name type { TYPE } "
            "args { name type { TYPE } } } } } }".replace("TYPE", TYPE_REF)
        )
        return {f["name"]: f for f in data["__schema"]["queryType"]["fields"]}

    def type_fields(self, name: str) -> dict[str, str]:
        data = self.run(
            "query($n: String!) { __type(name: $n) { fields { name type { TYPE } } "
            "inputFields { name type { TYPE } } } }".replace("TYPE", TYPE_REF),
            {"n": name},
        )
        found = data["__type"]
        items = (found.get("fields") or []) + (found.get("inputFields") or [])
        return {f["name"]: _named(f["type"]) for f in items}


def _pick(fields: dict[str, str], *words: str) -> str:
    for name in fields:
        if all(word in name.lower() for word in words):
            return name
    raise AssertionError(f"no field with {words} among {sorted(fields)}")


def who_funds_what(
    api: Api, group_by: list[str], year_from: int, year_to: int
) -> list[dict[str, Any]]:
    """All rows of whoFundsWhat as {"donor", "iso3", "sector", "year", "usd"} dicts."""
    field = api.query_fields()["whoFundsWhat"]
    args = {a["name"]: _named(a["type"]) for a in field["args"]}
    returned = _named(field["type"])
    outer = api.type_fields(returned)
    connection = "edges" in outer
    row_type = api.type_fields(outer["edges"])["node"] if connection else returned
    row = api.type_fields(row_type)
    usd = _pick(row, "amount", "usd")
    filter_arg = _pick(args, "filter")
    filter_fields = api.type_fields(args[filter_arg])
    selection = f"{usd} year donor {{ id }} country {{ iso3 }} sector {{ name }}"
    paging = ", first: 100, after: $after" if connection else ""
    shape = (f"edges {{ node {{ {selection} }} }} pageInfo {{ hasNextPage endCursor }}"
             if connection else selection)
    group_arg = _pick(args, "group")
    query = (
        f"query($g: [{args[group_arg]}!]!, $f: {args[filter_arg]}"
        + (", $after: String" if connection else "")
        + f") {{ whoFundsWhat({group_arg}: $g, {filter_arg}: $f{paging}) {{ {shape} }} }}"
    )
    variables: dict[str, Any] = {
        "g": group_by,
        "f": {_pick(filter_fields, "year", "from"): year_from,
              _pick(filter_fields, "year", "to"): year_to},
    }
    rows: list[dict[str, Any]] = []
    after = None
    while True:
        data = api.run(query, {**variables, "after": after} if connection else variables)
        result = data["whoFundsWhat"]
        page = [edge["node"] for edge in result["edges"]] if connection else result
        rows += [
            {
                "donor": (r.get("donor") or {}).get("id"),
                "iso3": (r.get("country") or {}).get("iso3"),
                "sector": ((r.get("sector") or {}).get("name") or "").lower() or None,
                "year": r.get("year"),
                "usd": float(r[usd] or 0.0),
            }
            for r in page
        ]
        if not connection or not result["pageInfo"]["hasNextPage"]:
            return rows
        after = result["pageInfo"]["endCursor"]


def _sums(rows: list[dict[str, Any]], key: str, iso3: tuple[str, ...]) -> dict[Any, float]:
    out: dict[Any, float] = defaultdict(float)
    for row in rows:
        if row["iso3"] in iso3:
            out[row[key]] += row["usd"]
    return dict(out)


async def test_report_figures_equal_the_graphql_api(
    central_asia: list[Doc], runner: Runner,
    neo4j_settings: Settings,
) -> None:
    from graphhub import config

    # A coordinator's key, where the API has keys to configure.
    api_key = getattr(config, "ApiKey", None)
    settings = (
        replace(neo4j_settings, api_keys=(api_key(Secret(TOKEN), "coordinator"),))
        if api_key is not None else neo4j_settings
    )
    with TestClient(create_app(settings)) as client:
        api = Api(client)
        if "whoFundsWhat" not in api.query_fields():
            pytest.skip("whoFundsWhat not available")
        cells = who_funds_what(api, ["COUNTRY", "SECTOR"], 2010, 2014)
        donors = who_funds_what(api, ["DONOR", "COUNTRY", "SECTOR"], 2010, 2014)
        years = who_funds_what(api, ["YEAR", "COUNTRY", "SECTOR"], 2010, 2014)
    selection = make_selection(region="Central Asia", year_from=2010, year_to=2014)
    report = await build_report(runner, selection)
    iso3 = report.scope.iso3
    api_cells = {
        (r["iso3"], r["sector"]): r["usd"] for r in cells if r["iso3"] in iso3
    }
    assert {c.key: c.amount_usd for c in report.figures.cells} == pytest.approx(api_cells)
    assert {d.donor_id: d.amount_usd for d in report.figures.donors} == pytest.approx(
        _sums(donors, "donor", iso3)
    )
    assert {y.year: y.amount_usd for y in report.figures.years} == pytest.approx(
        _sums(years, "year", iso3)
    )
    assert report.figures.total_usd == pytest.approx(sum(api_cells.values()))
