"""Reading GRAPHHUB_API_KEYS and matching bearer tokens to roles."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from graphhub.api.audit import _state_secret
from graphhub.api.auth import Role, authenticate, bearer_token
from graphhub.config import ConfigError, Settings


def test_keys_map_to_roles(tmp_path: Path) -> None:
    settings = Settings.from_env({"GRAPHHUB_API_KEYS": "abc123:partner, s3:cr:et:fiu_analyst",
                                  "GRAPHHUB_STATE_DIR": str(tmp_path)})
    assert [key.role for key in settings.api_keys] == ["partner", "fiu_analyst"]
    analyst = authenticate("Bearer s3:cr:et", settings)
    assert analyst is not None and analyst.role is Role.FIU_ANALYST and analyst.sees_restricted
    partner = authenticate("bearer abc123", settings)
    assert partner is not None and not partner.sees_restricted
    assert "abc123" not in repr(settings) and "abc123" not in partner.key_id
    assert authenticate("Bearer nope", settings) is None
    assert authenticate(None, settings) is None
    assert bearer_token("Basic abc123") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc:boss", "role 'boss'"), ("nocolon", "token:role"), ("a:partner,a:admin", "repeats")],
)
def test_bad_keys_are_refused(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({"GRAPHHUB_API_KEYS": value})


def test_audit_log_defaults_to_the_state_dir(tmp_path: object) -> None:
    settings = Settings.from_env({"GRAPHHUB_STATE_DIR": "/tmp/gh-state"})
    assert str(settings.audit_path) == "/tmp/gh-state/audit.jsonl"


def test_fingerprints_are_hmacs_with_the_audit_secret(tmp_path: Path) -> None:
    keys = {"GRAPHHUB_API_KEYS": "abc123:partner"}
    first = Settings.from_env({**keys, "GRAPHHUB_STATE_DIR": str(tmp_path / "a")})
    fingerprint = authenticate("Bearer abc123", first)
    assert fingerprint is not None
    secret_file = tmp_path / "a" / "audit-secret"
    assert secret_file.stat().st_mode & 0o777 == 0o600
    expected = hmac.new(secret_file.read_bytes(), b"abc123", hashlib.sha256).hexdigest()[:24]
    assert fingerprint.key_id == "key-" + expected
    assert hashlib.sha256(b"abc123").hexdigest()[:12] not in fingerprint.key_id
    # Stable across restarts (the secret file is read again), different in another state dir.
    _state_secret.cache_clear()
    again = authenticate("Bearer abc123", first)
    assert again is not None and again.key_id == fingerprint.key_id
    other = authenticate("Bearer abc123", Settings.from_env(
        {**keys, "GRAPHHUB_STATE_DIR": str(tmp_path / "b")}))
    assert other is not None and other.key_id != fingerprint.key_id
    # A configured secret wins and needs no file.
    configured = Settings.from_env({**keys, "GRAPHHUB_STATE_DIR": str(tmp_path / "c"),
                                    "GRAPHHUB_AUDIT_SECRET": "s3cret"})
    named = authenticate("Bearer abc123", configured)
    assert named is not None
    assert named.key_id == "key-" + hmac.new(b"s3cret", b"abc123",
                                             hashlib.sha256).hexdigest()[:24]
    assert not (tmp_path / "c" / "audit-secret").exists()
    assert "s3cret" not in repr(configured)
