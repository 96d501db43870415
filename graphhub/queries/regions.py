"""Regions: which countries the graph places in a region."""

from __future__ import annotations

from graphhub.queries.cypher_files import cypher
from graphhub.queries.runner import Runner


async def region_countries(runner: Runner, name: str) -> list[str]:
    """The ISO3 codes of the visible countries in the region ``name`` (any case), sorted."""
    rows = await runner.rows(cypher("region_countries"), name=name)
    return sorted(str(code) for code in rows[0]["iso3"] if code) if rows else []
