"""The graph model, declared once: labels, relationship types, their keys, ends and indexes.

``names`` holds the names (``Label``, ``RelType`` and the keys all share), ``graph`` the
schema (what each label and type holds), ``markdown`` the README's model section. Cypher
builders, migrations, GraphQL enums and validators derive from these; a label or
relationship type in Cypher never comes from user text.
"""

from __future__ import annotations

from graphhub.model.graph import (
    ALL_NODE_PROPS,
    ALL_REL_PROPS,
    COMMON_NODE_PROPS,
    COMMON_REL_PROPS,
    ENTITY_LABELS,
    ENTITY_RELATIONS,
    FULLTEXT_INDEXES,
    FULLTEXT_LABELS,
    FULLTEXT_PROPS,
    KEYED_LABELS,
    NODES,
    RELATIONSHIPS,
    RESTRICTED_FULLTEXT_PROPS,
    allows,
    fulltext_labels,
    labels_of,
    node_props,
    node_type,
    rel_props,
    relationship_type,
)
from graphhub.model.markdown import markdown
from graphhub.model.names import (
    CLASSIFICATIONS,
    FULLTEXT_INDEX,
    FUNDING_KINDS,
    NEW,
    PUBLIC,
    RESTRICTED,
    RESTRICTED_ALIASES,
    RESTRICTED_FULLTEXT_INDEX,
    RESTRICTED_PROPS,
    ROW_METHOD,
    SOURCE_DOC,
    SOURCE_ROW,
    WRITING,
    Label,
    RelType,
)
from graphhub.model.types import FullTextIndex, NodeType, RelationshipType

__all__ = [
    "ALL_NODE_PROPS",
    "ALL_REL_PROPS",
    "CLASSIFICATIONS",
    "COMMON_NODE_PROPS",
    "COMMON_REL_PROPS",
    "ENTITY_LABELS",
    "ENTITY_RELATIONS",
    "FULLTEXT_INDEX",
    "FULLTEXT_INDEXES",
    "FULLTEXT_LABELS",
    "FULLTEXT_PROPS",
    "FUNDING_KINDS",
    "KEYED_LABELS",
    "NEW",
    "NODES",
    "PUBLIC",
    "RELATIONSHIPS",
    "RESTRICTED",
    "RESTRICTED_ALIASES",
    "RESTRICTED_FULLTEXT_INDEX",
    "RESTRICTED_FULLTEXT_PROPS",
    "RESTRICTED_PROPS",
    "ROW_METHOD",
    "SOURCE_DOC",
    "SOURCE_ROW",
    "WRITING",
    "FullTextIndex",
    "Label",
    "NodeType",
    "RelType",
    "RelationshipType",
    "allows",
    "fulltext_labels",
    "labels_of",
    "markdown",
    "node_props",
    "node_type",
    "rel_props",
    "relationship_type",
]
