"""Plain records the query modules return: nodes and relationships as property maps."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphhub.model import (
    PUBLIC,
    RESTRICTED_ALIASES,
    RESTRICTED_PROPS,
    ROW_METHOD,
    SOURCE_DOC,
    SOURCE_ROW,
)

# Properties that are bookkeeping, not facts to show: document ids are served through
# provenance (which checks each document's classification), never raw.
HIDDEN_PROPS = frozenset(
    {"sources", "labels", "evidence", SOURCE_DOC, SOURCE_ROW, RESTRICTED_ALIASES, RESTRICTED_PROPS}
)
# A node or relationship's restricted layer (``graphhub.writer.restricted_values``). The Runner
# removes it from every answer for callers who may not see restricted data; what is left
# here was served to the FIU roles and is folded into the values they see.
RESTRICTED_LAYER = (RESTRICTED_ALIASES, RESTRICTED_PROPS)


def with_restricted_layer(value: dict[str, Any]) -> dict[str, Any]:
    """The values the FIU roles see: the node's own, then its restricted layer's."""
    if RESTRICTED_ALIASES not in value and RESTRICTED_PROPS not in value:
        return value
    out = dict(value)
    raw = out.get(RESTRICTED_PROPS)
    try:
        extra = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        extra = {}
    if isinstance(extra, dict):
        for key, item in extra.items():
            out.setdefault(key, item)
    names = out.get(RESTRICTED_ALIASES) or []
    if names:
        aliases = list(out.get("aliases") or [])
        out["aliases"] = aliases + [a for a in names if a not in aliases]
    return out


@dataclass(frozen=True)
class Node:
    """A node: id, labels and properties."""

    id: str
    labels: tuple[str, ...]
    props: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_map(cls, value: dict[str, Any]) -> Node:
        """From a Cypher map projection ``n {.*, labels: labels(n)}``."""
        value = with_restricted_layer(value)
        props = {k: v for k, v in value.items() if k not in HIDDEN_PROPS}
        return cls(str(value["id"]), tuple(value.get("labels") or ()), props)

    @property
    def name(self) -> str:
        for key in ("name", "title", "code", "id"):
            if self.props.get(key):
                return str(self.props[key])
        return self.id

    @property
    def classification(self) -> str:
        return str(self.props.get("classification") or PUBLIC)

    def get(self, key: str) -> Any:
        return self.props.get(key)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence stored on a relationship."""

    doc: str
    start: int
    end: int
    sentence: str
    method: str
    confidence: float | None
    locator: str


def parse_evidence(items: list[str] | None) -> list[Evidence]:
    """The JSON evidence strings of a relationship, skipping any that cannot be read."""
    out: list[Evidence] = []
    for item in items or []:
        try:
            data = json.loads(item)
        except (TypeError, ValueError):
            continue
        if not isinstance(data, dict) or not data.get("doc"):
            continue
        out.append(evidence_from_map(data, str(data["doc"])))
    return out


def evidence_from_map(data: Mapping[str, Any], doc: str) -> Evidence:
    """Evidence from its stored fields (one JSON evidence item, or a mention's properties)
    in the document ``doc``; a missing field is empty."""
    confidence = data.get("confidence")
    return Evidence(
        doc=doc,
        start=int(data.get("start") or 0),
        end=int(data.get("end") or 0),
        sentence=str(data.get("sentence") or ""),
        method=str(data.get("method") or ""),
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        locator=str(data.get("locator") or ""),
    )


def row_evidence(props: dict[str, Any]) -> list[Evidence]:
    """The evidence of a relationship loaded in bulk: its document and row."""
    doc = props.get(SOURCE_DOC)
    if not doc:
        return []
    row = props.get(SOURCE_ROW)
    locator = f"row {row}" if row is not None else ""
    return [Evidence(str(doc), 0, 0, "", ROW_METHOD, 1.0, locator)]


@dataclass(frozen=True)
class Rel:
    """A relationship: id, type, the ids of its ends, its properties and evidence."""

    id: str
    type: str
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()

    @classmethod
    def from_map(cls, value: dict[str, Any]) -> Rel:
        """From ``{id, type, start, end, props: r {.*}}``."""
        raw = with_restricted_layer(dict(value.get("props") or {}))
        props = {k: v for k, v in raw.items() if k not in HIDDEN_PROPS}
        return cls(
            id=str(value.get("id") or raw.get("id") or ""),
            type=str(value["type"]),
            start=str(value["start"]),
            end=str(value["end"]),
            props=props,
            evidence=tuple(parse_evidence(raw.get("evidence")) or row_evidence(raw)),
        )

    @property
    def classification(self) -> str:
        return str(self.props.get("classification") or PUBLIC)

    def get(self, key: str) -> Any:
        return self.props.get(key)
