"""One row of a contribution table: its cells checked, then turned into nodes and FUNDS slices.

A row is checked as a whole (every problem is reported, not the first); a row whose
donor, country or sector cell holds a list (``split:`` in the mapping) becomes one FUNDS
per donor x country x sector slice, each with its share of the amount.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from graphhub.ids import make_id, normalise_key
from graphhub.model import Label, RelType
from ingestion.errors import RecordError
from ingestion.fx import missing_rate_message, to_usd
from ingestion.records import Evidence
from ingestion.sources import codes
from ingestion.sources.collector import Collector, evidence
from ingestion.sources.splits import SplitRule, allocate, percentages
from ingestion.sources.table_mapping import DATA, ColumnMap, fill_default, header_key
from ingestion.sources.values import check_amount, parse_amount, parse_date, parse_year

METHOD = "table:row"
KINDS = ("pledge", "commitment", "disbursement", "expenditure", "budget")
BOUNDARIES = ("incoming", "internal", "outgoing")
Sector = tuple[str, str | None]  # (name, DAC code or None)
T = TypeVar("T")


@cache
def _kinds() -> dict[str, str]:
    raw = yaml.safe_load((DATA / "contribution_kinds.yaml").read_text(encoding="utf-8"))
    return {header_key(word): kind for kind, words in raw.items() for word in words}


@dataclass
class TableRow:
    """One checked contribution; list fields hold (value, fraction of the amount) parts."""

    donors: list[tuple[str, Fraction]]
    amount: float
    currency: str
    amount_usd: float | None
    year: int | None
    date: str | None
    kind: str | None
    code: str
    title: str
    iati_identifier: str
    flow_id: str
    boundary: str | None
    places: list[tuple[codes.Place, Fraction]] = field(default_factory=list)
    sectors: list[tuple[Sector, Fraction]] = field(default_factory=list)
    implementers: list[str] = field(default_factory=list)
    sliced: frozenset[str] = frozenset()  # the list fields whose parts slice the funding


class _Checker:
    """The checks of one row; ``problems`` collects every RecordError it finds."""

    def __init__(self, source: Path, row_no: int, values: dict[str, str], columns: ColumnMap):
        self.source, self.row_no, self.values, self.columns = source, row_no, values, columns
        self.problems: list[RecordError] = []

    def cell(self, name: str, depth: int = 0) -> str:
        column = self.columns.columns.get(name)
        value = self.values.get(column, "") if column else ""
        if value or depth > 2:
            return value
        default = self.columns.defaults.get(name, "")
        return fill_default(default, lambda ref: self.cell(ref, depth + 1))

    def bad(self, name: str, message: str, value: str | None = None) -> None:
        self.problems.append(
            RecordError(
                message,
                path=str(self.source),
                row=self.row_no,
                field=self.columns.columns.get(name, name),
                value=value,
            )
        )

    def parts(
        self, name: str, resolve: Callable[[str], T | None], key: Callable[[T], Hashable], what: str
    ) -> list[tuple[T, Fraction]]:
        """The cell's parts resolved, duplicates merged, each with its fraction of the amount.

        Without a split rule the whole cell is one part. An unknown part is reported by
        itself (``what`` names what it should be); empty parts are ignored; a part named
        twice counts once (with percentages, its percentages add up).
        """
        raw = self.cell(name)
        if not raw:
            return []
        rule: SplitRule | None = self.columns.splits.get(name)
        pieces = rule.cut(raw) if rule else [raw]
        weights = [Fraction(1)] * len(pieces)
        if rule is not None and rule.share == "column":
            share_column = self.columns.share_columns.get(name, "")
            try:
                weights = percentages(rule, pieces, self.values.get(share_column, ""))
            except ValueError as exc:
                self.bad(name, str(exc), raw)
                return []
        found: dict[Hashable, tuple[T, Fraction]] = {}
        failed = False
        for piece, weight in zip(pieces, weights, strict=True):
            if not piece:
                continue
            value = resolve(piece)
            if value is None:
                self.bad(name, f"unknown {what}", piece)
                failed = True
                continue
            seen = found.get(key(value))
            if seen is None:
                found[key(value)] = (value, weight)
            elif rule is not None and rule.share == "column":
                found[key(value)] = (seen[0], seen[1] + weight)  # its percentages add up
        total = sum((w for _, w in found.values()), Fraction(0))
        if failed or not total:
            return []
        return [(value, weight / total) for value, weight in found.values()]


def check_row(
    source: Path, row_no: int, values: dict[str, str], columns: ColumnMap, max_chars: int
) -> tuple[TableRow | None, list[RecordError]]:
    """The row, or None and every problem it has (all fields are checked, not the first)."""
    check = _Checker(source, row_no, values, columns)
    long_cells = [(c, v) for c, v in values.items() if len(v) > max_chars]
    for column, value in long_cells:
        check.problems.append(
            RecordError(
                f"cell is {len(value):,} characters, over the limit of {max_chars:,} "
                "(GRAPHHUB_MAX_FIELD_CHARS)",
                path=str(source),
                row=row_no,
                field=column,
            )
        )
    if long_cells:
        return None, check.problems  # a cell that long is not data the other checks can judge

    donors = check.parts("donor", lambda t: t, normalise_key, "donor")
    if not check.cell("donor"):
        check.bad("donor", "donor is missing")
    elif not donors and not check.problems:
        check.bad("donor", "donor is missing (the cell holds no name)", check.cell("donor"))
    amount, currency = _amount(check)
    date = None
    if raw_date := check.cell("date"):
        try:
            date = parse_date(raw_date).isoformat()
            parse_year(date)
        except ValueError as exc:
            check.bad("date", str(exc), raw_date)
            date = None
    year = None
    if raw_year := check.cell("year"):
        try:
            year = parse_year(raw_year)
        except ValueError as exc:
            check.bad("year", str(exc), raw_year)
    elif date:
        year = int(date[:4])
    kind = None
    if raw_kind := check.cell("kind"):
        kind = _kinds().get(header_key(raw_kind))
        if kind is None:
            check.bad("kind", f"unknown kind; use {', '.join(KINDS)}", raw_kind)
    boundary = None
    if raw_boundary := check.cell("boundary"):
        boundary = raw_boundary.strip().casefold()
        if boundary not in BOUNDARIES:
            check.bad("boundary", f"unknown boundary; use {', '.join(BOUNDARIES)}", raw_boundary)
    places = check.parts("country", codes.place, lambda p: p.iso3 or p.name, "country or region")
    sectors = check.parts("sector", codes.sector, _sector_key, "sector")
    for (_, code), _weight in sectors:
        if code is not None and code not in codes.dac_sectors():
            check.bad("sector", "unknown DAC sector code (not in the DAC purpose-code list)", code)
    implementers = check.parts("implementer", lambda t: t, normalise_key, "implementer")
    code, title = check.cell("project_code"), check.cell("project_title")
    iati_identifier = check.cell("iati_identifier")
    if not code and not title and not iati_identifier:
        check.bad("project_code", "neither a project code nor a project title")
    usd = _amount_usd(check, currency)
    if check.problems:
        return None, check.problems
    sliced = frozenset(
        name
        for name in ("donor", "country", "sector")
        if (rule := columns.splits.get(name)) is None or rule.sliced
    )
    return TableRow(
        donors=donors,
        amount=amount,
        currency=currency,
        amount_usd=usd,
        year=year,
        date=date,
        kind=kind,
        code=code,
        title=title,
        iati_identifier=iati_identifier,
        flow_id=check.cell("flow_id"),
        boundary=boundary,
        places=places,
        sectors=sectors,
        implementers=[name for name, _ in implementers],
        sliced=sliced,
    ), []


def _sector_key(sector: Sector) -> str:
    name, code = sector
    return code or normalise_key(name)


def _amount(check: _Checker) -> tuple[float, str]:
    raw_amount = check.cell("amount")
    amount, written = 0.0, None
    try:
        amount, written = parse_amount(raw_amount)
        check_amount(amount)
    except ValueError as exc:
        check.bad("amount", str(exc), raw_amount)
    currency = (check.cell("currency") or written or check.columns.implied_currency or "").upper()
    if not currency:
        check.bad("currency", "currency is missing (add a currency column or a default)")
    elif written and written != currency:
        check.bad("amount", f"amount is written in {written} but the currency is {currency}")
    elif not codes.is_currency(currency):
        check.bad("currency", "not an ISO 4217 currency code", currency)
    return amount, currency


def _amount_usd(check: _Checker, currency: str) -> float | None:
    """The USD value the source gives itself, when it gives one."""
    raw = check.cell("amount_usd")
    if not raw:
        return None
    try:
        value, written = parse_amount(raw)
        check_amount(value)
    except ValueError as exc:
        check.bad("amount_usd", str(exc), raw)
        return None
    if written not in (None, "USD"):
        check.bad("amount_usd", f"amount_usd is written in {written}, not USD", raw)
        return None
    return value


def add_row(collector: Collector, row_no: int, values: dict[str, str], row: TableRow) -> None:
    """The row's nodes and links, and one FUNDS per donor x country x sector slice."""
    text = "; ".join(f"{k}: {v}" for k, v in values.items() if v)
    proof: Evidence = evidence(collector.doc_id, text, METHOD, f"row {row_no}")
    project = _project(collector, row, proof)
    for where, _ in row.places:
        rel = RelType.IN_COUNTRY if where.is_country else RelType.IN_REGION
        collector.edge(rel, project, collector.place(where, proof), {}, proof, unique=True)
    for (name, code), _ in row.sectors:
        sector = collector.sector(name, code, proof)
        collector.edge(RelType.IN_SECTOR, project, sector, {}, proof, unique=True)
    for name in row.implementers:
        org = collector.organization(name, proof)
        collector.edge(RelType.IMPLEMENTED_BY, project, org, {}, proof, unique=True)
    for donor, funds in fund_slices(row):
        collector.edge(RelType.FUNDS, collector.organization(donor, proof), project, funds, proof)


