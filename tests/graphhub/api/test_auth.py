"""Reading GRAPHHUB_API_KEYS and matching bearer tokens to roles."""

from __future__ import annotations

import pytest

from graphhub.api.auth import Role, authenticate, bearer_token
from graphhub.config import ConfigError, Settings


def test_keys_map_to_roles() -> None:
    settings = Settings.from_env({"GRAPHHUB_API_KEYS": "abc123:partner, s3:cr:et:fiu_analyst"})
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
