"""The coordinator's priorities file: country, sector, priority and an optional target in USD.

CSV (with a header row) or YAML (a list of mappings, or a mapping with a ``priorities``
list). A row that cannot be used stops the report with its row number and the reason.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graphhub.reports.errors import PrioritiesError, SelectionError
from graphhub.reports.selection import country_code

FIELDS = ("country", "sector", "priority", "target_usd")
REQUIRED = ("country", "sector", "priority")
# Words coordinators use for priority levels; 1 is the most urgent.
LEVELS = {"high": 1, "medium": 2, "low": 3, "1": 1, "2": 2, "3": 3}
LEVEL_NAMES = {1: "high", 2: "medium", 3: "low"}


@dataclass(frozen=True)
class Priority:
    """One country × sector cell a coordinator wants funded."""

    country: str  # ISO3
    sector: str
    level: int
    target_usd: float | None
    row: int

    @property
    def level_name(self) -> str:
        """``high``, ``medium`` or ``low``."""
        return LEVEL_NAMES[self.level]


def load_priorities(path: Path) -> list[Priority]:
    """Read a CSV or YAML priorities file (by its extension)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PrioritiesError(f"cannot read the file ({exc.strerror})", path=str(path)) from None
    except UnicodeDecodeError:
        raise PrioritiesError("not UTF-8 text", path=str(path)) from None
    kind = "yaml" if path.suffix.lower() in {".yaml", ".yml"} else "csv"
    return parse_priorities(text, kind, name=str(path))


def parse_priorities(text: str, kind: str, name: str = "priorities") -> list[Priority]:
    """Priorities from the text of a ``csv`` or ``yaml`` file; ``name`` appears in errors."""
    if kind == "yaml":
        rows = _yaml_rows(text, name)
    elif kind == "csv":
        rows = _csv_rows(text, name)
    else:
        raise PrioritiesError(f"unknown priorities format {kind!r}: use csv or yaml", path=name)
    out: list[Priority] = []
    seen: dict[tuple[str, str], int] = {}
    for row_number, row in rows:
        priority = _priority(row, row_number, name)
        key = (priority.country, priority.sector.lower())
        if key in seen:
            raise PrioritiesError(
                f"{priority.country} × {priority.sector} is already listed in row {seen[key]}",
                path=name, row=row_number,
            )
        seen[key] = row_number
        out.append(priority)
    return out


def _csv_rows(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    if not header:
        raise PrioritiesError("the file is empty: expected a header row", path=name, row=1)
    missing = [f for f in REQUIRED if f not in header]
    if missing:
        raise PrioritiesError(
            f"the header has no column {', '.join(missing)} (columns: {', '.join(FIELDS)})",
            path=name, row=1,
        )
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, Any]]] = []
    for record in reader:
        # The header is row 1; csv tracks physical lines, which is what an editor shows.
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        if None in record:
            raise PrioritiesError(
                f"more values than the header has columns ({len(header)})",
                path=name, row=reader.line_num,
            )
        rows.append((reader.line_num, record))
    return rows


def _yaml_rows(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PrioritiesError(f"not valid YAML ({exc})", path=name) from None
    if isinstance(data, dict) and "priorities" in data:
        data = data["priorities"]
    if not isinstance(data, list):
        raise PrioritiesError(
            "expected a list of entries with country, sector and priority", path=name
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise PrioritiesError(
                "expected a mapping with country, sector and priority", path=name, row=index
            )
        rows.append((index, {str(k).strip().lower(): v for k, v in entry.items()}))
    return rows


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _priority(row: dict[str, Any], number: int, name: str) -> Priority:
    for key in REQUIRED:
        if not _text(row, key):
            raise PrioritiesError(f"{key} is missing", path=name, row=number, field=key)
    try:
        country = country_code(_text(row, "country"))
    except SelectionError:
        raise PrioritiesError(
            f"unknown country {_text(row, 'country')!r}", path=name, row=number, field="country"
        ) from None
    level = LEVELS.get(_text(row, "priority").lower())
    if level is None:
        raise PrioritiesError(
            f"priority {_text(row, 'priority')!r} is not one of high, medium, low (or 1, 2, 3)",
            path=name, row=number, field="priority",
        )
    return Priority(
        country=country,
        sector=_text(row, "sector"),
        level=level,
        target_usd=_target(_text(row, "target_usd"), number, name),
        row=number,
    )


def _target(raw: str, number: int, name: str) -> float | None:
    if not raw:
        return None
    cleaned = raw.replace(",", "").replace("_", "").replace(" ", "").removeprefix("$")
    try:
        value = float(cleaned)
    except ValueError:
        raise PrioritiesError(
            f"target_usd {raw!r} is not a number", path=name, row=number, field="target_usd"
        ) from None
    if value < 0 or value != value:
        raise PrioritiesError(
            f"target_usd {raw!r} must be zero or more", path=name, row=number, field="target_usd"
        )
    return value
