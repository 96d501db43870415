"""Which countries a region holds: the graph's IN_REGION relationships, else the bundled list."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from graphhub.queries.regions import region_countries
from graphhub.queries.runner import Runner
from graphhub.reports.errors import SelectionError
from graphhub.reports.selection import Scope, Selection

REGIONS_FILE = Path(__file__).with_name("data") / "regions.yaml"

@cache
def bundled_regions() -> dict[str, tuple[str, ...]]:
    """The bundled region → ISO3 codes table, loaded once."""
    raw = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    return {str(name): tuple(str(code) for code in codes) for name, codes in raw.items()}


def bundled_region(name: str) -> tuple[str, ...] | None:
    """The bundled countries of a region (name matched case-insensitively), or None."""
    for region, codes in bundled_regions().items():
        if region.lower() == name.strip().lower():
            return codes
    return None


async def resolve_scope(runner: Runner, selection: Selection) -> Scope:
    """The countries a selection covers: its region's (graph first) plus the listed ones."""
    if not selection.region:
        return Scope(selection, iso3=selection.countries)
    from_graph = await region_countries(runner, selection.region)
    if from_graph:
        codes, source = tuple(from_graph), "graph"
    else:
        bundled = bundled_region(selection.region)
        if bundled is None:
            known = ", ".join(bundled_regions())
            raise SelectionError(
                f"unknown region {selection.region!r}: the graph has no countries in it and "
                f"the bundled list knows {known}"
            )
        codes, source = bundled, "bundled"
    merged = tuple(dict.fromkeys((*codes, *selection.countries)))
    note = (
        f"{selection.region}: {', '.join(codes)} "
        f"({'from the graph' if source == 'graph' else 'from the bundled region list'})"
    )
    return Scope(selection, iso3=merged, region_source=source, notes=(note,))
