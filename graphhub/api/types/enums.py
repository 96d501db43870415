"""GraphQL enums, each mirroring a whitelist of the model or of a query module."""

from __future__ import annotations

from enum import Enum

import strawberry

from graphhub.model import PUBLIC as PUBLIC_VALUE
from graphhub.model import RESTRICTED as RESTRICTED_VALUE
from graphhub.model import Label
from graphhub.queries import flows, funding


@strawberry.enum(description="How a document is classified: restricted is for FIU roles only.")
class Classification(Enum):
    PUBLIC = PUBLIC_VALUE
    RESTRICTED = RESTRICTED_VALUE


@strawberry.enum(description="What who-funds-what rows are grouped by.")
class GroupBy(Enum):
    DONOR = funding.GroupBy.DONOR.value
    COUNTRY = funding.GroupBy.COUNTRY.value
    SECTOR = funding.GroupBy.SECTOR.value
    YEAR = funding.GroupBy.YEAR.value


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
class Direction(Enum):
    IN = flows.Direction.IN.value
    OUT = flows.Direction.OUT.value
    BOTH = flows.Direction.BOTH.value


@strawberry.enum(description="What money-flow sums are grouped by.")
class FlowGroup(Enum):
    COUNTERPARTY = flows.FlowGroup.COUNTERPARTY.value
    YEAR = flows.FlowGroup.YEAR.value
    MONTH = flows.FlowGroup.MONTH.value


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
