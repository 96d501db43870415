"""The suite's own guards: it never wipes a server it did not start, nor writes into the tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graphhub.config import PROJECT_ROOT, Settings

ROOT = Path(__file__).resolve().parents[1]


def test_a_configured_server_is_not_wiped_without_consent() -> None:
    env = {k: v for k, v in os.environ.items() if k != "GRAPHHUB_TEST_WIPE_OK"}
    # Port 9 on loopback: nothing listens, and nothing may be contacted before the refusal.
    env["GRAPHHUB_NEO4J_URI"] = "bolt://127.0.0.1:9"
    target = f"{Path(__file__)}::test_state_goes_to_a_temporary_directory"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 4, out
    assert out.count("GRAPHHUB_TEST_WIPE_OK=1") == 1 and "bolt://127.0.0.1:9" in out
    assert "passed" not in out


def test_state_goes_to_a_temporary_directory() -> None:
    settings = Settings.from_env()
    assert not settings.state_dir.is_relative_to(PROJECT_ROOT)
    assert not settings.audit_path.is_relative_to(PROJECT_ROOT)
    assert os.environ["GRAPHHUB_STATE_DIR"] == str(settings.state_dir)
