"""The names of the graph model: labels, relationship types and the keys shared by all.

A label or relationship type in Cypher comes from these enums, never from user text;
what each one holds is declared in ``graphhub.model.graph``.
"""

from __future__ import annotations

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
    PASSES_TO = "PASSES_TO"
    IN_COUNTRY = "IN_COUNTRY"
    IN_REGION = "IN_REGION"
    IN_SECTOR = "IN_SECTOR"
    IMPLEMENTED_BY = "IMPLEMENTED_BY"
    PART_OF = "PART_OF"
    FOLLOWS = "FOLLOWS"
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
    BY = "BY"
    MENTIONS = "MENTIONS"
    INGESTED = "INGESTED"
    SUPERSEDES = "SUPERSEDES"


PUBLIC = "public"
RESTRICTED = "restricted"
CLASSIFICATIONS: frozenset[str] = frozenset({PUBLIC, RESTRICTED})

# Relationships loaded in bulk (transfers of FIU exports, millions per file) name their
# source with two scalar properties, the document id and the row, instead of the ``sources``
# and ``evidence`` lists other relationships carry: lists cost extra store records on every
# relationship. Provenance reads both forms.
SOURCE_DOC = "source_doc"
SOURCE_ROW = "source_row"
ROW_METHOD = "fiu:row"

FULLTEXT_INDEX = "names"

# What a FUNDS relationship's ``kind`` can say the money is. Any other value (or none) is
# a funding of no stated kind, which figures keep apart from these.
FUNDING_KINDS: tuple[str, ...] = ("pledge", "commitment", "disbursement", "expenditure", "budget")

# Per-value classification (``graphhub.writer.restricted_values``): a public node keeps the names
# and values that only restricted sources gave in a layer of its own, which only the FIU
# roles are served. Its names have a full-text index of their own, so that a partner's
# search never matches them (nor scores by them).
RESTRICTED_ALIASES = "restricted_aliases"
RESTRICTED_PROPS = "restricted_props"
RESTRICTED_FULLTEXT_INDEX = "restricted_names"

# Marks the writer sets on a node or relationship while it merges one batch into it
# (``graphhub.writer.restricted_values``); the second statement of the batch removes them.
WRITING = "_writing"
NEW = "_new"
