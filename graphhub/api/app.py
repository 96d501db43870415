"""The starlette application: GraphQL at /graphql, /health, driver opened in the lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL

from graphhub.api.health import health
from graphhub.api.schema import schema
from graphhub.config import Settings
from graphhub.db.driver import open_async_driver


def create_app(settings: Settings, neo4j_uri: str | None = None) -> Starlette:
    """The app; the Neo4j driver is opened at start-up and closed at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.driver = open_async_driver(settings, neo4j_uri)
        try:
            yield
        finally:
            await app.state.driver.close()

    graphql: GraphQL[None, None] = GraphQL(schema)
    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
