"""Which column of a contribution table feeds which field: header names and mapping files.

A mapping YAML has up to three keys: ``columns`` (source header -> field), ``defaults``
(field -> value when the table has no such column or the cell is empty; a default may
name other fields in braces, ``fts:flow:{flow_id}``) and ``split`` (field -> how a cell
holds a list, see ``ingestion.sources.splits``). Anything else is refused, naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ingestion.errors import ReadError
from ingestion.sources import codes
from ingestion.sources.files import read_mapping
from ingestion.sources.splits import SplitRule, split_rule

DATA = Path(__file__).parent / "data"
FIELDS = (
    "donor",
    "country",
    "project_code",
    "project_title",
    "sector",
    "amount",
    "currency",
    "year",
    "kind",
    "implementer",
    "flow_id",
    "date",
    "boundary",
    "iati_identifier",
    "amount_usd",
)
MAPPING_KEYS = ("columns", "defaults", "split")
_TEMPLATE = re.compile(r"\{([a-z_]+)\}")


def header_key(header: str) -> str:
    """A header reduced to lower-case words: "Amount (USD)" -> "amount usd"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(header).casefold()).split())


@cache
def _headers() -> dict[str, list[str]]:
    """``data/table_headers.yaml``: the headers recognised per field, best first."""
    raw = yaml.safe_load((DATA / "table_headers.yaml").read_text(encoding="utf-8"))
    return {str(name): [str(h) for h in headers] for name, headers in raw.items()}


@cache
def header_synonyms() -> dict[str, tuple[str, int]]:
    """Normalised header -> (field, rank); a lower rank wins when two columns compete."""
    raw = _headers()
    table: dict[str, tuple[str, int]] = {}
    for name, headers in raw.items():
        for rank, header in enumerate(headers):
            table.setdefault(header_key(header), (name, rank))
    return table


def headers_of(name: str) -> list[str]:
    """The headers recognised for the field ``name``, best first."""
    return list(_headers().get(name, []))


@dataclass
class ColumnMap:
    """Which source column feeds which field, how lists split, and what nobody mapped."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> source column
    implied_currency: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    splits: dict[str, SplitRule] = field(default_factory=dict)  # field -> rule
    share_columns: dict[str, str] = field(default_factory=dict)  # field -> source column
    unmapped: list[str] = field(default_factory=list)


def load_mapping(path: Path | str) -> dict[str, Any]:
    """Read and check a mapping YAML: ``columns``, optional ``defaults`` and ``split``.

    Refused (``ReadError`` naming the key): a top-level key other than these three when
    ``columns`` is given, a header mapped to no field, a default for a name that is not
    a field (or naming an unknown field in braces), a bad ``split`` entry.
    """
    source = Path(path)
    raw = read_mapping(source)
    try:
        return check_mapping(raw)
    except ValueError as exc:
        raise ReadError(str(exc), path=str(source)) from exc


def check_mapping(raw: Any) -> dict[str, Any]:
    """The mapping as plain data (columns, defaults, split); ValueError naming what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("a column mapping must be a YAML mapping")
    if "columns" in raw:
        unknown = [str(k) for k in raw if k not in MAPPING_KEYS]
        if unknown:
            raise ValueError(
                f"unknown top-level key(s) {', '.join(map(repr, unknown))}; "
                f"a mapping has {', '.join(MAPPING_KEYS)}"
            )
        columns = raw["columns"] or {}
    else:  # the short form: every key but defaults and split is a header
        columns = {k: v for k, v in raw.items() if k not in MAPPING_KEYS}
    if not isinstance(columns, dict):
        raise ValueError("columns: must map source headers to fields")
    for column, target in columns.items():
        if target not in FIELDS:
            raise ValueError(
                f"column {column!r} is mapped to unknown field {target!r}; "
                f"fields are {', '.join(FIELDS)}"
            )
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ValueError("defaults: must map fields to values")
    for name, value in defaults.items():
        if name not in FIELDS:
            raise ValueError(f"defaults: {name!r} is not a field; fields are {', '.join(FIELDS)}")
        if isinstance(value, (dict, list)) or value is None:
            raise ValueError(f"defaults: {name} must be one value, not {value!r}")
        for ref in _TEMPLATE.findall(str(value)):
            if ref not in FIELDS or ref == name:
                raise ValueError(
                    f"defaults: {name} refers to {{{ref}}}, which is not another field"
                )
    splits = raw.get("split") or {}
    if not isinstance(splits, dict):
        raise ValueError("split: must map fields to split rules")
    for name, rule in splits.items():
        split_rule(str(name), rule)  # raises ValueError naming the entry
    checked: dict[str, Any] = {
        "columns": dict(columns),
        "defaults": {str(k): str(v) for k, v in defaults.items()},
    }
    if splits:  # left out when empty: a mapping without one keeps the document id it had
        checked["split"] = dict(splits)
    return checked


def fill_default(value: str, cell: Any) -> str:
    """A default with ``{field}`` references filled from the row (empty when one is empty)."""
    refs = _TEMPLATE.findall(value)
    if not refs:
        return value
    filled = {ref: cell(ref) for ref in refs}
    if not all(filled.values()):
        return ""
    return _TEMPLATE.sub(lambda m: str(filled[m[1]]), value)


def map_columns(headers: Iterable[str], mapping: Mapping[str, Any] | None = None) -> ColumnMap:
    """Match headers to fields: the mapping first, then the known header names."""
    result = ColumnMap()
    spec = mapping or {}
    explicit = {header_key(k): v for k, v in spec.get("columns", {}).items()}
    result.defaults = {k: str(v) for k, v in spec.get("defaults", {}).items()}
    result.splits = {
        name: split_rule(name, rule) for name, rule in (spec.get("split") or {}).items()
    }
    share_keys = {
        header_key(rule.share_column): name
        for name, rule in result.splits.items()
        if rule.share_column
    }
    synonyms = header_synonyms()
    best: dict[str, tuple[int, str]] = {}
    leftovers: list[str] = []
    for header in headers:
        key = header_key(header)
        if key in share_keys and key not in explicit:
            result.share_columns[share_keys[key]] = header
            continue
        if key in explicit:
            best[explicit[key]] = (-1, header)
            continue
        target, rank = synonyms.get(key, ("", 0))
        if not target:
            target, rank, currency = _amount_with_currency(key)
            if currency:
                result.implied_currency = currency
        if not target:
            leftovers.append(header)
            continue
        if target in best and best[target][0] <= rank:
            leftovers.append(header)
            continue
        if target in best:
            leftovers.append(best[target][1])
        best[target] = (rank, header)
    result.columns = {target: header for target, (_, header) in best.items()}
    result.unmapped = leftovers
    return result


def _amount_with_currency(key: str) -> tuple[str, int, str | None]:
    """ "amount usd", "amount in eur", "usd" -> ("amount", rank, currency)."""
    words = key.split()
    if words and len(words[-1]) == 3 and codes.is_currency(words[-1]):
        rest = " ".join(w for w in words[:-1] if w != "in")
        target, rank = header_synonyms().get(rest, ("", 0)) if rest else ("amount", 0)
        if target == "amount":
            return target, rank, words[-1].upper()
    return "", 0, None
