"""POST/GET /graphql: authenticate the caller, then hand over to strawberry.

A request without a valid bearer token gets an UNAUTHENTICATED error and runs
nothing. A browser asking for HTML gets the explorer page (it holds no data; the
queries it sends carry the token).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graphhub.api.auth import authenticate
from graphhub.api.context import Context
from graphhub.api.explorer import explorer_page
from graphhub.api.schema import schema

UNAUTHENTICATED = {
    "data": None,
    "errors": [
        {
            "message": "a valid bearer token is needed (Authorization: Bearer <key>)",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ],
}


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
            response = JSONResponse(UNAUTHENTICATED, status_code=401)
            await response(scope, receive, send)
            return
        await self.view(scope, receive, send)
