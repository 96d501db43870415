"""OCHA Financial Tracking Service (FTS) flow-search API JSON: humanitarian funding flows.

A file is one answer of the FTS flow search (``{"data": {"flows": [...]}, "meta": ...}``).
Each flow moves money from its ``sourceObjects`` to its ``destinationObjects`` (typed
objects: Organization, Location, UsageYear, GlobalCluster, Cluster, Project, Plan, ...)
and becomes one FUNDS edge, as a contribution-table row does:

- the donor is the source Organization (exactly one); the recipients, the destination
  Organizations, implement the project (IMPLEMENTED_BY);
- a Project is what the money is for: FTS's own project when the flow names one
  destination Project, else the flow itself, one Project per flow with the code
  ``fts:flow:<id>`` and the description as title. A table row without a project code is
  keyed by its title because it has no identity of its own; a flow has one, and keying
  by it keeps flows with the same description apart;
- destination Locations are the project's countries or regions (IN_COUNTRY / IN_REGION);
  destination GlobalClusters (else the plan's Clusters) its sectors, as themes without
  a DAC code (IN_SECTOR);
- the year is the destination UsageYear when there is one; a flow over several usage
  years keeps them in ``usage_years`` and takes its ``budgetYear``, else its date's year.

FUNDS carries ``amount`` and ``currency`` from ``originalAmount`` / ``originalCurrency``
(both given, else ``amountUSD`` in USD), ``amount_usd`` as FTS converted it (``amountUSD``;
its rate in ``exchange_rate``: the bundled rates are not used), ``kind`` (paid ->
disbursement, commitment, pledge), ``year``, ``date`` and the flow's own ``flow_id``,
``parent_flow_id``, ``child_flow_ids``, ``boundary``, ``flow_type`` and ``ref_code``. A flow
with boundary ``internal`` (a pooled fund's grant to its partners: money that came in as an
incoming flow) is ``onward``: totals by donor count that money once, where it came in.

A flow with a problem (no donor, a missing or non-numeric amount, an unknown status,
country or currency, a bad year or date, a value over ``GRAPHHUB_MAX_FIELD_CHARS``) is
a ``RecordError`` naming its position (``row``, the first flow is 1), its id and the
field; every problem of it is reported and the other flows load. As in contribution
tables, a flow with an unknown country is refused, not loaded without it. A zero
amount is kept only on a flow with child flows (FTS parks a total there and carries
the money on the children); elsewhere, as in tables, an amount must be more than 0.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graphhub.ids import content_hash, make_id
from graphhub.model import Label, RelType
from ingestion.errors import ReadError, RecordError
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.records import Extraction, SourceRead
from ingestion.sources import codes
from ingestion.sources.collector import Collector, evidence
from ingestion.sources.files import check_file, check_utf8
from ingestion.sources.values import check_amount, parse_date, parse_number, parse_year

log = logging.getLogger(__name__)

METHOD = "fts:flow"
MAX_BYTES = 200 * 1024 * 1024  # the whole answer is parsed at once
# FTS flow status -> the FUNDS kind (the words of ``data/contribution_kinds.yaml``).
KINDS = {"paid": "disbursement", "commitment": "commitment", "pledge": "pledge"}
SOURCE = "sourceObjects"
DESTINATION = "destinationObjects"
FLOW_CODE = "fts:flow:{}"
PROJECT_CODE = "fts:project:{}"
# The boundary of a flow between two organisations inside the response (a pooled fund to its
# grantees): money that came in as another flow, passed on.
INTERNAL = "internal"


class Bad(Protocol):
    """The reporter of one flow's problems: ``bad(field, message, value)``."""

    def __call__(self, name: str | None, message: str, value: Any = None) -> None: ...


@dataclass
class _Org:
    name: str
    fts_id: str | None
    kind: str | None


@dataclass
class _Project:
    code: str
    title: str | None
    props: dict[str, Any]


@dataclass
class _Flow:
    """One validated flow."""

    flow_id: str
    donor: _Org
    project: _Project
    funds: dict[str, Any]
    recipients: list[_Org] = field(default_factory=list)
    places: list[codes.Place] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)


