"""The schema as SDL text, as ``graphhub schema export`` writes it to schema.graphql."""

from __future__ import annotations

from pathlib import Path

from graphhub.api.schema import schema
from graphhub.config import PROJECT_ROOT

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"


def sdl() -> str:
    """The SDL of the API's schema, ending in a newline."""
    return schema.as_str().rstrip("\n") + "\n"


def export(path: Path = SCHEMA_FILE) -> Path:
    """Write the SDL to ``path``; returns it."""
    path.write_text(sdl(), encoding="utf-8")
    return path
