"""GraphQL enums: the query modules' own enums, and the model's label sets.

Direction, FlowGroup, FundingKind and GroupBy are the query layer's enums, exposed as they are. The
label enums are declared here (their names are GraphQL's) and checked against the model's
sets when this module is imported, so that they cannot drift from it.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from graphhub.model import ENTITY_LABELS, FULLTEXT_LABELS, Label
from graphhub.model import PUBLIC as PUBLIC_VALUE
from graphhub.model import RESTRICTED as RESTRICTED_VALUE
from graphhub.queries.flows import Direction, FlowGroup
from graphhub.queries.flows_cypher import TRACE_TARGETS
from graphhub.queries.funding import GroupBy
from graphhub.queries.kinds import FundingKind

strawberry.enum(GroupBy, description="What who-funds-what rows are grouped by (IMPLEMENTER: "
                "the project's implementing organizations, counting onward money).")
strawberry.enum(FundingKind, description="What a funding says the money is; UNKNOWN: it states "
                "none of the other kinds.")
strawberry.enum(Direction)
strawberry.enum(FlowGroup, description="What money-flow sums are grouped by.")


@strawberry.enum(description="How a document is classified: restricted is for FIU roles only.")
class Classification(Enum):
    PUBLIC = PUBLIC_VALUE
    RESTRICTED = RESTRICTED_VALUE


@strawberry.enum(description="Labels the full-text search covers (graphhub.model.FULLTEXT_LABELS).")
class SearchType(Enum):
    PERSON = Label.PERSON.value
    COMPANY = Label.COMPANY.value
    BANK_ACCOUNT = Label.BANK_ACCOUNT.value
    TRAFFICKING_GROUP = Label.TRAFFICKING_GROUP.value
    ORGANIZATION = Label.ORGANIZATION.value
    PROJECT = Label.PROJECT.value
    COUNTRY = Label.COUNTRY.value
    PROGRAMME = Label.PROGRAMME.value


@strawberry.enum(description="Kinds of financial-intelligence entity.")
class EntityType(Enum):
    PERSON = Label.PERSON.value
    COMPANY = Label.COMPANY.value
    BANK_ACCOUNT = Label.BANK_ACCOUNT.value
    TRAFFICKING_GROUP = Label.TRAFFICKING_GROUP.value


@strawberry.enum(description="What money can be traced to.")
class TraceTarget(Enum):
    TRAFFICKING_GROUP = Label.TRAFFICKING_GROUP.value


@strawberry.enum
class DonorSort(Enum):
    NAME = "NAME"
    TOTAL = "TOTAL"
    PROJECTS = "PROJECTS"
    FIRST_YEAR = "FIRST_YEAR"


@strawberry.enum
class ProjectSort(Enum):
    CODE = "CODE"
    TITLE = "TITLE"
    TOTAL = "TOTAL"
    START = "START"
    DONORS = "DONORS"


def _mirrors(enum: type[Enum], labels: frozenset[Label] | tuple[Label, ...]) -> None:
    if {member.value for member in enum} != {str(label) for label in labels}:
        raise RuntimeError(f"{enum.__name__} differs from the model's labels {sorted(labels)}")


_mirrors(SearchType, FULLTEXT_LABELS)
_mirrors(EntityType, ENTITY_LABELS)
_mirrors(TraceTarget, frozenset(TRACE_TARGETS))

__all__ = [
    "Classification",
    "Direction",
    "DonorSort",
    "EntityType",
    "FlowGroup",
    "FundingKind",
    "GroupBy",
    "ProjectSort",
    "SearchType",
    "TraceTarget",
]