def read_fts(
    path: Path | str, limits: ReadLimits | None = None, doc_id: str | None = None
) -> tuple[Extraction, list[RecordError]]:
    """Read an FTS flow-search JSON file; a bad flow is reported (row, id, field) and skipped.

    A file that is not JSON, or has no ``data.flows`` list, is a ReadError. ``doc_id`` is
    the document's id (default: the file's content hash).
    """
    source = Path(path)
    limits = limits or current_limits()
    check_file(source, MAX_BYTES)
    check_utf8(source)
    flows = _flows(source)
    collector = Collector(doc_id or content_hash(source))
    errors: list[RecordError] = []
    seen: dict[str, int] = {}
    for row, raw in enumerate(flows, start=1):
        flow, problems = _validate(source, row, raw, limits.max_field_chars, seen)
        errors.extend(problems)
        if flow is not None:
            _add_flow(collector, row, flow)
    return collector.extraction(), errors


def read_fts_file(
    path: Path, *, doc_id: str, limits: ReadLimits, mapping: object = None
) -> SourceRead:
    """An FTS flow-search answer as one document: its flows, and the flows it refused."""
    del mapping  # FTS answers have one shape
    extraction, errors = read_fts(path, limits, doc_id=doc_id)
    funds = sum(1 for e in extraction.edges if e.type is RelType.FUNDS)
    refused = len({e.row for e in errors})
    return SourceRead(extraction, errors, funds + refused, {"bad_rows": refused})


