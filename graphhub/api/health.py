"""GET /health: is the service up, and can it reach Neo4j?"""

from __future__ import annotations

import logging

import neo4j
from starlette.requests import Request
from starlette.responses import JSONResponse

from graphhub import __version__

log = logging.getLogger("graphhub.api")


async def health(request: Request) -> JSONResponse:
    """Status ok with the Neo4j version and edition, or 503 when Neo4j is unreachable."""
    driver: neo4j.AsyncDriver = request.app.state.driver
    try:
        records, _, _ = await driver.execute_query(
            "CALL dbms.components() YIELD versions, edition", routing_=neo4j.RoutingControl.READ
        )
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
        log.warning("health check: neo4j unreachable", extra={"error": type(exc).__name__})
        return JSONResponse(
            {"status": "unavailable", "graphhub": __version__, "neo4j": {"reachable": False}},
            status_code=503,
        )
    record = records[0]
    return JSONResponse(
        {
            "status": "ok",
            "graphhub": __version__,
            "neo4j": {
                "reachable": True,
                "version": record["versions"][0],
                "edition": record["edition"],
            },
        }
    )
