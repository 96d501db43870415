"""The starlette application: GraphQL and the explorer at /graphql, /health, static assets.

The Neo4j driver is opened in the lifespan and closed at shutdown.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graphhub.api.auth import Role
from graphhub.api.endpoint import GraphQLEndpoint
from graphhub.api.explorer import STATIC_DIR
from graphhub.api.guard import require_roles
from graphhub.api.headers import SecurityHeaders
from graphhub.api.health import health
from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.reports.http import routes as report_routes

REPORT_ROLES = (Role.COORDINATOR, Role.ADMIN)


def create_app(settings: Settings, neo4j_uri: str | None = None) -> Starlette:
    """The app; the Neo4j driver is opened at start-up and closed at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.neo4j_uri = neo4j_uri
        app.state.driver = open_async_driver(settings, neo4j_uri)
        try:
            yield
        finally:
            await app.state.driver.close()

    graphql = GraphQLEndpoint()
    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static"),
    ]
    routes += [
        Route(route.path, require_roles(route.endpoint, REPORT_ROLES), methods=route.methods)
        for route in report_routes()
    ]
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])
