"""Who is calling: bearer tokens from GRAPHHUB_API_KEYS mapped to roles."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from graphhub.api.audit import audit_secret
from graphhub.config import Settings


class Role(StrEnum):
    """What a caller may see and do."""

    PARTNER = "partner"  # public donor and project data
    COORDINATOR = "coordinator"  # public data and reports
    FIU_ANALYST = "fiu_analyst"  # also restricted financial intelligence; merges entities
    ADMIN = "admin"  # everything, including administration


RESTRICTED_ROLES = frozenset({Role.FIU_ANALYST, Role.ADMIN})


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a fingerprint of its token (never the token) and its role."""

    key_id: str
    role: Role

    @property
    def sees_restricted(self) -> bool:
        return self.role in RESTRICTED_ROLES


def key_id(token: str, secret: bytes) -> str:
    """A stable fingerprint of a token for audit records and logs: an HMAC-SHA256 of the
    token with the audit secret, so it cannot be matched against guessed tokens."""
    return "key-" + hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()[:24]


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if any."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(authorization: str | None, settings: Settings) -> Principal | None:
    """The caller behind an Authorization header, or None when it names no configured key."""
    token = bearer_token(authorization)
    if token is None:
        return None
    found: Role | None = None
    for key in settings.api_keys:
        # Compare against every key in constant time, so timing does not reveal a prefix.
        if hmac.compare_digest(str(key.token).encode(), token.encode()):
            found = Role(key.role)
    return None if found is None else Principal(key_id(token, audit_secret(settings)), found)
