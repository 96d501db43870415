"""Assembles the GraphQL schema from the type modules."""

from __future__ import annotations

import strawberry

from graphhub import __version__


@strawberry.type
class Query:
    @strawberry.field(description="The version of the graphhub service.")
    def version(self) -> str:
        return __version__


schema = strawberry.Schema(query=Query)
