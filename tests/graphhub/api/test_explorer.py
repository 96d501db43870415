"""The explorer in a real headless Chromium against a live server: run who-funds-what."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.testclient import TestClient

from graphhub.api.app import create_app
from graphhub.api.explorer import VENDOR_DIR, explorer_page
from graphhub.config import Settings
from graphhub.db.engine import free_port

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
ANALYST_TOKEN = "analyst-key-0003"


def test_page_loads_assets_from_the_app_only(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "/static/vendor/graphiql.min.js" in response.text
    assert "https://" not in response.text  # no CDN
    assert "WhoFundsWhatInACountry" in response.text
    assert "</script>" not in explorer_page().split("const config = ")[1].split(";\n")[0]


@pytest.fixture
def live_server(graph: Any, api_settings: Settings) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(api_settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the API server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.neo4j
@pytest.mark.browser
def test_explorer_runs_who_funds_what(live_server: str) -> None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/system-deps.sh installs it)")
    if not (VENDOR_DIR / "graphiql.min.js").exists():
        pytest.skip("explorer assets missing: run scripts/explorer-assets.sh")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        try:
            context = browser.new_context(
                extra_http_headers={"Authorization": f"Bearer {ANALYST_TOKEN}"},
                viewport={"width": 1400, "height": 900},
            )
            page = context.new_page()
            outside: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(live_server)
                    else outside.append(r.url))
            page.goto(f"{live_server}/graphql", wait_until="networkidle")
            page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
            page.click(".graphiql-execute-button")
            result = page.locator(".result-window")
            result.get_by_text("Government of Japan").wait_for(timeout=20_000)
            text = result.inner_text()
            page.screenshot(path=str(ARTIFACTS / "explorer-who-funds-what.png"), full_page=True)
        finally:
            browser.close()
    assert "European Union" in text and "1064000" in text.replace(",", "")
    assert outside == []
