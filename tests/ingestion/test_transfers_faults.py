"""Real faults during ``graphhub load fiu-transfers``: the rerun gives exactly a clean load.

A dedicated local engine (its own data directory) takes a generated export of
8,000 transfers (16 batches). The loader is killed with SIGKILL at seeded random rows, the
engine is stopped, and its Java process is killed with SIGKILL, each during a load;
the engine is started again on the same data directory. After each rerun the graph
equals the clean load: the same counts per label and relationship type, the same
party ids, the same transfer ends by id; and no process of the killed load is left.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphhub.config import Settings
from graphhub.db import engine
from graphhub.db.driver import open_driver
from graphhub.db.schema import migrate
from tests.ingestion.faults import (
    Launched,
    environment,
    launch,
    run,
    scalar,
    snapshot,
    wait_for,
    wait_gone,
    wipe,
)

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
TRANSFERS, ENTITIES, SEED = 8_000, 1_500, 7
BATCH_ROWS = 500
RNG = random.Random(20_261_201)

PARTIES = "MATCH (e:Entity) RETURN e.id, labels(e), e.key, e.name ORDER BY e.id"
ENDS = (
    "MATCH (a)-[t:TRANSFER]->(b) RETURN t.id, a.id, b.id, t.amount, t.date, t.duplicate_of "
    "ORDER BY t.id"
)
THROUGH = "MATCH (d:Document {kind: 'fiu-transfers'}) RETURN d.loaded_through"


def _generate(path: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "generate_transfers", ROOT / "benchmarks" / "generate_transfers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(TRANSFERS, ENTITIES, SEED, path)
    return path


class Engine:
    """The dedicated engine, which a test may stop or kill and start again on its data."""

    def __init__(self, state: engine.EngineState, settings: Settings) -> None:
        self.settings = settings
        self.config = engine.EngineConfig(
            engine_dir=settings.engine_dir,
            state_dir=Path(state.log).parent,
            data_dir=Path(state.data_dir),
            port=state.port,
            password=str(settings.neo4j_password),
            heap_mb=HEAP_MB,
            pagecache_mb=PAGECACHE_MB,
        )
        self.state = state
        self.driver = open_driver(settings, uri=state.uri)

    @property
    def uri(self) -> str:
        return self.state.uri

    def kill_java(self) -> None:
        """SIGKILL of the engine's Java process, reaped (it is this process's child)."""
        os.kill(self.state.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.state.pid, 0)

    def stop(self) -> str:
        return engine.stop(self.config.state_dir)

    def restart(self) -> None:
        """Start again on the same data directory and port."""
        self.driver.close()
        self.state = engine.start(self.config)
        self.driver = open_driver(self.settings, uri=self.state.uri)


HEAP_MB, PAGECACHE_MB = 768, 256


@pytest.fixture(scope="module")
def dedicated(neo4j_settings: Settings) -> Iterator[Engine]:
    password = str(neo4j_settings.neo4j_password)
    with engine.throwaway(
        neo4j_settings.engine_dir, password, heap_mb=HEAP_MB, pagecache_mb=PAGECACHE_MB
    ) as state:
        settings = neo4j_settings
        own = Engine(state, settings)
        migrate(own.driver, settings.neo4j_database)
        try:
            yield own
        finally:
            own.driver.close()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("faults") / "transfers.csv")


@pytest.fixture(scope="module")
def clean(dedicated: Engine, export: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The graph of a clean load (then emptied for the faults)."""
    work = tmp_path_factory.mktemp("clean")
    done = run(_load_args(export), _env(dedicated, work), work)
    assert done.proc.returncode == 0, done.output()
    expected = snapshot(dedicated.driver, PARTIES, ENDS)
    wipe(dedicated.driver)
    return expected


def _load_args(export: Path) -> list[str]:
    return ["load", "fiu-transfers", str(export), "--quiet"]


def _env(own: Engine, work: Path) -> dict[str, str]:
    return environment(
        own.uri,
        str(own.settings.neo4j_password),
        work,
        GRAPHHUB_BULK_BATCH_ROWS=str(BATCH_ROWS),
    )


def _fault_row() -> int:
    """A seeded random row between the first and the last few batches."""
    return RNG.randrange(3 * BATCH_ROWS, TRANSFERS - 3 * BATCH_ROWS)


def _through(own: Engine) -> int:
    return int(scalar(own.driver, THROUGH) or 0)


def _load_until(own: Engine, export: Path, work: Path, row: int) -> Launched:
    """Start a load and return once it has committed ``row``, after a seeded short delay."""
    loading = launch(_load_args(export), _env(own, work), work)
    wait_for(lambda: _through(own) >= row, loading)
    time.sleep(RNG.uniform(0.0, 0.2))  # so the fault falls anywhere in the next batch
    return loading


def _killed(loading: Launched) -> None:
    loading.kill()
    leftover = wait_gone(loading.mark)
    assert not leftover, f"processes of the killed load are still running: {leftover}"


def _rerun_equals_clean(own: Engine, export: Path, work: Path, expected: Any) -> str:
    done = run(_load_args(export), _env(own, work), work)
    out = done.output()
    assert done.proc.returncode == 0, out
    assert "interrupted" in out and "resumed" in out, out
    assert snapshot(own.driver, PARTIES, ENDS) == expected
    runs = scalar(own.driver, "MATCH (r:IngestRun) RETURN collect(r.status)")
    assert sorted(runs) == ["interrupted"] * (len(runs) - 1) + ["ok"]
    return out


def test_loader_killed_at_random_rows_resumes_to_a_clean_load(
    dedicated: Engine, export: Path, clean: Any, tmp_path: Path
) -> None:
    first, second = sorted((_fault_row(), _fault_row()))
    loading = _load_until(dedicated, export, tmp_path, first)
    _killed(loading)
    interrupted_at = _through(dedicated)
    assert first <= interrupted_at < TRANSFERS
    # The rerun is killed too, later on: resuming a resumed load.
    loading = _load_until(dedicated, export, tmp_path, max(second, interrupted_at + BATCH_ROWS))
    _killed(loading)
    out = _rerun_equals_clean(dedicated, export, tmp_path, clean)
    assert "rows up to" in out
    wipe(dedicated.driver)
    loading = _load_until(dedicated, export, tmp_path, _fault_row())
    _killed(loading)
    _rerun_equals_clean(dedicated, export, tmp_path, clean)
    wipe(dedicated.driver)


def test_engine_stopped_during_a_load_resumes_to_a_clean_load(
    dedicated: Engine, export: Path, clean: Any, tmp_path: Path
) -> None:
    loading = _load_until(dedicated, export, tmp_path, _fault_row())
    dedicated.stop()
    _killed(loading)  # it can only retry against a stopped engine
    dedicated.restart()
    assert 0 < _through(dedicated) < TRANSFERS
    _rerun_equals_clean(dedicated, export, tmp_path, clean)
    wipe(dedicated.driver)


def test_engine_killed_during_a_load_resumes_to_a_clean_load(
    dedicated: Engine, export: Path, clean: Any, tmp_path: Path
) -> None:
    loading = _load_until(dedicated, export, tmp_path, _fault_row())
    dedicated.kill_java()
    _killed(loading)
    dedicated.restart()
    assert 0 < _through(dedicated) < TRANSFERS
    _rerun_equals_clean(dedicated, export, tmp_path, clean)
    wipe(dedicated.driver)
