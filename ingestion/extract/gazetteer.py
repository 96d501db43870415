"""The data files of the extractor, loaded once: organizations, places, sectors, triggers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from graphhub.ids import normalise_key
from ingestion.errors import IngestionError
from ingestion.legal_forms import written_forms

DATA_PACKAGE = "ingestion.extract.data"


@dataclass(frozen=True)
class OrgEntry:
    """A known organization: its full name, acronym, other names, kind and country."""

    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str
    country: str | None

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form that names this organization."""
        extra = (self.acronym,) if self.acronym else ()
        return (self.name, *extra, *self.aliases)


@dataclass(frozen=True)
class NamedEntry:
    """A region, programme or drug: a canonical name and the forms that name it."""

    name: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class SectorEntry:
    """A sector theme with its DAC purpose code and the phrases that signal it."""

    theme: str
    code: str
    keywords: tuple[str, ...]


@dataclass
class Gazetteer:
    """All lookup tables, keyed by normalised surface form."""

    orgs: dict[str, OrgEntry] = field(default_factory=dict)
    org_list: list[OrgEntry] = field(default_factory=list)
    org_kind_keywords: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    country_aliases: dict[str, tuple[str, bool]] = field(default_factory=dict)
    regions: dict[str, NamedEntry] = field(default_factory=dict)
    programmes: dict[str, NamedEntry] = field(default_factory=dict)
    drugs: dict[str, NamedEntry] = field(default_factory=dict)
    sectors: list[SectorEntry] = field(default_factory=list)
    currencies: dict[str, str] = field(default_factory=dict)
    legal_forms: dict[str, str] = field(default_factory=dict)
    triggers: dict[str, Any] = field(default_factory=dict)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    coreference: dict[str, Any] = field(default_factory=dict)


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """The rows of one JSONL data file; a malformed line raises IngestionError naming it."""
    path = resources.files(DATA_PACKAGE).joinpath(name)
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestionError(
                "invalid JSON line", path=str(path), row=number, reason=str(exc)
            ) from exc
        if not isinstance(row, dict):
            raise IngestionError("expected an object", path=str(path), row=number)
        rows.append(row)
    return rows


def _read_yaml(name: str) -> dict[str, Any]:
    path = resources.files(DATA_PACKAGE).joinpath(name)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise IngestionError("expected a mapping at the top", path=str(path))
    return data


def _named(rows: list[dict[str, Any]], key: str, forms_key: str) -> dict[str, NamedEntry]:
    table: dict[str, NamedEntry] = {}
    for row in rows:
        entry = NamedEntry(row[key], tuple([row[key], *row.get(forms_key, [])]))
        for form in entry.forms:
            table[normalise_key(form)] = entry
    return table


@cache
def load_gazetteer() -> Gazetteer:
    """Read every data file once per process."""
    gaz = Gazetteer()
    for row in read_jsonl("organizations.jsonl"):
        entry = OrgEntry(
            name=row["name"],
            acronym=row.get("acronym"),
            aliases=tuple(row.get("aliases", [])),
            kind=row["kind"],
            country=row.get("country"),
        )
        gaz.org_list.append(entry)
        for form in entry.forms:
            gaz.orgs[normalise_key(form)] = entry
    gaz.org_kind_keywords = [
        (row["kind"], tuple(row["keywords"])) for row in read_jsonl("org_kinds.jsonl")
    ]
    for row in read_jsonl("countries.jsonl"):
        gaz.country_aliases[normalise_key(row["alias"])] = (
            row["iso3"],
            bool(row.get("adjective", False)),
        )
    gaz.regions = _named(read_jsonl("regions.jsonl"), "name", "aliases")
    gaz.programmes = _named(read_jsonl("programmes.jsonl"), "name", "aliases")
    gaz.drugs = _named(read_jsonl("drugs.jsonl"), "drug", "forms")
    gaz.sectors = [
        SectorEntry(row["theme"], row["code"], tuple(row["keywords"]))
        for row in read_jsonl("sectors.jsonl")
    ]
    gaz.currencies = {row["form"]: row["code"] for row in read_jsonl("currencies.jsonl")}
    gaz.legal_forms = written_forms()
    gaz.triggers = _read_yaml("relations.yaml")
    gaz.patterns = read_jsonl("patterns.jsonl")
    gaz.filters = _read_yaml("entity_filters.yaml")
    gaz.coreference = _read_yaml("coreference.yaml")
    return gaz
