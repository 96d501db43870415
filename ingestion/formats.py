"""The formats graphhub reads: one entry per format, the only place that lists them.

Each entry names how its files go through the line (``ingestion.load``), its reader,
how its records find their graph ids and how its documents are classified. The CLI's
``load`` commands, the upload endpoint and the demo all dispatch through ``FORMATS``.

Adding a format is a reader in ``ingestion/sources/`` returning a ``SourceRead`` and an
entry here; the CLI gets a ``graphhub load NAME`` command from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ingestion.readers import SUPPORTED_SUFFIXES
from ingestion.records import SourceRead
from ingestion.sources import fiu_transfers, table_mapping
from ingestion.sources.ftm import read_ftm_file
from ingestion.sources.fts import read_fts_file
from ingestion.sources.iati import read_iati_file
from ingestion.sources.tables import load_mapping, read_table_file


class Route(StrEnum):
    """How a format's files go through the line."""

    DOCUMENTS = "documents"  # narrative text: read, classified, extracted by the pipeline
    FILE = "file"  # one structured file is one document, resolved and written at once
    BULK = "bulk"  # streamed in batches, any size, resumable (FIU transfer exports)


class Identity(StrEnum):
    """How a format's records find their graph ids."""

    GRAPH = "graph"  # matched against what the graph and the alias files know
    SOURCE = "source"  # the ids the source gives are kept (no name matching)
    EXPORT = "export"  # the export's own party ids, else exact names (``resolve.parties``)


class Classification(StrEnum):
    """How a format's documents are classified."""

    DECLARED = "declared"  # as the caller declares; undeclared means restricted
    MARKERS = "markers"  # as declared, raised to restricted by markers in the text
    RESTRICTED = "restricted"  # always restricted: nothing to declare


@dataclass(frozen=True)
class Format:
    """One input format."""

    name: str  # as the CLI and the API name it
    kind: str  # the ``kind`` of its Document nodes
    summary: str  # one line for --help
    suffixes: tuple[str, ...]  # file endings taken from a folder
    route: Route
    read: Callable[..., SourceRead] | None = None  # FILE formats
    identity: Identity = Identity.GRAPH
    classification: Classification = Classification.DECLARED
    # Loads the file given with --mapping (column names and defaults), for formats that take one.
    mapping: Callable[[Path], Mapping[str, Any]] | None = None
    # Where the README documents its fields.
    readme: str = ""
    # What --mapping maps onto (the reader's field or column names), for its --help.
    mapping_targets: tuple[str, ...] = ()
    mapping_extra: str = ""  # what else a mapping may hold, for its --help

    @property
    def mapping_help(self) -> str:
        """The --help of --mapping: what it maps onto and where the README says more."""
        return (
            f"YAML file mapping this format's column headers onto its fields "
            f"(columns: {{Header: field}}); fields: {', '.join(self.mapping_targets)}. "
            f"{self.mapping_extra}README section '{self.readme}' documents them."
        )

    @property
    def declarable(self) -> bool:
        """True when a caller may declare the classification (--classification)."""
        return self.classification is not Classification.RESTRICTED


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "documents",
            "document",
            "Reports and notes (.txt .md .html .pdf .docx): entities and relations extracted.",
            tuple(sorted(SUPPORTED_SUFFIXES)),
            Route.DOCUMENTS,
            classification=Classification.MARKERS,
            readme="Ingesting reports",
        ),
        Format(
            "contributions",
            "table",
            "Contribution tables (CSV, XLSX): donor, project code or title, country, sector, "
            "amount.",
            (".csv", ".xlsx"),
            Route.FILE,
            read_table_file,
            mapping=load_mapping,
            readme="Contribution tables",
            mapping_targets=table_mapping.FIELDS,
            mapping_extra="Also defaults: {field: value} and split: {field: {separator: '|'}} "
            "for cells that hold lists. ",
        ),
        Format(
            "iati",
            "iati",
            "IATI activity XML (2.0x and 1.0x): activities, participants, transactions.",
            (".xml",),
            Route.FILE,
            read_iati_file,
            readme="IATI activity files",
        ),
        Format(
            "ftm",
            "ftm",
            "FollowTheMoney entities as JSON lines; their ids are kept.",
            (".json", ".jsonl", ".ijson", ".ftm"),
            Route.FILE,
            read_ftm_file,
            identity=Identity.SOURCE,
            readme="FollowTheMoney entities",
        ),
        Format(
            "fts",
            "fts",
            "OCHA FTS flow-search JSON: humanitarian funding flows, donor to recipient.",
            (".json",),
            Route.FILE,
            read_fts_file,
            readme="OCHA FTS flow-search JSON",
        ),
        Format(
            "fiu-transfers",
            "fiu-transfers",
            "FIU transfer exports (CSV), any size, streamed; always restricted.",
            (".csv",),
            Route.BULK,
            identity=Identity.EXPORT,
            classification=Classification.RESTRICTED,
            mapping=fiu_transfers.load_mapping,
            readme="Loading FIU transfer exports",
            mapping_targets=fiu_transfers.FIELDS,
        ),
    )
}


def format_named(name: str) -> Format:
    """The format called ``name``; a clear error naming the known ones otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown format {name!r}; known formats: {known}") from None
