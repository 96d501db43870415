"""Contribution tables (CSV, XLSX): who gave how much to which project, where, in what sector.

Columns are recognised by common header names (``data/table_headers.yaml``) or by a
mapping YAML (``columns: {"Geber": donor}``, optional ``defaults: {currency: EUR}`` and
``split: {country: {separator: ","}}``; ``ingestion.sources.table_mapping``). Rows are
checked and turned into records by ``ingestion.sources.table_rows``.
Every row is validated; a bad row becomes a ``RecordError`` (file, spreadsheet row
number with the header as row 1, column, reason) and the other rows still load.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from graphhub.ids import content_hash
from graphhub.model import RelType
from ingestion.errors import ReadError, RecordError
from ingestion.readers.archive import check_archive
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.readers.plain import utf16_without_bom
from ingestion.records import Extraction, SourceRead
from ingestion.sources.collector import Collector
from ingestion.sources.files import check_file, check_utf8
from ingestion.sources.table_mapping import (
    FIELDS,
    ColumnMap,
    header_key,
    load_mapping,
    map_columns,
)
from ingestion.sources.table_rows import METHOD, add_row, check_row

log = logging.getLogger(__name__)

MAX_BYTES = 200 * 1024 * 1024
_EXCEL = {".xlsx", ".xlsm", ".xls"}
_ZIPPED = {".xlsx", ".xlsm"}
__all__ = [
    "FIELDS",
    "METHOD",
    "ColumnMap",
    "audit_columns",
    "header_key",
    "load_mapping",
    "map_columns",
    "read_contributions",
    "read_table",
    "read_table_file",
]


def read_table(path: Path | str, limits: ReadLimits | None = None) -> pd.DataFrame:
    """The table's cells as text (header kept as given); ReadError for unreadable files.

    An XLSX workbook is checked as an archive first (unpacked size, no DOCTYPE); a table
    with more columns than ``GRAPHHUB_MAX_COLUMNS`` is refused.
    """
    source = Path(path)
    limits = limits or current_limits()
    check_file(source, MAX_BYTES)
    if source.suffix.lower() in _ZIPPED:
        check_archive(source, source, limits, source.suffix.lower())
    try:
        if source.suffix.lower() in _EXCEL:
            frame = pd.read_excel(source, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_csv(
                source,
                dtype=str,
                keep_default_na=False,
                sep=None,
                engine="python",
                encoding=_text_encoding(source),
            )
    except ReadError:
        raise
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ReadError("cannot read the table", path=str(source), reason=str(exc)) from exc
    except Exception as exc:  # openpyxl raises its own errors for non-workbooks
        raise ReadError(
            "cannot read the table (is it really CSV or XLSX?)", path=str(source), reason=str(exc)
        ) from exc
    if frame.columns.empty:
        raise ReadError("table has no header row", path=str(source))
    if len(frame.columns) > limits.max_columns:
        raise ReadError(
            f"table has {len(frame.columns):,} columns, over the limit of "
            f"{limits.max_columns:,} (GRAPHHUB_MAX_COLUMNS)",
            path=str(source),
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _text_encoding(source: Path) -> str:
    """UTF-16 (with a byte-order mark, or told by its NUL bytes), else UTF-8 (checked)."""
    with source.open("rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    guess = None if head.startswith(codecs.BOM_UTF8) else utf16_without_bom(head)
    if guess is not None:
        return guess
    check_utf8(source)
    return "utf-8-sig"


def audit_columns(path: Path | str, mapping: Path | str | None = None) -> list[str]:
    """Source columns that no field takes: data that would silently not be loaded."""
    frame = read_table(path)
    spec = load_mapping(mapping) if mapping else None
    return map_columns(frame.columns, spec).unmapped


def read_contributions(
    path: Path | str,
    mapping: Path | str | Mapping[str, Any] | None = None,
    *,
    limits: ReadLimits | None = None,
    doc_id: str | None = None,
) -> tuple[Extraction, list[RecordError]]:
    """Read a contribution table into records; every problem of a bad row is a RecordError.

    ``mapping`` is a mapping file or one already read (``load_mapping``); ``doc_id`` the
    document's id (default: the file's content hash).
    """
    source = Path(path)
    limits = limits or current_limits()
    frame = read_table(source, limits)
    spec = load_mapping(mapping) if isinstance(mapping, (str, Path)) else mapping
    columns = map_columns(frame.columns, spec)
    if columns.unmapped:
        log.warning(
            "%s: columns not mapped onto any field: %s",
            source,
            ", ".join(columns.unmapped),
            extra={"path": str(source), "unmapped": columns.unmapped},
        )
    for needed in ("donor", "amount"):
        if needed not in columns.columns and needed not in columns.defaults:
            raise ReadError(
                f"no {needed} column found (headers: {', '.join(map(str, frame.columns))}); "
                "name it or give a mapping file",
                path=str(source),
            )
    for name, rule in columns.splits.items():
        if rule.share_column and name not in columns.share_columns:
            raise ReadError(
                f"split: {name} takes its percentages from column {rule.share_column!r}, "
                f"which the table does not have (headers: {', '.join(map(str, frame.columns))})",
                path=str(source),
            )
    collector = Collector(doc_id or content_hash(source))
    errors: list[RecordError] = []
    headers = list(frame.columns)
    for index, cells in enumerate(frame.itertuples(index=False, name=None)):
        row_no = index + 2  # the header is row 1 in a spreadsheet
        values = dict(zip(headers, (str(c).strip() for c in cells), strict=True))
        if not any(values.values()):
            continue
        row, problems = check_row(source, row_no, values, columns, limits.max_field_chars)
        errors.extend(problems)
        if row is not None:
            add_row(collector, row_no, values, row)
    return collector.extraction(), errors


def read_table_file(
    path: Path, *, doc_id: str, limits: ReadLimits, mapping: Mapping[str, Any] | None = None
) -> SourceRead:
    """A contribution table as one document: its fundings, and the rows it refused."""
    extraction, errors = read_contributions(path, mapping, limits=limits, doc_id=doc_id)
    bad_rows = len({e.row for e in errors})
    funds = sum(1 for e in extraction.edges if e.type is RelType.FUNDS)
    return SourceRead(extraction, errors, funds + bad_rows, {"bad_rows": bad_rows})
