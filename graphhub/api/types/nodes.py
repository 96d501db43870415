"""The concrete GraphQL type of a node record, chosen by its labels."""

from __future__ import annotations

from graphhub.api.types.country import Country, Region
from graphhub.api.types.node import Node
from graphhub.api.types.organization import Organization
from graphhub.api.types.sector import Programme, Sector
from graphhub.model import Label
from graphhub.queries.records import Node as NodeRecord


def as_node(record: NodeRecord) -> Node:
    """The GraphQL object for a node record (Entity, Project, Country, ...)."""
    from graphhub.api.types.donor import Donor
    from graphhub.api.types.entity import Entity
    from graphhub.api.types.finding import Finding
    from graphhub.api.types.project import Project
    from graphhub.api.types.seizure import Seizure

    labels = set(record.labels)
    if Label.ENTITY in labels:
        return Entity.of(record)
    if Label.DONOR in labels:
        return Donor.of(record)
    builders = (
        (Label.PROJECT, Project.of),
        (Label.COUNTRY, Country.of),
        (Label.REGION, Region.of),
        (Label.SECTOR, Sector.of),
        (Label.PROGRAMME, Programme.of),
        (Label.FINDING, Finding.of),
        (Label.SEIZURE, Seizure.of),
    )
    for label, build in builders:
        if label in labels:
            return build(record)
    return Organization.of(record)
