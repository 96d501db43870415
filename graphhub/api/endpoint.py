"""POST/GET /graphql: authenticate the caller, then hand over to strawberry.

A request without a valid bearer token gets an UNAUTHENTICATED error and runs
nothing. A browser asking for HTML gets the explorer page (it holds no data; the
queries it sends carry the token). A body that is not a GraphQL request (not UTF-8,
not JSON, not an object, fields of the wrong type) gets HTTP 400 with a BAD_INPUT
error in the GraphQL shape; nothing unexpected ever answers with more than
"internal error".
"""

from __future__ import annotations

import json
import logging
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData

from graphhub.api.auth import authenticate
from graphhub.api.context import Context
from graphhub.api.errors import INTERNAL_MESSAGE
from graphhub.api.explorer import explorer_page
from graphhub.api.schema import schema

log = logging.getLogger("graphhub.api")

UNAUTHENTICATED = {
    "data": None,
    "errors": [
        {
            "message": "a valid bearer token is needed (Authorization: Bearer <key>)",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ],
}
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="graphhub"'}
NOT_A_REQUEST = (
    'the body must be a JSON object such as {"query": "{ version }", "variables": {}}'
)


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """An answer in the GraphQL shape that carries one error and no data."""
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status)


class GraphQLView(GraphQL[Context, None]):
    """Strawberry's ASGI view with graphhub's context and explorer."""

    async def get_context(self, request: Request | WebSocket, response: object) -> Context:
        if not isinstance(request, Request):
            raise PermissionError("subscriptions over websockets are not offered")
        principal = authenticate(request.headers.get("authorization"), request.app.state.settings)
        if principal is None:  # the endpoint below never lets such a request through
            raise PermissionError("unauthenticated request reached the GraphQL view")
        return Context.build(request, principal)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(explorer_page())

    def parse_json(self, data: str | bytes) -> Any:
        """A JSON object (or a list, which strawberry refuses as a batch); else HTTP 400."""
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
        except UnicodeDecodeError:
            raise HTTPException(400, "the body is not valid UTF-8") from None
        if not text.strip():
            raise HTTPException(400, f"the body is empty; {NOT_A_REQUEST}")
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            raise HTTPException(400, f"the body is not valid JSON; {NOT_A_REQUEST}") from None
        if not isinstance(value, (dict, list)):
            raise HTTPException(400, NOT_A_REQUEST)
        return value

    async def parse_http_body(self, request: Any) -> Any:
        data = await super().parse_http_body(request)
        if isinstance(data, GraphQLRequestData) and not isinstance(
            data.operation_name, (str, type(None))
        ):
            raise HTTPException(400, "operationName must be a string or null")
        return data

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await error_response(400, "BAD_INPUT", "only HTTP requests are served")(
                scope, receive, send
            )
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            log.info("bad request: %s", exc.reason)
            response = error_response(exc.status_code, "BAD_INPUT", exc.reason)
        except Exception:
            log.exception("unexpected error answering /graphql")
            response = error_response(500, "INTERNAL", INTERNAL_MESSAGE)
        await response(scope, receive, send)


def _wants_explorer(request: Request) -> bool:
    return (
        request.method == "GET"
        and "text/html" in request.headers.get("accept", "")
        and "query" not in request.query_params
    )


class GraphQLEndpoint:
    """The ASGI app mounted at /graphql."""

    def __init__(self) -> None:
        self.view = GraphQLView(schema, graphql_ide="graphiql", allow_queries_via_get=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if _wants_explorer(request):
            await HTMLResponse(explorer_page())(scope, receive, send)
            return
        if authenticate(request.headers.get("authorization"), request.app.state.settings) is None:
            response = JSONResponse(UNAUTHENTICATED, status_code=401, headers=CHALLENGE)
            await response(scope, receive, send)
            return
        await self.view(scope, receive, send)
