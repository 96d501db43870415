"""Alias files: analyst-maintained lists of names that stand for one node.

The bundled ``data/aliases.yaml`` documents the format at its top; a user file in
the same format (``GRAPHHUB_ALIASES_FILE``) is read after it and extends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graphhub.model import Label
from ingestion.errors import ReadError, RecordError

_KEYS = frozenset({"name", "label", "acronym", "aliases"})
_LABELS = frozenset(
    {
        Label.ORGANIZATION,
        Label.PERSON,
        Label.COMPANY,
        Label.TRAFFICKING_GROUP,
        Label.PROGRAMME,
        Label.REGION,
    }
)


@dataclass(frozen=True)
class AliasEntry:
    """One canonical name with its acronym and other names, from an alias file."""

    label: Label
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    source: str


def bundled_aliases_path() -> Path:
    """Where the bundled alias file lives."""
    return Path(str(resources.files("ingestion.resolve.data").joinpath("aliases.yaml")))


def load_aliases(path: Path) -> list[AliasEntry]:
    """The entries of one alias file; errors name the file, entry number and field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReadError(
            f"cannot read the alias file: {exc.strerror or exc}", path=str(path)
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReadError("not a valid YAML alias file", path=str(path), reason=str(exc)) from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise ReadError("an alias file is a list of entries (- name: ...)", path=str(path))
    return [_entry(path, number, item) for number, item in enumerate(data, start=1)]


def _entry(path: Path, number: int, item: Any) -> AliasEntry:
    def bad(field: str | None, message: str, value: Any = None) -> RecordError:
        error = RecordError(message, path=str(path), row=number, field=field, value=value)
        error.field_noun = "field"
        return error

    if not isinstance(item, dict):
        raise bad(None, "entry must be a mapping with name, aliases, ...")
    unknown = sorted(set(map(str, item)) - _KEYS)
    if unknown:
        raise bad(unknown[0], "unknown key; use name, label, acronym, aliases")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad("name", "every entry needs a name (the canonical name)")
    raw_label = item.get("label", str(Label.ORGANIZATION))
    try:
        label = Label(str(raw_label))
    except ValueError:
        label = None
    if label not in _LABELS:
        allowed = ", ".join(sorted(_LABELS))
        raise bad("label", f"label must be one of {allowed}", raw_label)
    acronym = item.get("acronym")
    if acronym is not None and not isinstance(acronym, str):
        raise bad("acronym", "acronym must be text", acronym)
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str | int) for a in aliases):
        raise bad("aliases", "aliases must be a list of names")
    return AliasEntry(
        label=label,
        name=name.strip(),
        acronym=acronym.strip() if acronym else None,
        aliases=tuple(str(alias).strip() for alias in aliases if str(alias).strip()),
        source=str(path),
    )
