"""Cypher that finds nodes by id whatever their label, built from the model's whitelist.

A node lookup without a label cannot use an index; this text tries every keyed
label with an index seek instead (labels come from ``graphhub.model``, never from
user text).
"""

from __future__ import annotations

from graphhub.model import ENTITY_LABELS, KEYED_LABELS

# Entities are found through their Entity label; their specific labels add nothing.
_LOOKUP_LABELS = tuple(label for label in KEYED_LABELS if label not in ENTITY_LABELS)

MATCH_NODES_BY_ID = "CALL {\n" + "\nUNION\n".join(
    f"  UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n" for label in _LOOKUP_LABELS
) + "\n}\n"
