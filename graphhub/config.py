"""Settings, read once from ``GRAPHHUB_*`` environment variables and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import Secret

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCAL_PASSWORD = "graphhub-local-dev"
# Longest cell a structured source may hold: a reference or name, not a document.
DEFAULT_MAX_FIELD_CHARS = 10_000
# Largest file a reader takes whole (streamed FIU exports have no limit).
DEFAULT_MAX_FILE_MB = 50


# The formats that state fundings, in the order that decides which one counts when two
# report the same funding: IATI (the publisher's own record) over FTS, over an aid
# database's table (AIMS), over a narrative report.
FUNDING_SOURCES: tuple[str, ...] = ("iati", "fts", "contributions", "ftm", "documents")
DEFAULT_FUNDING_PRECEDENCE: tuple[str, ...] = FUNDING_SOURCES
API_ROLES: tuple[str, ...] = ("partner", "coordinator", "fiu_analyst", "admin")


class ConfigError(ValueError):
    """A GRAPHHUB_* variable has a value graphhub cannot use."""


@dataclass(frozen=True)
class ApiKey:
    """A bearer token the API accepts and the role it grants."""

    token: Secret
    role: str


def _precedence(env: Mapping[str, str]) -> tuple[str, ...]:
    """``GRAPHHUB_FUNDING_PRECEDENCE``: source formats, the first one counts when two report
    the same funding (same project, kind and year)."""
    raw = env.get("GRAPHHUB_FUNDING_PRECEDENCE", "")
    if not raw.strip():
        return DEFAULT_FUNDING_PRECEDENCE
    names = tuple(part.strip().lower() for part in raw.split(",") if part.strip())
    unknown = [n for n in names if n not in FUNDING_SOURCES]
    if unknown:
        raise ConfigError(
            f"GRAPHHUB_FUNDING_PRECEDENCE names {', '.join(unknown)}; "
            f"sources are {', '.join(FUNDING_SOURCES)}"
        )
    if len(set(names)) != len(names):
        raise ConfigError("GRAPHHUB_FUNDING_PRECEDENCE names a source twice")
    # Sources left out come after the named ones, in the default order.
    return names + tuple(n for n in DEFAULT_FUNDING_PRECEDENCE if n not in names)


def _api_keys(env: Mapping[str, str]) -> tuple[ApiKey, ...]:
    """``GRAPHHUB_API_KEYS``: comma-separated ``token:role`` pairs."""
    raw = env.get("GRAPHHUB_API_KEYS", "")
    keys: list[ApiKey] = []
    seen: set[str] = set()
    for number, item in enumerate((part.strip() for part in raw.split(",")), start=1):
        if not item:
            continue
        token, sep, role = item.rpartition(":")
        if not sep or not token.strip():
            raise ConfigError(f"GRAPHHUB_API_KEYS entry {number} must look like token:role")
        if role.strip() not in API_ROLES:
            raise ConfigError(
                f"GRAPHHUB_API_KEYS entry {number} has role {role.strip()!r}; "
                f"use one of {', '.join(API_ROLES)}"
            )
        if token.strip() in seen:
            raise ConfigError(f"GRAPHHUB_API_KEYS entry {number} repeats an earlier token")
        seen.add(token.strip())
        keys.append(ApiKey(Secret(token.strip()), role.strip()))
    return tuple(keys)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise ConfigError(f"{name}={value} must be 1 or more")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None


@dataclass(frozen=True)
class Settings:
    """Everything graphhub can be told from its environment (see the README's table)."""

    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: Secret
    neo4j_database: str
    state_dir: Path
    engine_dir: Path
    local_port: int
    local_heap_mb: int
    local_pagecache_mb: int
    host: str
    port: int
    log_level: str
    log_format: str
    max_file_mb: int
    aliases_file: Path | None
    query_timeout_s: float
    demo_dir: Path
    api_keys: tuple[ApiKey, ...] = ()
    audit_log: Path | None = None
    # What a file may expand to once read (see ingestion.readers.limits).
    max_expanded_mb: int = 200
    max_pdf_pages: int = 2000
    max_text_chars: int = 60_000_000
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS
    max_columns: int = 200
    bulk_batch_rows: int = 25_000
    audit_secret: Secret | None = None
    max_query_depth: int = 12
    max_query_aliases: int = 20
    max_query_tokens: int = 3000
    max_query_fields: int = 2000
    max_query_cost: int = 250_000
    max_fragment_depth: int = 8
    shutdown_grace_s: float = 5.0
    funding_precedence: tuple[str, ...] = DEFAULT_FUNDING_PRECEDENCE

    @property
    def audit_path(self) -> Path:
        """Where the API appends its audit records (GRAPHHUB_AUDIT_LOG, else in the state dir)."""
        return self.audit_log or self.state_dir / "audit.jsonl"

    @property
    def uses_local_engine(self) -> bool:
        """True when graphhub runs its own Neo4j (no GRAPHHUB_NEO4J_URI given)."""
        return not self.neo4j_uri

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: the process environment)."""
        env = os.environ if env is None else env
        log_format = env.get("GRAPHHUB_LOG_FORMAT", "text").lower()
        if log_format not in {"text", "json"}:
            raise ConfigError(f"GRAPHHUB_LOG_FORMAT={log_format!r} must be 'text' or 'json'")
        aliases = env.get("GRAPHHUB_ALIASES_FILE")
        audit = env.get("GRAPHHUB_AUDIT_LOG")
        audit_secret = env.get("GRAPHHUB_AUDIT_SECRET")
        return cls(
            neo4j_uri=env.get("GRAPHHUB_NEO4J_URI") or None,
            neo4j_user=env.get("GRAPHHUB_NEO4J_USER", "neo4j"),
            neo4j_password=Secret(env.get("GRAPHHUB_NEO4J_PASSWORD", DEFAULT_LOCAL_PASSWORD)),
            neo4j_database=env.get("GRAPHHUB_NEO4J_DATABASE", "neo4j"),
            state_dir=Path(env.get("GRAPHHUB_STATE_DIR", ".graphhub")).resolve(),
            engine_dir=Path(env.get("GRAPHHUB_ENGINE_DIR", PROJECT_ROOT / "neo4j-embedded")),
            local_port=_int(env, "GRAPHHUB_NEO4J_LOCAL_PORT", 7687),
            local_heap_mb=_int(env, "GRAPHHUB_NEO4J_HEAP_MB", 1024),
            local_pagecache_mb=_int(env, "GRAPHHUB_NEO4J_PAGECACHE_MB", 512),
            host=env.get("GRAPHHUB_HOST", "127.0.0.1"),
            port=_int(env, "GRAPHHUB_PORT", 8000),
            log_level=env.get("GRAPHHUB_LOG_LEVEL", "INFO").upper(),
            log_format=log_format,
            max_file_mb=_int(env, "GRAPHHUB_MAX_FILE_MB", DEFAULT_MAX_FILE_MB),
            aliases_file=Path(aliases) if aliases else None,
            query_timeout_s=_float(env, "GRAPHHUB_QUERY_TIMEOUT_S", 10.0),
            demo_dir=Path(env.get("GRAPHHUB_DEMO_DIR", PROJECT_ROOT / "demo")),
            api_keys=_api_keys(env),
            audit_log=Path(audit).resolve() if audit else None,
            max_expanded_mb=_positive(env, "GRAPHHUB_MAX_EXPANDED_MB", 200),
            max_pdf_pages=_positive(env, "GRAPHHUB_MAX_PDF_PAGES", 2000),
            max_text_chars=_positive(env, "GRAPHHUB_MAX_TEXT_CHARS", 60_000_000),
            max_field_chars=_positive(env, "GRAPHHUB_MAX_FIELD_CHARS", DEFAULT_MAX_FIELD_CHARS),
            max_columns=_positive(env, "GRAPHHUB_MAX_COLUMNS", 200),
            bulk_batch_rows=_int(env, "GRAPHHUB_BULK_BATCH_ROWS", 25_000),
            audit_secret=Secret(audit_secret) if audit_secret else None,
            max_query_depth=_positive(env, "GRAPHHUB_MAX_QUERY_DEPTH", 12),
            max_query_aliases=_positive(env, "GRAPHHUB_MAX_QUERY_ALIASES", 20),
            max_query_tokens=_positive(env, "GRAPHHUB_MAX_QUERY_TOKENS", 3000),
            max_query_fields=_positive(env, "GRAPHHUB_MAX_QUERY_FIELDS", 2000),
            max_query_cost=_positive(env, "GRAPHHUB_MAX_QUERY_COST", 250_000),
            max_fragment_depth=_positive(env, "GRAPHHUB_MAX_FRAGMENT_DEPTH", 8),
            shutdown_grace_s=_float(env, "GRAPHHUB_SHUTDOWN_GRACE_S", 5.0),
            funding_precedence=_precedence(env),
        )
