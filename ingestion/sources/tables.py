"""Contribution tables (CSV, XLSX): who gave how much to which project, where, in what sector.

Columns are recognised by common header names (``data/table_headers.yaml``) or by a
mapping YAML (``columns: {"Geber": donor}``, optional ``defaults: {currency: EUR}``).
Every row is validated; a bad row becomes a ``RecordError`` (file, spreadsheet row
number with the header as row 1, column, reason) and the other rows still load.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from graphhub.ids import content_hash, make_id
from graphhub.model import Label, RelType
from ingestion.errors import ReadError, RecordError
from ingestion.fx import missing_rate_message, to_usd
from ingestion.readers.archive import check_archive
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.readers.plain import utf16_without_bom
from ingestion.records import Evidence, Extraction, SourceRead
from ingestion.sources import codes
from ingestion.sources.collector import Collector, evidence
from ingestion.sources.files import check_file, check_utf8
from ingestion.sources.values import check_amount, parse_amount, parse_year

log = logging.getLogger(__name__)

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
    "iati_identifier",
)
MAX_BYTES = 200 * 1024 * 1024
METHOD = "table:row"
_EXCEL = {".xlsx", ".xlsm", ".xls"}
_ZIPPED = {".xlsx", ".xlsm"}


@cache
def _header_synonyms() -> dict[str, tuple[str, int]]:
    """Normalised header -> (field, rank); a lower rank wins when two columns compete."""
    raw = yaml.safe_load((DATA / "table_headers.yaml").read_text(encoding="utf-8"))
    table: dict[str, tuple[str, int]] = {}
    for name, headers in raw.items():
        for rank, header in enumerate(headers):
            table.setdefault(header_key(header), (name, rank))
    return table


@cache
def _kinds() -> dict[str, str]:
    raw = yaml.safe_load((DATA / "contribution_kinds.yaml").read_text(encoding="utf-8"))
    return {header_key(word): kind for kind, words in raw.items() for word in words}


def header_key(header: str) -> str:
    """A header reduced to lower-case words: "Amount (USD)" -> "amount usd"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(header).casefold()).split())


