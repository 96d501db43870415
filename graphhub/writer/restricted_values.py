"""Which values of a node or relationship partners may see: per-value classification.

A node (or relationship) that some public source names is ``public``, but only what the
public sources say about it is public. Its properties are kept in two layers:

- the node's own properties (``name``, ``aliases``, ``nationality`` ...) hold the values
  backed by a public source;
- ``restricted_aliases`` (a list, in the full-text index ``restricted_names``) and
  ``restricted_props`` (a JSON object) hold the names and values that only restricted
  sources gave.

A node that no public source names is ``restricted`` as a whole and keeps every value in
its own properties (nobody but the FIU roles sees it). When a public source first names
it, the values it had move to the restricted layer and the public source's values become
its own; when its last public source is withdrawn, the layers fold back together.

Readers serve the restricted layer to the FIU roles only (``graphhub.queries.runner``
strips it from every answer for the others; ``graphhub.queries.records`` folds it in for
the FIU roles). Most nodes have one or two sources, and
most have no restricted layer at all: the layers cost nothing on reads of those.

The functions here are pure: the writer reads the current properties under a write lock,
merges the incoming values with ``merge_values`` and writes the result back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphhub.model import NEW, PUBLIC, RESTRICTED, RESTRICTED_ALIASES, RESTRICTED_PROPS, WRITING

# Properties that are bookkeeping, not values a source states: never moved between layers.
BOOKKEEPING = frozenset(
    {
        "id",
        "classification",
        "sources",
        "evidence",
        "aliases",
        "name",
        RESTRICTED_ALIASES,
        RESTRICTED_PROPS,
        WRITING,
        NEW,
        "merged_into",
        "merge_id",
        "source_doc",
        "source_row",
    }
)

# Lists kept as sets: a document adds its values to those already there, in sorted order
# so the result does not depend on which document came first.
SET_PROPS = frozenset({"source_kinds", "codes"})


def _set_union(*lists: Any) -> list[Any]:
    values: set[Any] = set()
    for items in lists:
        if isinstance(items, (list, tuple)):
            values.update(items)
        elif items is not None:
            values.add(items)
    return sorted(values, key=str)


def _with_sets(current: Mapping[str, Any], props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` with each set-valued key joined to what ``current`` holds."""
    return {
        k: _set_union(current.get(k), v) if k in SET_PROPS else v for k, v in props.items()
    }


@dataclass
class Incoming:
    """What one document says of a node or relationship."""

    doc: str
    classification: str
    props: dict[str, Any] = field(default_factory=dict)
    name: str | None = None  # nodes only
    aliases: list[str] = field(default_factory=list)  # nodes only
    evidence: list[str] = field(default_factory=list)  # relationships only


def restricted_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """The restricted layer's values (``{}`` when there is none or it cannot be read)."""
    raw = props.get(RESTRICTED_PROPS)
    if not raw:
        return {}
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return {}
    return dict(value) if isinstance(value, dict) else {}


def _dump(values: Mapping[str, Any]) -> str | None:
    return json.dumps(dict(values), sort_keys=True, default=str) if values else None


def _facts(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in BOOKKEEPING}


def _union(first: Iterable[str], *more: Iterable[str]) -> list[str]:
    out: list[str] = []
    for items in (first, *more):
        for item in items:
            if item and item not in out:
                out.append(item)
    return out


def _with_layer(out: dict[str, Any], aliases: list[str], values: Mapping[str, Any]) -> None:
    out.pop(RESTRICTED_ALIASES, None)
    out.pop(RESTRICTED_PROPS, None)
    if aliases:
        out[RESTRICTED_ALIASES] = aliases
    dumped = _dump(values)
    if dumped:
        out[RESTRICTED_PROPS] = dumped


