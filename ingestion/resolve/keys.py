"""Canonical ids of nodes, from their natural keys (deterministic across runs)."""

from __future__ import annotations

import re

from graphhub.ids import make_id
from graphhub.model import Label

# The id prefix of each label.
KINDS: dict[Label, str] = {
    Label.ORGANIZATION: "org",
    Label.DONOR: "org",
    Label.COUNTRY: "country",
    Label.REGION: "region",
    Label.PROJECT: "project",
    Label.PROGRAMME: "programme",
    Label.SECTOR: "sector",
    Label.ENTITY: "entity",
    Label.PERSON: "person",
    Label.COMPANY: "company",
    Label.BANK_ACCOUNT: "account",
    Label.TRAFFICKING_GROUP: "group",
    Label.FINDING: "finding",
    Label.SEIZURE: "seizure",
    Label.FIGURE: "figure",
    Label.DOCUMENT: "document",
    Label.INGEST_RUN: "run",
}
# Labels whose nodes exist only within the document that states them.
DOCUMENT_SCOPED: frozenset[Label] = frozenset(
    {Label.FINDING, Label.SEIZURE, Label.FIGURE, Label.DOCUMENT, Label.INGEST_RUN}
)
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")
_ACCOUNT_NOISE = re.compile(r"[\s\-./]")


def kind_of(label: Label) -> str:
    """The id prefix of a label ("org", "person", ...)."""
    return KINDS[label]


def country_id(iso3: str) -> str:
    """``country:KAZ``: countries keep a readable id."""
    return f"country:{iso3.upper()}"


def name_id(label: Label, key: str, *qualifiers: str | None) -> str:
    """The id of a named node from its feature-form name and optional qualifiers."""
    extra = [q for q in qualifiers if q]
    return make_id(kind_of(label), key, *extra)


def code_id(label: Label, code: str) -> str:
    """The id of a node known by a code (project code, sector code, programme code)."""
    return make_id(kind_of(label), code.strip())


def document_scoped_id(label: Label, doc_id: str, ref: str) -> str:
    """The id of a node that belongs to one document (finding, seizure, figure)."""
    return make_id(kind_of(label), doc_id, ref)


def account_number(raw: str) -> str:
    """An account number without spaces, dashes, dots or slashes, in capitals."""
    return _ACCOUNT_NOISE.sub("", raw).upper()


def is_iban(number: str) -> bool:
    """Whether a normalised account number has the shape of an IBAN."""
    return bool(_IBAN.fullmatch(number))


def account_id(number: str) -> str:
    """The id of a bank account from its normalised number or IBAN."""
    return make_id("account", number)
