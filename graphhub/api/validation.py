"""Validation in a worker thread, with the query limits checked before any other rule.

Strawberry validates on the event loop; a large document would hold the loop (and
with it /health and every other caller) for as long as validation takes. This
extension validates in a worker thread instead: first the limits alone (linear in
the document's size, see ``limits``), and only a document within them goes through
the spec's rules. Strawberry skips its own validation once errors (or none) are set.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, validate
from starlette.concurrency import run_in_threadpool
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from graphhub.api.limits import QueryLimits, limits_rule
from graphhub.config import Settings


def query_limits(settings: Settings) -> QueryLimits:
    """The limits the settings give (GRAPHHUB_MAX_QUERY_*, GRAPHHUB_MAX_FRAGMENT_DEPTH)."""
    return QueryLimits(
        depth=settings.max_query_depth,
        aliases=settings.max_query_aliases,
        fields=settings.max_query_fields,
        cost=settings.max_query_cost,
        fragment_depth=settings.max_fragment_depth,
    )


def check_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    limits: QueryLimits,
    variables: Mapping[str, Any] | None,
) -> list[GraphQLError]:
    """The errors of ``document``: over its limits, else against the given rules."""
    over = validate(schema, document, [limits_rule(limits, variables)])
    if over:
        return list(over)
    return list(validate_document(schema, document, rules))


def _settings(extension: SchemaExtension) -> Settings | None:
    settings = getattr(extension.execution_context.context, "settings", None)
    return settings if isinstance(settings, Settings) else None


class ValidateOffLoop(SchemaExtension):
    """Runs ``check_document`` in a worker thread with the caller's settings' limits.

    It also caps the tokens the parser reads (GRAPHHUB_MAX_QUERY_TOKENS), so parsing
    stays short enough to run on the loop.
    """

    def on_operation(self) -> Iterator[None]:
        settings = _settings(self)
        tokens = settings.max_query_tokens if settings is not None else Settings.max_query_tokens
        self.execution_context.parse_options["max_tokens"] = tokens
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            settings = _settings(self)
            limits = query_limits(settings) if settings is not None else QueryLimits()
            variables = context.variables if isinstance(context.variables, Mapping) else None
            context.pre_execution_errors = await run_in_threadpool(
                check_document,
                context.schema._schema,
                document,
                context.validation_rules,
                limits,
                variables,
            )
        yield