def _flows(source: Path) -> list[Any]:
    """The ``data.flows`` list of the file, or ReadError."""
    try:
        answer = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ReadError(
            "not JSON", path=str(source), reason=f"{exc.msg}, line {exc.lineno} column {exc.colno}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ReadError("file is not UTF-8 text", path=str(source), reason=str(exc)) from exc
    data = answer.get("data") if isinstance(answer, dict) else None
    flows = data.get("flows") if isinstance(data, dict) else None
    if not isinstance(flows, list):
        raise ReadError(
            "not FTS flow-search JSON (expected an object with data.flows, a list of flows)",
            path=str(source),
        )
    meta = answer.get("meta")
    count = meta.get("count") if isinstance(meta, dict) else None
    if isinstance(count, int) and count > len(flows):
        log.warning(
            "%s holds %d of the %d flows of its search (one page); the others are not read",
            source,
            len(flows),
            count,
            extra={"path": str(source), "flows": len(flows), "count": count},
        )
    return flows


def _long_values(value: Any, max_chars: int, where: str = "") -> Iterator[tuple[str, int]]:
    """(field path, length) of every text in ``value`` longer than ``max_chars``."""
    if isinstance(value, str):
        if len(value) > max_chars:
            yield where, len(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _long_values(item, max_chars, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _long_values(item, max_chars, f"{where}[{n}]")


def _number(value: Any) -> float:
    """A JSON number, or a number written as text; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return parse_number(value)
    raise ValueError(f"{json.dumps(value)} is not a number")


def _text(value: Any) -> str | None:
    """A scalar as stripped text; None for null, empty text, lists and objects."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def _validate(
    source: Path, row: int, raw: Any, max_chars: int, seen: dict[str, int]
) -> tuple[_Flow | None, list[RecordError]]:
    """The flow, or None and every problem it has (all fields are checked, not the first)."""
    problems: list[RecordError] = []
    ident = _text(raw.get("id")) if isinstance(raw, dict) else None
    label = f"flow {ident}" if ident else "flow without id"

    def bad(name: str | None, message: str, value: Any = None) -> None:
        problems.append(
            RecordError(f"{label}: {message}", path=str(source), row=row, field=name, value=value)
        )

    if not isinstance(raw, dict):
        bad(None, "not a JSON object")
        return None, problems
    for where, length in _long_values(raw, max_chars):
        bad(
            where,
            f"a value is {length:,} characters, over the limit of {max_chars:,} "
            "(GRAPHHUB_MAX_FIELD_CHARS)",
        )
    if problems:
        return None, problems  # a value that long is not data the other checks can judge
    if ident is None:
        bad("id", "the flow has no id")
    elif ident in seen:
        bad("id", f"the flow appears again (first as flow {seen[ident]}); skipped", ident)
    else:
        seen[ident] = row
    given = {side: _objects(raw, side, bad) for side in (SOURCE, DESTINATION)}
    objects = {side: found or [] for side, found in given.items()}
    donors = [
        _org(o, f"{SOURCE}.Organization", bad) for o in _typed(objects[SOURCE], "Organization")
    ]
    if not donors and given[SOURCE] is not None:  # a malformed side is reported already
        bad(f"{SOURCE}.Organization", "donor is missing (no source Organization)")
    elif len(donors) > 1:
        bad(f"{SOURCE}.Organization", f"{len(donors)} source Organizations; a flow has one donor")
    recipients = [
        _org(o, f"{DESTINATION}.Organization", bad)
        for o in _typed(objects[DESTINATION], "Organization")
    ]
    funds = _money(raw, bad)
    funds.update(_years(raw, objects[DESTINATION], bad))
    status = _text(raw.get("status"))
    kind = KINDS.get(status.casefold()) if status else None
    if kind is None:
        bad("status", "unknown status; FTS statuses are commitment, paid and pledge", status)
    places: list[codes.Place] = []
    for obj in _typed(objects[DESTINATION], "Location"):
        name = _text(obj.get("name")) or ""
        found = codes.place(name)
        if found is None:
            bad(f"{DESTINATION}.Location", "unknown country or region", name or None)
        elif found not in places:
            places.append(found)
    clusters = _typed(objects[DESTINATION], "GlobalCluster") or _typed(
        objects[DESTINATION], "Cluster"
    )
    sectors = list(dict.fromkeys(n for o in clusters if (n := _text(o.get("name")))))
    project = _project(ident or "", raw, _typed(objects[DESTINATION], "Project"), bad)
    if problems or ident is None or project is None or kind is None:
        return None, problems
    donor = donors[0]
    assert donor is not None  # an unnamed donor is a problem above
    funds.update(
        kind=kind,
        flow_id=ident,
        parent_flow_id=_text(raw.get("parentFlowId")),
        child_flow_ids=_ids(raw.get("childFlowIds")) or None,
        boundary=_text(raw.get("boundary")),
        flow_type=_text(raw.get("flowType")),
        ref_code=_text(raw.get("refCode")),
    )
    if (funds["boundary"] or "").casefold() == INTERNAL:
        funds["onward"] = True  # a pooled fund passing on money it received
    if len(places) == 1:
        funds["country" if places[0].is_country else "region"] = places[0].iso3 or places[0].name
    return _Flow(
        flow_id=ident,
        donor=donor,
        project=project,
        funds=funds,
        recipients=[r for r in recipients if r is not None],
        places=places,
        sectors=sectors,
    ), []


def _objects(raw: dict[str, Any], side: str, bad: Bad) -> list[dict[str, Any]] | None:
    """The typed objects of one side; None (and a problem) when they are not a list."""
    value = raw.get(side)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(o, dict) for o in value):
        bad(side, "must be a list of objects")
        return None
    return value


def _typed(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o.get("type") == kind]


def _org(obj: dict[str, Any], where: str, bad: Bad) -> _Org | None:
    name = _text(obj.get("name"))
    if name is None:
        bad(where, "an Organization has no name", _text(obj.get("id")))
        return None
    types = obj.get("organizationTypes")
    kind = _text(types[0]) if isinstance(types, list) and types else None
    return _Org(name, _text(obj.get("id")), kind.casefold() if kind else None)


def _amount(raw: dict[str, Any], name: str, bad: Bad) -> float | None:
    """A flow's amount field, checked as ``values.check_amount`` checks any amount."""
    value = raw.get(name)
    try:
        amount = _number(value)
        # 0 is FTS's figure on a parked flow whose money its child flows carry.
        check_amount(amount, corrections=amount == 0 and bool(_ids(raw.get("childFlowIds"))))
    except ValueError as exc:
        bad(name, str(exc), _text(value))
        return None
    return amount


def _money(raw: dict[str, Any], bad: Bad) -> dict[str, Any]:
    """amount, currency, amount_usd and exchange_rate of a flow."""
    if raw.get("amountUSD") is None:
        bad("amountUSD", "amount is missing (no amountUSD)")
        return {}
    usd = _amount(raw, "amountUSD", bad)
    money: dict[str, Any] = {"amount": usd, "currency": "USD", "amount_usd": usd}
    original, currency = raw.get("originalAmount"), _text(raw.get("originalCurrency"))
    if original is not None and currency is not None:
        money["amount"] = _amount(raw, "originalAmount", bad)
        money["currency"] = currency.upper()
        if not codes.is_currency(currency):
            bad("originalCurrency", "not an ISO 4217 currency code", currency)
    rate = raw.get("exchangeRate")
    if isinstance(rate, (int, float)) and not isinstance(rate, bool):
        money["exchange_rate"] = float(rate)
    return money


def _years(raw: dict[str, Any], destination: list[dict[str, Any]], bad: Bad) -> dict[str, Any]:
    """year (usage year, else budget year, else the date's), usage_years and date."""
    out: dict[str, Any] = {}
    usage: set[int] = set()
    for obj in _typed(destination, "UsageYear"):
        name = _text(obj.get("name")) or ""
        try:
            usage.add(parse_year(name))
        except ValueError as exc:
            bad(f"{DESTINATION}.UsageYear", str(exc), name or None)
    budget = None
    if (text := _text(raw.get("budgetYear"))) is not None:
        try:
            budget = parse_year(text)
        except ValueError as exc:
            bad("budgetYear", str(exc), text)
    dated = None
    if (text := _text(raw.get("date"))) is not None:
        try:
            dated = parse_date(text[:10])
            out["date"] = dated.isoformat()
        except ValueError as exc:
            bad("date", str(exc), text)
    if len(usage) > 1:
        out["usage_years"] = sorted(usage)
    out["year"] = (
        next(iter(usage)) if len(usage) == 1 else budget or (dated.year if dated else None)
    )
    return out


def _ids(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [text for item in value if (text := _text(item))]


def _project(
    ident: str, raw: dict[str, Any], projects: list[dict[str, Any]], bad: Bad
) -> _Project | None:
    """FTS's project of the flow, else the flow as its own project."""
    if len(projects) > 1:
        bad(f"{DESTINATION}.Project", f"{len(projects)} destination Projects; expected one")
        return None
    description = _text(raw.get("description"))
    if not projects:
        return _Project(FLOW_CODE.format(ident), description, {"fts_flow_id": ident})
    obj = projects[0]
    project_id = _text(obj.get("id"))
    code = _text(obj.get("code")) or (PROJECT_CODE.format(project_id) if project_id else None)
    if code is None:
        bad(f"{DESTINATION}.Project", "the destination Project has neither id nor code")
        return None
    return _Project(code, _text(obj.get("name")), {"fts_project_id": project_id})


def _add_flow(collector: Collector, row: int, flow: _Flow) -> None:
    funds = flow.funds
    recipients = ", ".join(r.name for r in flow.recipients) or "-"
    text = (
        f"FTS flow {flow.flow_id}: {flow.donor.name} -> {recipients}; "
        f"{funds['amount']:,.0f} {funds['currency']} (USD {funds['amount_usd']:,.0f}); "
        f"{funds['kind']}; {funds.get('year') or ''}; {flow.project.title or ''}"
    )
    proof = evidence(collector.doc_id, text, METHOD, f"flow {row}")
    donor = collector.organization(
        flow.donor.name, proof, fts_id=flow.donor.fts_id, kind=flow.donor.kind
    )
    project = collector.node(
        Label.PROJECT,
        make_id("project", flow.project.code),
        flow.project.title or flow.project.code,
        {"code": flow.project.code, "title": flow.project.title, **flow.project.props},
        proof,
    )
    for where in flow.places:
        rel = RelType.IN_COUNTRY if where.is_country else RelType.IN_REGION
        collector.edge(rel, project, collector.place(where, proof), {}, proof, unique=True)
    for name in flow.sectors:
        sector = collector.sector(name, None, proof)
        collector.edge(RelType.IN_SECTOR, project, sector, {}, proof, unique=True)
    for org in flow.recipients:
        recipient = collector.organization(org.name, proof, fts_id=org.fts_id, kind=org.kind)
        collector.edge(RelType.IMPLEMENTED_BY, project, recipient, {}, proof, unique=True)
    collector.edge(RelType.FUNDS, donor, project, funds, proof)
