"""The local engine: version, crash detection, clear errors without Java or Maven."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from graphhub.config import Settings
from graphhub.db import engine
from graphhub.db.driver import server_version

GRAPHHUB = str(Path(sys.executable).with_name("graphhub"))


@pytest.mark.neo4j
def test_suite_talks_to_neo4j_5_26(driver: neo4j.Driver) -> None:
    version, edition = server_version(driver)
    assert version.startswith("5.26."), version
    assert edition == "community"


@pytest.mark.neo4j
def test_status_after_a_killed_engine_says_not_running(tmp_path: Path) -> None:
    settings = Settings.from_env()
    config = engine.EngineConfig(
        engine_dir=settings.engine_dir,
        state_dir=tmp_path / "state",
        data_dir=tmp_path / "data",
        port=engine.free_port(),
        password="killed-engine-pw",
        heap_mb=512,
        pagecache_mb=64,
    )
    state = engine.start(config)
    assert engine.status(config.state_dir).running
    os.kill(state.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and engine.status(config.state_dir).running:
        time.sleep(0.1)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(state.pid, 0)

    current = engine.status(config.state_dir)
    assert not current.running
    assert "stale pid file" in current.message
    assert f"pid {state.pid}" in current.message

    proc = subprocess.run(
        [GRAPHHUB, "db", "status"],
        env={**os.environ, "GRAPHHUB_STATE_DIR": str(config.state_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "not running: stale pid file" in proc.stdout
    assert "stopped" not in engine.stop(config.state_dir)
    assert engine.read_state(config.state_dir) is None
    after = engine.status(config.state_dir)
    assert after.condition == "crashed" and f"pid {state.pid} had crashed" in after.message


@pytest.mark.neo4j
def test_status_tells_a_clean_stop_from_never_started_and_from_a_crash(tmp_path: Path) -> None:
    settings = Settings.from_env()
    config = engine.EngineConfig(
        engine_dir=settings.engine_dir,
        state_dir=tmp_path / "state",
        data_dir=tmp_path / "data",
        port=engine.free_port(),
        password="stopped-engine-pw",
        heap_mb=512,
        pagecache_mb=64,
    )
    never = engine.status(tmp_path / "elsewhere")
    assert (never.condition, never.message) == ("never", "not running (never started here)")
    state = engine.start(config)
    assert engine.status(config.state_dir).condition == "running"
    assert engine.stop(config.state_dir) == f"stopped pid {state.pid}"
    stopped = engine.status(config.state_dir)
    assert stopped.condition == "stopped" and not stopped.running
    assert stopped.message.startswith("not running (stopped cleanly ")
    assert stopped.message.endswith(f"pid {state.pid})")
    proc = subprocess.run(
        [GRAPHHUB, "db", "status"],
        env={**os.environ, "GRAPHHUB_STATE_DIR": str(config.state_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("local Neo4j not running (stopped cleanly ")
    assert "never started" not in proc.stdout


def _run_without(tools_dir: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GRAPHHUB_NEO4J_URI"}
    env.update(extra_env, PATH=str(tools_dir))
    return subprocess.run(
        [GRAPHHUB, "db", "start"], env=env, capture_output=True, text=True, check=False
    )


def test_db_start_without_java_names_what_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = _run_without(empty, {"GRAPHHUB_STATE_DIR": str(tmp_path / "state")})
    assert proc.returncode == 3
    assert "Java 17 or newer is needed" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1


def test_db_start_without_maven_names_what_to_install(tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java on this machine")
    only_java = tmp_path / "bin"
    only_java.mkdir()
    (only_java / "java").symlink_to(Path(java).resolve())
    unbuilt = tmp_path / "engine"
    settings = Settings.from_env()
    shutil.copytree(settings.engine_dir, unbuilt, ignore=shutil.ignore_patterns("target"))
    proc = _run_without(
        only_java,
        {"GRAPHHUB_STATE_DIR": str(tmp_path / "state"), "GRAPHHUB_ENGINE_DIR": str(unbuilt)},
    )
    assert proc.returncode == 3
    assert "Maven is needed" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
