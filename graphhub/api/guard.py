"""Role checks for plain HTTP endpoints (the GraphQL endpoint checks its callers itself)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphhub.api.auth import Role, authenticate

Endpoint = Callable[[Request], Awaitable[Response]]


def _error(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="graphhub"'} if status == 401 else None
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def require_roles(endpoint: Endpoint, roles: Collection[Role]) -> Endpoint:
    """``endpoint`` answered only for callers whose bearer token has one of ``roles``."""

    async def guarded(request: Request) -> Response:
        principal = authenticate(request.headers.get("authorization"), request.app.state.settings)
        if principal is None:
            return _error(
                401, "UNAUTHENTICATED", "send a valid API key as 'Authorization: Bearer <key>'"
            )
        if principal.role not in roles:
            return _error(403, "FORBIDDEN", f"the {principal.role} role may not use this endpoint")
        return await endpoint(request)

    guarded.__name__ = getattr(endpoint, "__name__", "guarded")
    return guarded
