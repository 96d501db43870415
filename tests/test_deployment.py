"""docker-compose.yml is a valid compose file, checked by the compose client (no engine needed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> list[str]:
    """`docker compose` (v2 plugin) when present, else Debian's `docker-compose`."""
    docker = shutil.which("docker")
    if docker and subprocess.run(
        [docker, "compose", "version"], capture_output=True, check=False
    ).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    pytest.skip("no compose client (docker compose or docker-compose) is installed")


def _config(env_file: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NEO4J_PASSWORD"}}
    return subprocess.run(
        [*_compose(), "--env-file", str(env_file), "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_compose_file_is_valid() -> None:
    proc = _config(ROOT / ".env.example")
    assert proc.returncode == 0, proc.stderr


def test_compose_requires_a_password(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    proc = _config(empty)
    assert proc.returncode != 0
    assert "NEO4J_PASSWORD" in proc.stderr