def merge_values(
    existing: Mapping[str, Any] | None, incoming: Incoming, is_node: bool = True
) -> dict[str, Any]:
    """The properties after ``incoming`` is added to a node or relationship's ``existing``
    ones (None: it is new). The result replaces every property (``SET n = $props``)."""
    if existing is None or NEW in existing:
        out: dict[str, Any] = {k: v for k, v in (existing or {}).items() if k in ("id",)}
        out.update(_with_sets({}, incoming.props))
        out["classification"] = incoming.classification
        out["sources"] = [incoming.doc]
        if is_node:
            out["name"] = incoming.name
            out["aliases"] = _union(a for a in incoming.aliases if a != incoming.name)
        else:
            out["evidence"] = list(incoming.evidence)
        return out
    out = {k: v for k, v in existing.items() if k not in (WRITING, NEW)}
    sources = list(out.get("sources") or [])
    if incoming.doc not in sources:
        sources.append(incoming.doc)
    out["sources"] = sources
    if not is_node:
        out["evidence"] = list(out.get("evidence") or []) + list(incoming.evidence)
    was_public = out.get("classification") == PUBLIC
    if incoming.classification == PUBLIC and not was_public:
        return _made_public(out, incoming, is_node)
    if incoming.classification == PUBLIC or not was_public:
        # Same layer: the incoming values join the node's own (the newest name leads).
        names_before = _names(out) if is_node else []
        out.update(_with_sets(out, incoming.props))
        if is_node:
            if incoming.name:
                out["name"] = incoming.name
            out["aliases"] = [
                a for a in _union(out.get("aliases") or [], names_before, incoming.aliases)
                if a != out.get("name")
            ]
        if was_public:
            # Values now public leave the restricted layer.
            public_names = set(_names(out)) if is_node else set()
            layer_aliases = [a for a in out.get(RESTRICTED_ALIASES) or [] if a not in public_names]
            layer = {
                k: v for k, v in restricted_props(out).items() if out.get(k, _MISSING) != v
            }
            _with_layer(out, layer_aliases, layer)
        return out
    # A restricted source on a public node: its values go to the restricted layer only.
    public_names = set(_names(out)) if is_node else set()
    fresh_names = [incoming.name or "", *incoming.aliases] if is_node else []
    layer_aliases = _union(
        out.get(RESTRICTED_ALIASES) or [], (a for a in fresh_names if a not in public_names)
    )
    layer = restricted_props(out)
    for key, value in incoming.props.items():
        if key in SET_PROPS:
            value = _set_union(layer.get(key, out.get(key)), value)
        if out.get(key, _MISSING) != value:
            layer[key] = value
    _with_layer(out, layer_aliases, layer)
    return out


_MISSING = object()


def _names(props: Mapping[str, Any]) -> list[str]:
    return _union([str(props["name"])] if props.get("name") else [], props.get("aliases") or [])


def _made_public(out: dict[str, Any], incoming: Incoming, is_node: bool) -> dict[str, Any]:
    """A restricted node that a public source names: what it knew becomes its restricted
    layer, the public source's values its own."""
    before_names = _names(out) if is_node else []
    before = _facts(out)
    result = {k: v for k, v in out.items() if k in BOOKKEEPING}
    result.update(_with_sets({}, incoming.props))
    result["classification"] = PUBLIC
    layer: dict[str, Any] = {k: v for k, v in before.items() if incoming.props.get(k) != v}
    layer_aliases: list[str] = []
    if is_node:
        result["name"] = incoming.name
        result["aliases"] = _union(a for a in incoming.aliases if a != incoming.name)
        public_names = set(_names(result))
        layer_aliases = [a for a in before_names if a not in public_names]
    _with_layer(result, layer_aliases, layer)
    return result


def fold(props: Mapping[str, Any]) -> dict[str, Any]:
    """A node or relationship whose last public source went: restricted as a whole, with
    its restricted layer folded back into its own values."""
    out = {k: v for k, v in props.items() if k not in (RESTRICTED_ALIASES, RESTRICTED_PROPS)}
    for key, value in restricted_props(props).items():
        out.setdefault(key, value)
    if "aliases" in out or props.get(RESTRICTED_ALIASES):
        out["aliases"] = [
            a for a in _union(out.get("aliases") or [], props.get(RESTRICTED_ALIASES) or [])
            if a != out.get("name")
        ]
    out["classification"] = RESTRICTED
    return out
