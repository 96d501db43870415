"""The kinds of declaration the graph model is made of: node types, relationship types and
full-text indexes, each with the property keys it holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphhub.model.names import Label, RelType


@dataclass(frozen=True)
class FullTextIndex:
    """A full-text index: its name and the property keys it covers on the labels listing it."""

    name: str
    props: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class NodeType:
    """A label: what it stands for, its property keys (key -> description) and its indexes.

    ``key`` is the property with a uniqueness constraint (None for a label that is only ever
    added to nodes of another label, such as Donor). ``extends`` names the label every node
    of this one also carries (a Person is an Entity). ``indexes`` are the properties with a
    lookup index; ``fulltext`` the full-text indexes the label is in.
    """

    label: Label
    description: str
    properties: Mapping[str, str]
    key: str | None = "id"
    extends: Label | None = None
    indexes: tuple[str, ...] = ()
    fulltext: tuple[FullTextIndex, ...] = ()


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type: the labels it may start and end at, and its property keys."""

    type: RelType
    description: str
    start: tuple[Label, ...]
    end: tuple[Label, ...]
    properties: Mapping[str, str] = field(default_factory=dict)
    indexes: tuple[str, ...] = ()
