"""Opening the Neo4j driver for the configured server or the local engine."""

from __future__ import annotations

import neo4j

from graphhub.config import Settings
from graphhub.db import engine
from graphhub.db.errors import EngineError


def server_uri(settings: Settings) -> str:
    """GRAPHHUB_NEO4J_URI when set, else the local engine's Bolt address."""
    if settings.neo4j_uri:
        return settings.neo4j_uri
    current = engine.status(settings.state_dir)
    if not current.running or current.state is None:
        raise EngineError(
            "no Neo4j to talk to: run `graphhub db start` or set GRAPHHUB_NEO4J_URI "
            f"(local engine {current.message})"
        )
    return current.state.uri


def _auth(settings: Settings) -> tuple[str, str]:
    return (settings.neo4j_user, str(settings.neo4j_password))


def open_driver(settings: Settings, uri: str | None = None) -> neo4j.Driver:
    """A synchronous driver; the caller closes it."""
    return neo4j.GraphDatabase.driver(
        uri or server_uri(settings),
        auth=_auth(settings),
        # Notices such as "property key does not exist" on an empty graph are noise here.
        notifications_min_severity="OFF",
    )


def open_async_driver(settings: Settings, uri: str | None = None) -> neo4j.AsyncDriver:
    """An asynchronous driver for the API; the app's lifespan closes it."""
    return neo4j.AsyncGraphDatabase.driver(
        uri or server_uri(settings), auth=_auth(settings), notifications_min_severity="OFF"
    )


def server_version(driver: neo4j.Driver) -> tuple[str, str]:
    """The server's (version, edition) from ``dbms.components()``."""
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition")
    return str(records[0]["versions"][0]), str(records[0]["edition"])
