"""Sets of relationship types the query modules pass as parameters."""

from __future__ import annotations

from graphhub.model import RelType

CONCERNS_ONLY: frozenset[RelType] = frozenset({RelType.CONCERNS})