@dataclass
class ColumnMap:
    """Which source column feeds which field, and what nobody mapped."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> source column
    implied_currency: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)


def load_mapping(path: Path | str) -> dict[str, Any]:
    """Read a mapping YAML: ``columns`` (source column -> field) and optional ``defaults``."""
    source = Path(path)
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReadError(
            "cannot read the column mapping", path=str(source), reason=str(exc)
        ) from exc
    if not isinstance(raw, dict):
        raise ReadError("a column mapping must be a YAML mapping", path=str(source))
    columns = raw.get("columns", {k: v for k, v in raw.items() if k != "defaults"})
    for column, target in columns.items():
        if target not in FIELDS:
            raise ReadError(
                f"column {column!r} is mapped to unknown field {target!r}; "
                f"fields are {', '.join(FIELDS)}",
                path=str(source),
            )
    return {"columns": columns, "defaults": raw.get("defaults", {})}


def map_columns(headers: Iterable[str], mapping: Mapping[str, Any] | None = None) -> ColumnMap:
    """Match headers to fields: the mapping first, then the known header names."""
    result = ColumnMap()
    explicit = {header_key(k): v for k, v in (mapping or {}).get("columns", {}).items()}
    result.defaults = {k: str(v) for k, v in (mapping or {}).get("defaults", {}).items()}
    synonyms = _header_synonyms()
    best: dict[str, tuple[int, str]] = {}
    leftovers: list[str] = []
    for header in headers:
        key = header_key(header)
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
        target, rank = _header_synonyms().get(rest, ("", 0)) if rest else ("amount", 0)
        if target == "amount":
            return target, rank, words[-1].upper()
    return "", 0, None


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
    collector = Collector(doc_id or content_hash(source))
    errors: list[RecordError] = []
    headers = list(frame.columns)
    for index, cells in enumerate(frame.itertuples(index=False, name=None)):
        row_no = index + 2  # the header is row 1 in a spreadsheet
        values = dict(zip(headers, (str(c).strip() for c in cells), strict=True))
        if not any(values.values()):
            continue
        row, problems = _validate(source, row_no, values, columns, limits.max_field_chars)
        errors.extend(problems)
        if row is not None:
            _add_row(collector, row_no, values, row)
    return collector.extraction(), errors


@dataclass
class _Row:
    """One validated contribution."""

    donor: str
    amount: float
    currency: str
    year: int | None
    kind: str | None
    country: codes.Place | None
    code: str
    title: str
    sector: tuple[str, str | None] | None
    implementer: str
    iati_identifier: str = ""


def _validate(
    source: Path, row_no: int, values: dict[str, str], columns: ColumnMap, max_chars: int
) -> tuple[_Row | None, list[RecordError]]:
    """The row, or None and every problem it has (all fields are checked, not the first)."""
    problems: list[RecordError] = []

    def cell(name: str) -> str:
        column = columns.columns.get(name)
        value = values.get(column, "") if column else ""
        return value or columns.defaults.get(name, "")

    def bad(name: str, message: str, value: str | None = None) -> None:
        problems.append(
            RecordError(
                message,
                path=str(source),
                row=row_no,
                field=columns.columns.get(name, name),
                value=value,
            )
        )

    long_cells = set()
    for column, value in values.items():
        if len(value) > max_chars:
            long_cells.add(column)
            problems.append(
                RecordError(
                    f"cell is {len(value):,} characters, over the limit of {max_chars:,} "
                    "(GRAPHHUB_MAX_FIELD_CHARS)",
                    path=str(source),
                    row=row_no,
                    field=column,
                )
            )
    if long_cells:
        return None, problems  # a cell that long is not data the other checks can judge

    donor = cell("donor")
    if not donor:
        bad("donor", "donor is missing")
    raw_amount = cell("amount")
    amount, written = 0.0, None
    try:
        amount, written = parse_amount(raw_amount)
        check_amount(amount)
    except ValueError as exc:
        bad("amount", str(exc), raw_amount)
    currency = (cell("currency") or written or columns.implied_currency or "").upper()
    if not currency:
        bad("currency", "currency is missing (add a currency column or a default)")
    elif written and written != currency:
        bad("amount", f"amount is written in {written} but the currency is {currency}")
    elif not codes.is_currency(currency):
        bad("currency", "not an ISO 4217 currency code", currency)
    year = None
    if raw_year := cell("year"):
        try:
            year = parse_year(raw_year)
        except ValueError as exc:
            bad("year", str(exc), raw_year)
    kind = None
    if raw_kind := cell("kind"):
        kind = _kinds().get(header_key(raw_kind))
        if kind is None:
            bad("kind", "unknown kind; use commitment, disbursement or pledge", raw_kind)
    where = None
    if raw_place := cell("country"):
        where = codes.place(raw_place)
        if where is None:
            bad("country", "unknown country or region", raw_place)
    code, title = cell("project_code"), cell("project_title")
    if not code and not title:
        bad("project_code", "neither a project code nor a project title")
    sector = None
    if raw_sector := cell("sector"):
        sector = codes.sector(raw_sector)
        if sector[1] is not None and sector[1] not in codes.dac_sectors():
            bad("sector", "unknown DAC sector code (not in the DAC purpose-code list)", sector[1])
    if problems:
        return None, problems
    return _Row(
        donor=donor,
        amount=amount,
        currency=currency,
        year=year,
        kind=kind,
        country=where,
        code=code,
        title=title,
        sector=sector,
        implementer=cell("implementer"),
        iati_identifier=cell("iati_identifier"),
    ), []


def _add_row(collector: Collector, row_no: int, values: dict[str, str], row: _Row) -> None:
    text = "; ".join(f"{k}: {v}" for k, v in values.items() if v)
    proof: Evidence = evidence(collector.doc_id, text, METHOD, f"row {row_no}")
    donor = collector.organization(row.donor, proof)
    project_ref = make_id("project", row.code) if row.code else make_id("project", "t", row.title)
    project = collector.node(
        Label.PROJECT,
        project_ref,
        row.title or row.code,
        {
            "code": row.code or None,
            "title": row.title or None,
            "iati_identifier": row.iati_identifier or None,
        },
        proof,
    )
    usd = to_usd(row.amount, row.currency, row.year)
    funds: dict[str, Any] = {
        "amount": row.amount,
        "currency": row.currency,
        "amount_usd": usd,
        "year": row.year,
        "kind": row.kind,
    }
    if usd is None and row.currency != "USD":
        funds["fx_note"] = missing_rate_message(row.currency, row.year)
    elif row.currency == "USD":
        funds["amount_usd"] = row.amount
    if row.country is not None:
        funds["country"] = row.country.iso3
        place = collector.place(row.country, proof)
        collector.edge(
            RelType.IN_COUNTRY if row.country.is_country else RelType.IN_REGION,
            project,
            place,
            {},
            proof,
            unique=True,
        )
    if row.sector is not None:
        name, code = row.sector
        funds["sector"] = code
        collector.edge(
            RelType.IN_SECTOR, project, collector.sector(name, code, proof), {}, proof, True
        )
    if row.implementer:
        collector.edge(
            RelType.IMPLEMENTED_BY,
            project,
            collector.organization(row.implementer, proof),
            {},
            proof,
            True,
        )
    collector.edge(RelType.FUNDS, donor, project, funds, proof)


def read_table_file(
    path: Path, *, doc_id: str, limits: ReadLimits, mapping: Mapping[str, Any] | None = None
) -> SourceRead:
    """A contribution table as one document: its fundings, and the rows it refused."""
    extraction, errors = read_contributions(path, mapping, limits=limits, doc_id=doc_id)
    bad_rows = len({e.row for e in errors})
    funds = sum(1 for e in extraction.edges if e.type is RelType.FUNDS)
    return SourceRead(extraction, errors, funds + bad_rows, {"bad_rows": bad_rows})
