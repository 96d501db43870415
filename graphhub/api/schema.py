"""Assembles the GraphQL schema from the type modules, with its limits and extensions."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql.error import GraphQLError

from graphhub.api.audit import AuditTrail
from graphhub.api.errors import ErrorCodes, log_errors
from graphhub.api.types.country import Country, Region
from graphhub.api.types.donor import Donor
from graphhub.api.types.entity import Entity
from graphhub.api.types.finding import Finding
from graphhub.api.types.mutation import Mutation
from graphhub.api.types.organization import Organization
from graphhub.api.types.project import Project
from graphhub.api.types.query import Query
from graphhub.api.types.sector import Programme, Sector
from graphhub.api.types.seizure import Seizure
from graphhub.api.validation import ValidateOffLoop


class Schema(strawberry.Schema):
    """Strawberry's schema, logging errors the API's way (see ``errors.log_errors``)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        log_errors(errors, getattr(execution_context, "operation_name", None))


schema = Schema(
    query=Query,
    mutation=Mutation,
    types=[Organization, Donor, Country, Region, Sector, Programme, Project, Entity, Finding,
           Seizure],
    extensions=[
        # First in the list, last to finish: it sees the errors of every other extension.
        ErrorCodes,
        AuditTrail,
        # Tokens, fields, cost, depth, aliases and fragment nesting (GRAPHHUB_MAX_*), then
        # the spec's rules, all in a worker thread.
        ValidateOffLoop,
    ],
)
