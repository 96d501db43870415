"""GraphQL errors with codes, and the extension that gives every error one.

Messages of the errors below are meant for users. Anything else that goes wrong
is logged on the server and answered with a plain "internal error", so no stack
trace, driver message or Cypher text ever reaches a response.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from graphhub.queries.errors import BadInput, NotFound, QueryError, QueryTimeout

log = logging.getLogger("graphhub.api")


class ApiError(Exception):
    """An error whose message a caller may read; ``code`` goes into the error's extensions."""

    code = "INTERNAL"


class Forbidden(ApiError):
    code = "FORBIDDEN"


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"


class InvalidInput(ApiError):
    code = "BAD_INPUT"


QUERY_ERROR_CODES: dict[type[QueryError], str] = {
    NotFound: "NOT_FOUND",
    BadInput: "BAD_INPUT",
    QueryTimeout: "TIMEOUT",
}
INTERNAL_MESSAGE = "internal error; the server log has the details"


def error_code(error: GraphQLError) -> tuple[str, str]:
    """The code and the message a caller gets for ``error``."""
    original = error.original_error
    if original is None:
        # Syntax, validation and limit errors from graphql-core: their text is about the query.
        return "BAD_INPUT", error.message
    if isinstance(original, ApiError):
        return original.code, str(original)
    for kind, code in QUERY_ERROR_CODES.items():
        if isinstance(original, kind):
            return code, str(original)
    if isinstance(original, GraphQLError):
        return error_code(original)
    log.error("unexpected error in %s", ".".join(map(str, error.path or [])), exc_info=original)
    return "INTERNAL", INTERNAL_MESSAGE


def coded(error: GraphQLError) -> GraphQLError:
    """``error`` with a code in its extensions and a message safe to show."""
    code, message = error_code(error)
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": code},
    )


class ErrorCodes(SchemaExtension):
    """Gives every error of a result a code and masks unexpected ones."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, (GraphQLExecutionResult, ExecutionResult)) and result.errors:
            result.errors = [coded(error) for error in result.errors]
