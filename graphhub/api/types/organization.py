"""Organization: donors, implementing agencies, FIUs, law-enforcement bodies."""

from __future__ import annotations

import strawberry

from graphhub.api.types.node import Node, base_fields, text
from graphhub.queries.records import Node as NodeRecord


@strawberry.type(description="An organization: agency, government, FIU, NGO.")
class Organization(Node):
    acronym: str | None
    kind: str | None

    @classmethod
    def of(cls, record: NodeRecord) -> Organization:
        return cls(acronym=text(record, "acronym"), kind=text(record, "kind"),
                   **base_fields(record))  # type: ignore[arg-type]
