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
    return "INTERNAL", INTERNAL_MESSAGE


def _innermost(error: GraphQLError) -> BaseException | None:
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original


def log_errors(errors: list[GraphQLError], operation: str | None) -> None:
    """One line per expected error (its code and where, never its message: that may hold
    the ids asked for); a traceback for an unexpected one."""
    name = operation or "anonymous"
    for error in errors:
        code, _ = error_code(error)
        where = ".".join(map(str, error.path or [])) or "-"
        if code == "INTERNAL":
            log.error("unexpected error in %s at %s", name, where, exc_info=_innermost(error))
        else:
            log.info("%s in %s at %s", code, name, where)


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
