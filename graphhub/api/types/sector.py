"""Sector (DAC purpose code and theme) and Programme."""

from __future__ import annotations

import strawberry

from graphhub.api.types.node import Node, base_fields, text
from graphhub.queries.records import Node as NodeRecord


@strawberry.type(description="A sector: a DAC/CRS purpose code and its theme.")
class Sector(Node):
    code: str | None

    @classmethod
    def of(cls, record: NodeRecord) -> Sector:
        return cls(code=text(record, "code"), **base_fields(record))  # type: ignore[arg-type]


@strawberry.type(description="A programme projects belong to, such as the Paris Pact.")
class Programme(Node):
    code: str | None

    @classmethod
    def of(cls, record: NodeRecord) -> Programme:
        return cls(code=text(record, "code"), **base_fields(record))  # type: ignore[arg-type]
