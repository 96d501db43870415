"""The explorer in a real headless Chromium against a live server: run who-funds-what."""

from __future__ import annotations

import json
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
    block = explorer_page().split('id="explorer-config">')[1].split("</script>")[0]
    assert "<" not in block and json.loads(block)["defaultQuery"]
    assert "<script>" not in response.text  # no inline script: the CSP allows none
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    for asset in ("/static/explorer.js", "/static/explorer.css"):
        assert client.get(asset).status_code == 200


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


def _need_browser() -> None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/system-deps.sh installs it)")
    if not (VENDOR_DIR / "graphiql.min.js").exists():
        pytest.skip("explorer assets missing: run scripts/explorer-assets.sh")


def _launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync"],
    )


@pytest.mark.neo4j
@pytest.mark.browser
def test_explorer_runs_who_funds_what(live_server: str) -> None:
    _need_browser()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            context = browser.new_context(
                extra_http_headers={"Authorization": f"Bearer {ANALYST_TOKEN}"},
                viewport={"width": 1400, "height": 900},
            )
            page = context.new_page()
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text)
                    if "Content Security Policy" in m.text else None)
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
    assert violations == []


def _set_headers(page: Any, headers: str) -> None:
    """Type ``headers`` into GraphiQL's Headers tab, as a person would (replacing its text)."""
    page.get_by_role("button", name="Headers").first.click()
    editor = page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(headers)


def _stored(page: Any) -> str:
    return str(page.evaluate("() => JSON.stringify(Object.assign({}, window.localStorage))"))


@pytest.mark.neo4j
@pytest.mark.browser
def test_the_key_stays_out_of_local_storage_unless_asked(live_server: str) -> None:
    _need_browser()
    from playwright.sync_api import sync_playwright

    header = json.dumps({"Authorization": f"Bearer {ANALYST_TOKEN}"})
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_context().new_page()
            page.goto(f"{live_server}/graphql", wait_until="networkidle")
            page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
            _set_headers(page, header)
            page.click(".graphiql-execute-button")
            try:
                page.locator(".result-window").get_by_text("Government of Japan").wait_for(
                    timeout=20_000)  # the key typed in the Headers tab is sent
            finally:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "explorer-headers.png"), full_page=True)
            page.wait_for_timeout(1500)  # GraphiQL saves its state with a delay
            before_reload = _stored(page)
            page.reload(wait_until="networkidle")
            page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
            page.wait_for_timeout(500)
            after_reload = _stored(page)
            unticked = page.is_checked("#remember-headers")

            page.check("#remember-headers")
            page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
            _set_headers(page, header)
            page.wait_for_timeout(1500)
            page.reload(wait_until="networkidle")
            page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
            page.wait_for_timeout(500)
            remembered = _stored(page)
            ticked = page.is_checked("#remember-headers")

            page.uncheck("#remember-headers")
            page.wait_for_timeout(1500)
            forgotten = _stored(page)
        finally:
            browser.close()
    assert "graphiql:" in before_reload  # GraphiQL does keep its tabs there ...
    assert ANALYST_TOKEN not in before_reload and ANALYST_TOKEN not in after_reload  # ... no key
    assert not unticked
    assert ticked and ANALYST_TOKEN in remembered  # kept only once the box is ticked
    assert ANALYST_TOKEN not in forgotten


@pytest.mark.neo4j
@pytest.mark.browser
def test_explorer_runs_the_donor_totals_by_kind_tab(live_server: str) -> None:
    """The saved per-kind operation, opened as a person would from its tab in the explorer."""
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            context = browser.new_context(
                extra_http_headers={"Authorization": f"Bearer {ANALYST_TOKEN}"},
                viewport={"width": 1400, "height": 900},
            )
            page = context.new_page()
            page.goto(f"{live_server}/graphql", wait_until="networkidle")
            page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
            page.locator(".graphiql-tab", has_text="DonorTotalsByKind").first.click()
            page.locator(".graphiql-query-editor").get_by_text("query DonorTotalsByKind").wait_for()
            page.wait_for_timeout(1000)  # GraphiQL takes the tab's operation name with a delay
            page.click(".graphiql-execute-button")
            result = page.locator(".result-window")
            try:
                result.get_by_text("committedUsd").first.wait_for(timeout=20_000)
            finally:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "explorer-donor-totals.png"), full_page=True)
            text = result.inner_text()
        finally:
            browser.close()
    # The answer's first donor (the editor shows the lines in view): its sums per kind.
    assert '"donors"' in text and '"errors"' not in text
    assert '"committedUsd"' in text and '"amountNote"' in text and '"kinds"' in text
