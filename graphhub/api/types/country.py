"""Country and Region."""

from __future__ import annotations

import strawberry

from graphhub.api.types.node import Node, base_fields, text
from graphhub.queries.records import Node as NodeRecord


@strawberry.type(description="A region such as Central Asia.")
class Region(Node):
    @classmethod
    def of(cls, record: NodeRecord) -> Region:
        return cls(**base_fields(record))  # type: ignore[arg-type]


@strawberry.type(description="A country, by its ISO 3166 codes.")
class Country(Node):
    iso3: str | None
    iso2: str | None

    @classmethod
    def of(cls, record: NodeRecord) -> Country:
        return cls(iso3=text(record, "iso3"), iso2=text(record, "iso2"),
                   **base_fields(record))  # type: ignore[arg-type]
