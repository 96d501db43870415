"""Who funds what over one activity reported twice: the totals are those of one source.

The table and the IATI file of the same three activities are loaded together; under the
default precedence the donors' totals are what the IATI file alone gives, not the sum of
both (``GRAPHHUB_FUNDING_PRECEDENCE``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.queries.filters import FundingFilter
from graphhub.queries.funding import GroupBy, who_funds_what
from graphhub.queries.runner import Runner

pytestmark = pytest.mark.neo4j


def _helper() -> ModuleType:
    path = Path(__file__).parents[2] / "ingestion" / "resolve" / "activity_sources.py"
    name = "graphhub_activity_sources"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sources = _helper()


async def _totals(runner: Runner) -> dict[str, float]:
    rows = await who_funds_what(runner, [GroupBy.DONOR], FundingFilter())
    return {row.donor.name: row.amount_usd for row in rows if row.donor is not None}


async def test_donor_totals_of_both_sources_equal_the_preferred_source_alone(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, public: Runner
) -> None:
    database = neo4j_settings.neo4j_database
    paths = sources.write_sources(tmp_path)
    sources.load_iati(driver, database, paths)
    iati_alone = await _totals(public)
    assert iati_alone == sources.IATI_TOTALS
    sources.load_table(driver, database, paths)
    assert await _totals(public) == iati_alone
