"""Fixtures for query-module tests: the sample graph and a Runner on an async driver."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import pytest
import pytest_asyncio

from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.queries.runner import Runner


def _sample_module() -> ModuleType:
    path = Path(__file__).with_name("sample_graph.py")
    spec = importlib.util.spec_from_file_location("graphhub_sample_graph", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


sample = _sample_module()


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_settings: Settings) -> Any:
    """The sample graph, freshly written."""
    return sample.load_sample_graph(driver, neo4j_settings.neo4j_database)


@pytest_asyncio.fixture(loop_scope="function")
async def async_driver(neo4j_settings: Settings) -> AsyncIterator[neo4j.AsyncDriver]:
    # On the test's own event loop: the driver's connections belong to the loop that opened them.
    driver = open_async_driver(neo4j_settings)
    try:
        yield driver
    finally:
        await driver.close()


@pytest.fixture
def public(async_driver: neo4j.AsyncDriver, neo4j_settings: Settings) -> Runner:
    """A runner that sees public data only (a partner)."""
    return Runner(async_driver, neo4j_settings.neo4j_database, 10.0, restricted_ok=False)


@pytest.fixture
def analyst(async_driver: neo4j.AsyncDriver, neo4j_settings: Settings) -> Runner:
    """A runner that also sees restricted data (an FIU analyst)."""
    return Runner(async_driver, neo4j_settings.neo4j_database, 10.0, restricted_ok=True)
