"""Which countries the sample graph places in a region."""

from __future__ import annotations

from typing import Any

import pytest

from graphhub.queries.regions import region_countries
from graphhub.queries.runner import Runner

pytestmark = pytest.mark.neo4j


async def test_countries_of_a_region_in_any_case(graph: Any, public: Runner) -> None:
    assert await region_countries(public, "central ASIA") == ["KAZ", "KGZ", "TJK"]
    assert await region_countries(public, "Atlantis") == []