def _project(collector: Collector, row: TableRow, proof: Evidence) -> str:
    code = row.code or row.iati_identifier
    if row.code:
        ref = make_id("project", row.code)
    elif row.iati_identifier:
        ref = make_id("project", "iati", row.iati_identifier)  # as the IATI reader keys it
    else:
        ref = make_id("project", "t", row.title)
    props = {"code": code or None, "title": row.title or None}
    props["iati_identifier"] = row.iati_identifier or None
    return collector.node(Label.PROJECT, ref, row.title or code, props, proof)


def fund_slices(row: TableRow) -> list[tuple[str, dict[str, Any]]]:
    """(donor, FUNDS properties) per slice; the slices' amounts add up to the row's amount."""
    places: list[tuple[codes.Place | None, Fraction]] = [(None, Fraction(1))]
    if row.places and ("country" in row.sliced or len(row.places) == 1):
        places = list(row.places)
    sectors: list[tuple[Sector | None, Fraction]] = [(None, Fraction(1))]
    if row.sectors and ("sector" in row.sliced or len(row.sectors) == 1):
        sectors = list(row.sectors)
    split_by = [
        name
        for name, parts in (("donor", row.donors), ("country", places), ("sector", sectors))
        if len(parts) > 1
    ]
    slices = [
        (donor, where, what, d * w * s)
        for (donor, d), (where, w), (what, s) in itertools.product(row.donors, places, sectors)
    ]
    fractions = [share for *_, share in slices]
    amounts = allocate(row.amount, fractions)
    usd_total = row.amount_usd
    if usd_total is None and row.currency == "USD":
        usd_total = row.amount
    elif usd_total is None:
        usd_total = to_usd(row.amount, row.currency, row.year)
    usds = allocate(usd_total, fractions) if usd_total is not None else [None] * len(slices)
    result = []
    for (donor, where, what, share), amount, usd in zip(slices, amounts, usds, strict=True):
        if amount <= 0:
            continue  # a part of 0% (or less than the amount's last unit) funds nothing
        funds: dict[str, Any] = {
            "amount": amount,
            "currency": row.currency,
            "amount_usd": usd,
            "year": row.year,
            "date": row.date,
            "kind": row.kind,
            "flow_id": row.flow_id or None,
            "boundary": row.boundary,
        }
        if row.boundary == "internal":
            funds["onward"] = True
        if usd is None:
            funds["fx_note"] = missing_rate_message(row.currency, row.year)
        if split_by:
            funds.update(share=float(share), total_amount=row.amount, split_by=split_by)
        if where is not None:
            funds["country" if where.is_country else "region"] = where.iso3 or where.name
        if what is not None:
            name, code = what
            funds["sector"] = code or name
        result.append((donor, funds))
    return result
