"""Shared fixtures: one real Neo4j for the whole session, a clean graph for every test.

Without GRAPHHUB_NEO4J_URI the suite starts the local engine on a free port with a
temporary data directory and stops it at the end. With GRAPHHUB_NEO4J_URI set the
suite would empty that database before every test, so it refuses to start unless
GRAPHHUB_TEST_WIPE_OK=1 says the server is a throwaway one.

Whatever the tests write as state (audit log, run summaries, reports, a local
engine's files) goes to a temporary directory: GRAPHHUB_STATE_DIR is pointed there
for the whole session, subprocesses included, and nothing lands in ``.graphhub``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver
from graphhub.db.schema import migrate

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

WIPE_REFUSED = (
    "GRAPHHUB_NEO4J_URI is set ({uri}): the tests empty the database before every test. "
    "Unset it to test against a throwaway local engine, or set GRAPHHUB_TEST_WIPE_OK=1 "
    "if that server's data may be deleted."
)

_STATE = "graphhub-test-state-"


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to wipe a server the suite did not start; keep test state out of the tree."""
    uri = os.environ.get("GRAPHHUB_NEO4J_URI")
    if uri and os.environ.get("GRAPHHUB_TEST_WIPE_OK") != "1":
        raise pytest.UsageError(WIPE_REFUSED.format(uri=uri))
    if not hasattr(config, "workerinput"):  # once per session, not per worker
        state = tempfile.mkdtemp(prefix=_STATE)
        config.stash[_STATE_KEY] = state
        os.environ["GRAPHHUB_STATE_DIR"] = state
        os.environ.pop("GRAPHHUB_AUDIT_LOG", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(_STATE_KEY, None)
    if state:
        shutil.rmtree(state, ignore_errors=True)


_STATE_KEY = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """Settings pointing at the session's Neo4j (started here when none is configured)."""
    settings = Settings.from_env()
    if settings.neo4j_uri:
        yield settings
        return
    heap_mb = int(os.environ.get("GRAPHHUB_TEST_HEAP_MB", "1536"))
    password = str(settings.neo4j_password)
    with engine.throwaway(settings.engine_dir, password, heap_mb=heap_mb) as state:
        # The engine's own temporary state dir also takes what tests write there (audit log,
        # reports), so nothing lands in the working tree.
        state_dir = Path(state.log).parent
        yield replace(settings, neo4j_uri=state.uri, state_dir=state_dir)


@pytest.fixture(scope="session")
def session_driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    """One driver for the session, with the schema applied once."""
    with open_driver(neo4j_settings) as driver:
        migrate(driver, neo4j_settings.neo4j_database)
        yield driver


@pytest.fixture
def driver(session_driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    """The session driver, on a graph emptied before the test (schema kept)."""
    with session_driver.session(database=neo4j_settings.neo4j_database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    return session_driver


@pytest.fixture
def shared_data() -> Path:
    """../shared/data beside the project; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA
