"""Seizure: drug, quantity, date, place, country and the seizing body."""

from __future__ import annotations

import strawberry

from graphhub.api.types.country import Country
from graphhub.api.types.node import Node, base_fields, text
from graphhub.api.types.organization import Organization
from graphhub.api.types.page import Connection, connection
from graphhub.queries import seizures
from graphhub.queries.records import Node as NodeRecord


@strawberry.type(description="A drug seizure.")
class Seizure(Node):
    drug: str | None
    quantity_kg: float | None
    date: str | None
    place: str | None
    countries: list[Country]
    seized_by: list[Organization]

    @classmethod
    def of(cls, record: NodeRecord) -> Seizure:
        return cls.with_links(seizures.Seizure(record))

    @classmethod
    def with_links(cls, item: seizures.Seizure) -> Seizure:
        record = item.node
        quantity = record.get("quantity_kg")
        return cls(
            drug=text(record, "drug"),
            quantity_kg=float(quantity) if isinstance(quantity, (int, float)) else None,
            date=text(record, "date"),
            place=text(record, "place"),
            countries=[Country.of(n) for n in item.countries],
            seized_by=[Organization.of(n) for n in item.seized_by],
            **base_fields(record),  # type: ignore[arg-type]
        )


@strawberry.type(description="A page of seizures, with the kilograms of the whole filtered list.")
class SeizureConnection(Connection[Seizure]):
    total_kg: float = strawberry.field(
        description="Kilograms seized across every seizure the filter matches, not only this page."
    )

    @classmethod
    def of(cls, found: seizures.SeizurePage) -> SeizureConnection:
        page = connection(found.page, Seizure.with_links)
        return cls(
            total_count=page.total_count,
            page_info=page.page_info,
            edges=page.edges,
            total_kg=round(found.total_kg, 3),
        )
