"""The graph model as a schema: every label with its keys and indexes, every relationship
type with its ends and keys. Migrations, GraphQL enums, lookups, the README's model tables
and the checks of the extraction and FtM mappings derive from these declarations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graphhub.model.names import (
    FULLTEXT_INDEX,
    NEW,
    RESTRICTED_ALIASES,
    RESTRICTED_FULLTEXT_INDEX,
    RESTRICTED_PROPS,
    SOURCE_DOC,
    SOURCE_ROW,
    WRITING,
    Label,
    RelType,
)
from graphhub.model.types import FullTextIndex, NodeType, RelationshipType

# Keys every node and every relationship may carry, whatever its label or type.
COMMON_NODE_PROPS: Mapping[str, str] = {
    "id": "unique, deterministic from natural keys, so re-running anything merges",
    "classification": "`public` or `restricted`",
    "sources": "ids of the documents that support it",
    RESTRICTED_ALIASES: "names only restricted sources gave (a public node's restricted layer)",
    RESTRICTED_PROPS: "values only restricted sources gave, as JSON (the restricted layer)",
    WRITING: "set by the writer while it merges a batch into the node",
    NEW: "set by the writer on a node its batch created",
}
COMMON_REL_PROPS: Mapping[str, str] = {
    "id": "deterministic from its ends and keys",
    "classification": "`public` or `restricted`",
    "sources": "ids of the documents that support it",
    "evidence": "document, span, sentence, method, confidence per statement (JSON)",
    SOURCE_DOC: "bulk transfers: the export's document id, instead of `sources`",
    SOURCE_ROW: "bulk transfers: the export's line, instead of `evidence`",
    RESTRICTED_PROPS: "values only restricted sources gave, as JSON (the restricted layer)",
    "merge_id": "the merge judgement that copied it onto the kept entity",
    WRITING: "set by the writer while it merges a batch into the relationship",
    NEW: "set by the writer on a relationship its batch created",
}

NAMES = FullTextIndex(
    FULLTEXT_INDEX,
    ("name", "aliases", "title", "code", "acronym"),
    "names, aliases, titles, codes and acronyms",
)
RESTRICTED_NAMES = FullTextIndex(
    RESTRICTED_FULLTEXT_INDEX,
    (RESTRICTED_ALIASES,),
    "the names of the restricted layer, searched for the FIU roles only",
)
_SEARCHED = (NAMES, RESTRICTED_NAMES)

_NAMED = {"name": "the name it is shown by", "aliases": "other names"}
_MONEY = {
    "amount": "as stated",
    "currency": "ISO 4217",
    "amount_usd": "converted at the year's rate",
    "approximate": "the source gives the amount as an estimate",
}
_ENTITY = {**_NAMED, "key": "the resolution key", "country": "ISO 3166 alpha-3"}

NODES: tuple[NodeType, ...] = (
    NodeType(
        Label.ORGANIZATION,
        "a donor, agency, government body, NGO or FIU",
        {**_NAMED, "acronym": "short name", "kind": "donor, agency, ngo, ...",
         "country": "ISO 3166 alpha-3", "iati_ref": "IATI organisation identifier",
         "merged_into": "the organization an accepted merge proposal folded it into"},
        indexes=("name", "acronym", "iati_ref"),
        fulltext=_SEARCHED,
    ),
    NodeType(
        Label.DONOR,
        "added to an Organization once it funds",
        {},
        key=None,
        extends=Label.ORGANIZATION,
    ),
    NodeType(
        Label.COUNTRY,
        "a country",
        {**_NAMED, "iso3": "ISO 3166 alpha-3", "iso2": "ISO 3166 alpha-2"},
        indexes=("iso3",),
        fulltext=_SEARCHED,
    ),
    NodeType(Label.REGION, "a region of several countries", dict(_NAMED)),
    NodeType(
        Label.PROJECT,
        "a development project",
        {**_NAMED, "code": "the project's code", "title": "its title",
         "status": "planned, pipeline, ongoing or completed", "phase": "phase number",
         "start_year": "first year", "end_year": "last year", "start_date": "ISO date",
         "end_date": "ISO date", "description": "as the source gives it",
         "codes": "every code its sources give it (a table's code, an IATI identifier)",
         "iati_identifier": "the IATI activity identifier"},
        indexes=("code",),
        fulltext=_SEARCHED,
    ),
    NodeType(Label.PROGRAMME, "a programme projects are part of",
             {**_NAMED, "code": "the programme's code"}, fulltext=_SEARCHED),
    NodeType(
        Label.SECTOR,
        "a sector of activity",
        {**_NAMED, "code": "DAC 5-digit code"},
        indexes=("code",),
    ),
    NodeType(
        Label.ENTITY,
        "carried by every financial-intelligence entity",
        {**_ENTITY, "merged_into": "the entity a merge judgement folded it into"},
        indexes=("name", "classification"),
    ),
    NodeType(Label.PERSON, "a natural person", dict(_ENTITY), extends=Label.ENTITY,
             fulltext=_SEARCHED),
    NodeType(Label.COMPANY, "a company or other legal person", dict(_ENTITY),
             extends=Label.ENTITY, fulltext=_SEARCHED),
    NodeType(
        Label.BANK_ACCOUNT,
        "a bank account",
        {**_ENTITY, "iban": "IBAN", "number": "account number", "bank": "bank name"},
        extends=Label.ENTITY,
        indexes=("iban",),
        fulltext=_SEARCHED,
    ),
    NodeType(Label.TRAFFICKING_GROUP, "a trafficking group", dict(_ENTITY),
             extends=Label.ENTITY, fulltext=_SEARCHED),
    NodeType(
        Label.FINDING,
        "what an FIU report states",
        {**_NAMED, "summary": "its gist", "date": "ISO date",
         "reporting_fiu": "the FIU that reported it"},
    ),
    NodeType(
        Label.SEIZURE,
        "a drug seizure",
        {**_NAMED, "drug": "what was seized", "quantity_kg": "mass", "quantity_l": "volume",
         "date": "ISO date", "place": "as the source names it",
         "approximate": "the quantity is an estimate",
         "part_of_total": "the quantity is part of a larger total"},
        indexes=("date",),
    ),
    NodeType(
        Label.FIGURE,
        "an amount a source states without saying whom it funds",
        {**_NAMED, **_MONEY, "context": "portfolio, budget or other", "text": "as written",
         "project_code": "the project a budget figure is of"},
    ),
    NodeType(
        Label.DOCUMENT,
        "a source document",
        {"title": "its title", "kind": "its format", "path": "where it was read from",
         "current": "false once a new version supersedes it",
         "ingested_at": "when it was written", "superseded_at": "when a new version came",
         "modified": "the file's modification time", "complete": "a bulk load finished it",
         "loaded_through": "the last row a bulk load committed",
         "loading_run": "the run loading it in bulk"},
        indexes=("path",),
    ),
    NodeType(
        Label.INGEST_RUN,
        "one ingestion run; its counts are kept up to date while it runs",
        {"command": "what ran", "started_at": "when", "status":
         "running, ok, failed or interrupted", "pid": "its process", "host": "its machine",
         "process_started": "when its process started (tells a reused pid apart)",
         "errors": "what failed", "progress_at": "the last progress", "finished_at": "when",
         "interrupted_at": "when a later run found it gone",
         "interrupted_reason": "why it is taken as interrupted",
         "loading": "the file a bulk load is at", "loaded_through_row": "its last row",
         "edges_TRANSFER": "transfers committed so far"},
    ),
    NodeType(
        Label.JUDGEMENT,
        "a reversible decision about entities or organizations: a merge, or a merge "
        "proposal an analyst decides",
        {"kind": "merge or proposal", "keep": "the kept node", "merged": "the merged node",
         "label": "what the merge matches its nodes by (Entity, Organization); a "
                  "proposal: the nodes' label",
         "reason": "why", "by": "who", "at": "when", "copied": "relationships copied",
         "aliases_added": "names it gave the kept entity",
         "restricted_aliases_added": "restricted names it gave the kept entity",
         "keep_had_aliases": "whether the kept entity had aliases before",
         "undone_at": "when it (a proposal: its merge) was undone",
         "undone_by": "who undid it",
         "removed": "copies its undoing deleted",
         "proposal": "a merge: the proposal it accepted",
         "status": "a proposal: pending, accepted or rejected (pending again once its "
                   "merge is undone)",
         "score": "a proposal: the name similarity, 0 to 1",
         "source": "a proposal: the document whose record raised it",
         "merge_judgement": "an accepted proposal: its merge",
         "decided_by": "a proposal: who accepted or rejected it",
         "decided_at": "a proposal: when", "decision_reason": "a proposal: why"},
    ),
)

_FIU = (Label.PERSON, Label.COMPANY, Label.BANK_ACCOUNT, Label.TRAFFICKING_GROUP)
_PARTIES = (Label.PERSON, Label.COMPANY, Label.ORGANIZATION)
_TIE = {"relation": "the word that states it (relatives)"}
_FTM = {"ftm_id": "the FtM entity it came from", "ftm_schema": "its FtM schema",
        "ftm_properties": "FtM properties kept for export (JSON)"}

RELATIONSHIPS: tuple[RelationshipType, ...] = (
    RelationshipType(
        RelType.FUNDS, "money a donor gives a project", (Label.ORGANIZATION,), (Label.PROJECT,),
        {**_MONEY, "year": "the year of the money",
         "kind": "pledge, commitment, disbursement, expenditure or budget",
         "country": "where it goes (ISO alpha-3)", "region": "where it goes, as a region",
         "sector": "what it is for (DAC code)", "share": "the part of a split amount",
         "total_amount": "the amount before the split",
         "split_by": "the fields whose lists split the amount (donor, country, sector)",
         "onward": "money an intermediary passes on (counted for its recipient, not again "
                   "for donors)",
         "direction": "IATI: incoming or outgoing transaction",
         "source_kinds": "the formats of the documents that state it",
         "flow_id": "the source's own id of the flow", "date": "ISO date",
         "boundary": "incoming, internal or outgoing, as the source places the flow",
         "fx_note": "why no rate applied"},
        indexes=("year",),
    ),
    RelationshipType(
        RelType.PASSES_TO,
        "money one activity passes on to another (IATI provider- / receiver-activity-id)",
        (Label.PROJECT,), (Label.PROJECT,),
        {**_MONEY, "year": "the year of the money",
         "kind": "pledge, commitment, disbursement or expenditure",
         "date": "ISO date",
         "direction": "the side that states it: incoming (the receiving activity) or "
                      "outgoing (the giving activity)",
         "provider_ref": "IATI organisation identifier of the giver",
         "provider_name": "the giver's name as the transaction writes it",
         "receiver_ref": "IATI organisation identifier of the receiver",
         "receiver_name": "the receiver's name as the transaction writes it",
         "fx_note": "why no rate applied"},
    ),
    RelationshipType(RelType.IN_COUNTRY, "where it is", (Label.PROJECT, Label.SEIZURE),
                     (Label.COUNTRY,), {"percentage": "the project's share there"}),
    RelationshipType(RelType.IN_REGION, "the region it is in", (Label.COUNTRY, Label.PROJECT),
                     (Label.REGION,), {"percentage": "the project's share there"}),
    RelationshipType(RelType.IN_SECTOR, "what a project is for", (Label.PROJECT,),
                     (Label.SECTOR,), {"percentage": "the project's share of it"}),
    RelationshipType(RelType.IMPLEMENTED_BY, "who carries a project out", (Label.PROJECT,),
                     (Label.ORGANIZATION,), {"role": "the IATI participating-org role"}),
    RelationshipType(RelType.PART_OF, "the programme of a project", (Label.PROJECT,),
                     (Label.PROGRAMME,)),
    RelationshipType(RelType.FOLLOWS, "a project's predecessor", (Label.PROJECT,),
                     (Label.PROJECT,)),
    RelationshipType(
        RelType.TRANSFER, "one money movement", (*_FIU, Label.ORGANIZATION),
        (*_FIU, Label.ORGANIZATION),
        {**_MONEY, **_FTM, "date": "ISO date", "reference": "payment reference",
         "reporting_fiu": "the FIU that reported it", "sender_account": "as reported",
         "receiver_account": "as reported", "ftm_amount_prop": "the FtM property of amount",
         "duplicate_of": "the earlier row of the export this one repeats"},
        indexes=("id", "date"),
    ),
    RelationshipType(RelType.MEMBER_OF, "membership", _PARTIES,
                     (Label.TRAFFICKING_GROUP, Label.ORGANIZATION, Label.COMPANY), _FTM),
    RelationshipType(RelType.LEADS, "leadership", (Label.PERSON,),
                     (Label.TRAFFICKING_GROUP, Label.COMPANY, Label.ORGANIZATION)),
    RelationshipType(RelType.CONTROLS, "control", (*_PARTIES, Label.TRAFFICKING_GROUP),
                     (Label.COMPANY, Label.BANK_ACCOUNT, Label.TRAFFICKING_GROUP)),
    RelationshipType(RelType.OWNS, "ownership", _PARTIES,
                     (Label.COMPANY, Label.BANK_ACCOUNT, Label.ORGANIZATION, Label.PERSON), _FTM),
    RelationshipType(RelType.DIRECTS, "directorship", _PARTIES,
                     (Label.COMPANY, Label.ORGANIZATION), _FTM),
    RelationshipType(RelType.ASSOCIATE_OF, "an associate", _PARTIES, _PARTIES, _FTM),
    RelationshipType(RelType.RELATIVE_OF, "a relative", (Label.PERSON,), (Label.PERSON,),
                     {**_TIE, **_FTM}),
    RelationshipType(RelType.HOLDS, "an account holder", (Label.PERSON, Label.COMPANY,
                     Label.ORGANIZATION, Label.TRAFFICKING_GROUP), (Label.BANK_ACCOUNT,)),
    RelationshipType(RelType.CONCERNS, "whom a finding is about", (Label.FINDING,), _FIU),
    RelationshipType(RelType.BY, "who reported or made it", (Label.FINDING, Label.SEIZURE),
                     (Label.ORGANIZATION,)),
    RelationshipType(
        RelType.MENTIONS, "where a document names a node", (Label.DOCUMENT,),
        tuple(node.label for node in NODES
              if node.key and node.label not in (Label.DOCUMENT, Label.INGEST_RUN,
                                                  Label.JUDGEMENT, Label.ENTITY)),
        {"start": "character offset", "end": "character offset", "sentence": "its text",
         "method": "rule or model that found it", "confidence": "0 to 1",
         "locator": "row or line of a structured source"},
    ),
    RelationshipType(RelType.INGESTED, "the documents a run wrote", (Label.INGEST_RUN,),
                     (Label.DOCUMENT,)),
    RelationshipType(RelType.SUPERSEDES, "a new version of a document, to the old one",
                     (Label.DOCUMENT,), (Label.DOCUMENT,)),
)

_BY_LABEL: Mapping[Label, NodeType] = {node.label: node for node in NODES}
_BY_TYPE: Mapping[RelType, RelationshipType] = {rel.type: rel for rel in RELATIONSHIPS}


def node_type(label: Label | str) -> NodeType:
    """The declaration of ``label``."""
    return _BY_LABEL[Label(label)]


def relationship_type(rel: RelType | str) -> RelationshipType:
    """The declaration of relationship type ``rel``."""
    return _BY_TYPE[RelType(rel)]


def labels_of(label: Label | str) -> tuple[Label, ...]:
    """``label`` and the labels it extends (a Person is also an Entity)."""
    out = [Label(label)]
    while (parent := _BY_LABEL[out[-1]].extends) is not None:
        out.append(parent)
    return tuple(out)


def allows(rel: RelType | str, start: Label | str, end: Label | str) -> bool:
    """Whether the model lets a ``rel`` relationship go from a ``start`` to an ``end`` node."""
    spec = relationship_type(rel)
    return bool(set(labels_of(start)) & set(spec.start)) and bool(
        set(labels_of(end)) & set(spec.end)
    )


def node_props(labels: Iterable[Label | str]) -> frozenset[str]:
    """Keys a node with these labels may hold: its own, its parents', its subtypes'."""
    wanted = {Label(label) for label in labels}
    keys = set(COMMON_NODE_PROPS)
    for node in NODES:
        if wanted & set(labels_of(node.label)):  # the label itself, or one of its subtypes
            keys.update(node.properties)
            for parent in labels_of(node.label):
                keys.update(_BY_LABEL[parent].properties)
    return frozenset(keys)


def rel_props(types: Iterable[RelType | str]) -> frozenset[str]:
    """Keys a relationship of one of these types may hold."""
    keys = set(COMMON_REL_PROPS)
    for rel in types:
        keys.update(relationship_type(rel).properties)
    return frozenset(keys)


ALL_NODE_PROPS: frozenset[str] = node_props(Label)
ALL_REL_PROPS: frozenset[str] = rel_props(RelType)

# Derived lists the rest of the code reads.
# Financial-intelligence entities carry the extra label Entity.
ENTITY_LABELS: frozenset[Label] = frozenset(
    node.label for node in NODES if node.extends is Label.ENTITY
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
KEYED_LABELS: tuple[Label, ...] = tuple(node.label for node in NODES if node.key)
FULLTEXT_INDEXES: tuple[FullTextIndex, ...] = _SEARCHED
FULLTEXT_LABELS: tuple[Label, ...] = tuple(node.label for node in NODES if NAMES in node.fulltext)
FULLTEXT_PROPS: tuple[str, ...] = NAMES.props
RESTRICTED_FULLTEXT_PROPS: tuple[str, ...] = RESTRICTED_NAMES.props


def fulltext_labels(index: FullTextIndex) -> tuple[Label, ...]:
    """The labels ``index`` covers."""
    return tuple(node.label for node in NODES if index in node.fulltext)


def _check() -> None:
    """Every label and type declared once; every key and index on a declared property."""
    if set(_BY_LABEL) != set(Label) or len(_BY_LABEL) != len(NODES):
        raise ValueError("every Label is declared exactly once in NODES")
    if set(_BY_TYPE) != set(RelType) or len(_BY_TYPE) != len(RELATIONSHIPS):
        raise ValueError("every RelType is declared exactly once in RELATIONSHIPS")
    for node in NODES:
        keys = set(COMMON_NODE_PROPS) | set(node.properties)
        for prop in (*([node.key] if node.key else []), *node.indexes):
            if prop not in keys:
                raise ValueError(f"{node.label}: {prop!r} is indexed but not declared")
    for rel in RELATIONSHIPS:
        for prop in rel.indexes:
            if prop not in set(COMMON_REL_PROPS) | set(rel.properties):
                raise ValueError(f"{rel.type}: {prop!r} is indexed but not declared")


_check()
