"""Loading the Cypher text kept in ``cypher/*.cypher`` beside the query modules."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).with_name("cypher")


@cache
def cypher(name: str) -> str:
    """The text of ``cypher/<name>.cypher``, read once."""
    return (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")
