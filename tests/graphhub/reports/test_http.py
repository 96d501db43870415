"""GET and POST /reports/donor-gap over real HTTP (starlette's test client) on the real graph."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import lxml.html
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.reports.http import routes

from .conftest import Doc

pytestmark = pytest.mark.neo4j


def _app(settings: Settings) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.driver = open_async_driver(settings)
        try:
            yield
        finally:
            await app.state.driver.close()

    return Starlette(routes=routes(), lifespan=lifespan)


def test_formats_by_parameter_or_accept_header(
    central_asia: list[Doc], neo4j_settings: Settings
) -> None:
    query = {"region": "Central Asia", "from": "2010", "to": "2014"}
    with TestClient(_app(neo4j_settings)) as client:
        html = client.get("/reports/donor-gap", params=query)
        pdf = client.get("/reports/donor-gap", params=query,
                         headers={"accept": "application/pdf"})
        md = client.get("/reports/donor-gap", params={**query, "format": "md"},
                        headers={"accept": "application/pdf"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    tree = lxml.html.document_fromstring(html.text)
    assert "Central Asia" in tree.findtext(".//h1")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Donor gaps: Central Asia")


def test_posted_priorities_and_bad_input(
    central_asia: list[Doc], neo4j_settings: Settings
) -> None:
    good = "country,sector,priority,target_usd\nTKM,border control,high,2000000\n"
    bad = "country,sector,priority\nTJK,border control,high\nTJK,HIV prevention,soon\n"
    with TestClient(_app(neo4j_settings)) as client:
        posted = client.post("/reports/donor-gap?countries=TJK,TKM&format=md", content=good,
                             headers={"content-type": "text/csv"})
        rejected = client.post("/reports/donor-gap?countries=TJK", content=bad,
                               headers={"content-type": "text/csv"})
        backwards = client.get("/reports/donor-gap?from=2015&to=2010")
        unknown = client.get("/reports/donor-gap?format=docx")
    assert posted.status_code == 200
    row = "| Turkmenistan | border control | high | USD 0 | target | USD 2,000,000 |"
    assert row in posted.text
    assert rejected.status_code == 400
    assert "row 3" in rejected.text and "'soon' is not one of" in rejected.text
    assert backwards.status_code == 400 and "runs backwards" in backwards.text
    assert unknown.status_code == 400 and "docx" in unknown.text
