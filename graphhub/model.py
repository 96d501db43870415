"""The graph model, declared once: labels, relationship types and their keys.

Cypher builders, migrations, GraphQL enums and validators derive from these
whitelists; a label or relationship type in Cypher never comes from user text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    ORGANIZATION = "Organization"
    DONOR = "Donor"
    COUNTRY = "Country"
    REGION = "Region"
    PROJECT = "Project"
    PROGRAMME = "Programme"
    SECTOR = "Sector"
    ENTITY = "Entity"
    PERSON = "Person"
    COMPANY = "Company"
    BANK_ACCOUNT = "BankAccount"
    TRAFFICKING_GROUP = "TraffickingGroup"
    FINDING = "Finding"
    SEIZURE = "Seizure"
    FIGURE = "Figure"
    DOCUMENT = "Document"
    INGEST_RUN = "IngestRun"
    JUDGEMENT = "Judgement"  # a reversible decision about entities, e.g. a merge


class RelType(StrEnum):
    FUNDS = "FUNDS"
    IN_COUNTRY = "IN_COUNTRY"
    IN_REGION = "IN_REGION"
    IN_SECTOR = "IN_SECTOR"
    IMPLEMENTED_BY = "IMPLEMENTED_BY"
    PART_OF = "PART_OF"
    FOLLOWS = "FOLLOWS"
    GOVERNMENT_OF = "GOVERNMENT_OF"
    TRANSFER = "TRANSFER"
    MEMBER_OF = "MEMBER_OF"
    LEADS = "LEADS"
    CONTROLS = "CONTROLS"
    OWNS = "OWNS"
    DIRECTS = "DIRECTS"
    ASSOCIATE_OF = "ASSOCIATE_OF"
    RELATIVE_OF = "RELATIVE_OF"
    HOLDS = "HOLDS"
    CONCERNS = "CONCERNS"
    REPORTS = "REPORTS"
    BY = "BY"
    MENTIONS = "MENTIONS"
    FROM_DOCUMENT = "FROM_DOCUMENT"
    INGESTED = "INGESTED"


# Financial-intelligence entities carry the extra label Entity.
ENTITY_LABELS: frozenset[Label] = frozenset(
    {Label.PERSON, Label.COMPANY, Label.BANK_ACCOUNT, Label.TRAFFICKING_GROUP}
)

# Relationships between entities that an FIU report can state.
ENTITY_RELATIONS: frozenset[RelType] = frozenset(
    {
        RelType.MEMBER_OF,
        RelType.LEADS,
        RelType.CONTROLS,
        RelType.OWNS,
        RelType.DIRECTS,
        RelType.ASSOCIATE_OF,
        RelType.RELATIVE_OF,
        RelType.HOLDS,
    }
)

PUBLIC = "public"
RESTRICTED = "restricted"

# Relationships loaded in bulk (transfers of FIU exports, millions per file) name their
# source with two scalar properties, the document id and the row, instead of the ``sources``
# and ``evidence`` lists other relationships carry: lists cost extra store records on every
# relationship. Provenance reads both forms.
SOURCE_DOC = "source_doc"
SOURCE_ROW = "source_row"
ROW_METHOD = "fiu:row"
CLASSIFICATIONS: frozenset[str] = frozenset({PUBLIC, RESTRICTED})


@dataclass(frozen=True)
class Lookup:
    """A lookup index on one property of one label."""

    label: Label
    prop: str


# Every node label carries a unique `id`.
KEYED_LABELS: tuple[Label, ...] = (
    Label.ORGANIZATION,
    Label.COUNTRY,
    Label.REGION,
    Label.PROJECT,
    Label.PROGRAMME,
    Label.SECTOR,
    Label.ENTITY,
    Label.PERSON,
    Label.COMPANY,
    Label.BANK_ACCOUNT,
    Label.TRAFFICKING_GROUP,
    Label.FINDING,
    Label.SEIZURE,
    Label.FIGURE,
    Label.DOCUMENT,
    Label.INGEST_RUN,
    Label.JUDGEMENT,
)

LOOKUPS: tuple[Lookup, ...] = (
    Lookup(Label.PROJECT, "code"),
    Lookup(Label.COUNTRY, "iso3"),
    Lookup(Label.SECTOR, "code"),
    Lookup(Label.ORGANIZATION, "name"),
    Lookup(Label.ORGANIZATION, "acronym"),
    Lookup(Label.ORGANIZATION, "iati_ref"),
    Lookup(Label.ENTITY, "name"),
    Lookup(Label.BANK_ACCOUNT, "iban"),
    Lookup(Label.DOCUMENT, "path"),
    Lookup(Label.SEIZURE, "date"),
    Lookup(Label.ENTITY, "classification"),
)

# Relationship-property indexes used by lookups and range filters.
REL_LOOKUPS: tuple[tuple[RelType, str], ...] = (
    (RelType.TRANSFER, "id"),
    (RelType.TRANSFER, "date"),
    (RelType.FUNDS, "year"),
)

FULLTEXT_INDEX = "names"
FULLTEXT_LABELS: tuple[Label, ...] = (
    Label.ORGANIZATION,
    Label.PERSON,
    Label.COMPANY,
    Label.BANK_ACCOUNT,
    Label.TRAFFICKING_GROUP,
    Label.PROJECT,
    Label.COUNTRY,
    Label.PROGRAMME,
)
FULLTEXT_PROPS: tuple[str, ...] = ("name", "aliases", "title", "code", "acronym")

# Per-value classification (``graphhub.writer.restricted_values``): a public node keeps the names
# and values that only restricted sources gave in a layer of its own, which only the FIU
# roles are served. Its names have a full-text index of their own, so that a partner's
# search never matches them (nor scores by them).
RESTRICTED_ALIASES = "restricted_aliases"
RESTRICTED_PROPS = "restricted_props"
RESTRICTED_FULLTEXT_INDEX = "restricted_names"
RESTRICTED_FULLTEXT_PROPS: tuple[str, ...] = (RESTRICTED_ALIASES,)
