"""IATI activity XML (2.01-2.03, and the 1.0x forms still found in the wild).

The file is read with ``iterparse`` and each ``iati-activity`` is cleared once done,
so memory stays bounded on large files. One ``Extraction`` per activity: the project,
its organisations (keyed by IATI org ref when given), countries, regions, sectors and
the money: FUNDS edges from transactions and budgets, split by the activity's country
/ region and sector percentages when it gives them. A bad element is reported as a
``RecordError`` and left out; the rest of the activity still loads.

Every transaction's FUNDS keeps its ``direction`` (incoming or outgoing, from its type);
the outgoing transactions of an activity that also records incoming funds (types 1, 11,
13) are ``onward``: an intermediary passing on money it received. A transaction that names
the other activity (``provider-activity-id`` on an incoming one, ``receiver-activity-id``
on an outgoing one) also links the two activities with PASSES_TO.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graphhub.ids import content_hash, make_id
from graphhub.model import Label, RelType
from ingestion.errors import ReadError, RecordError
from ingestion.fx import to_usd
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.records import Evidence, Extraction, SourceRead, merge_extractions
from ingestion.sources import codes
from ingestion.sources.collector import Collector, evidence
from ingestion.sources.files import check_file
from ingestion.sources.values import check_amount, parse_date, parse_number

DATA = Path(__file__).parent / "data"
METHOD = "iati:element"
MAX_BYTES = 4 * 1024**3
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DAC_VOCABULARIES = {"", "1", "dac"}
# Percentages within this of 100 are taken as whole (IATI files write 33.33 three times).
_SHARE_TOLERANCE = 0.001
# Activity statuses that say there is none (1.0x files write a name, not a code).
_NO_STATUS = frozenset({"unspecified", "unknown", "n/a"})
# Transaction types that move money but do not fund the activity (repayments, equity, ...).
_NOT_FUNDING = frozenset({"5", "6", "7", "8", "9", "10", "IR", "LR", "R", "QP", "QS", "CG"})
INCOMING = "incoming"
OUTGOING = "outgoing"


@cache
def _codes() -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, Any]] = yaml.safe_load(
        (DATA / "iati_codes.yaml").read_text(encoding="utf-8")
    )
    return {name: {str(k).casefold(): v for k, v in table.items()} for name, table in raw.items()}


def _code(table: str, value: str | None) -> Any:
    return _codes()[table].get((value or "").strip().casefold())


def _text(element: ET.Element | None) -> str:
    """An element's text: its English (or first) narrative in 2.0x, its own text in 1.0x."""
    if element is None:
        return ""
    narratives = element.findall("narrative")
    if narratives:
        english = [n for n in narratives if n.get(XML_LANG, "en").casefold() == "en"]
        chosen = (english or narratives)[0]
        return " ".join((chosen.text or "").split())
    return " ".join((element.text or "").split())


@dataclass(frozen=True)
class _Share:
    """One slice of an activity's money: a place and/or sector and its fraction."""

    fraction: float
    place: codes.Place | None = None
    sector: str | None = None


def _splittable(shares: list[_Share]) -> list[_Share]:
    """Shares to split money by; a missing percentage (-1) is 100% when alone, else unusable.

    When the shares kept add up to less than 100% (a place or sector of another vocabulary
    left out, a refused code, percentages that fall short), the rest is a slice of its own
    with no place or sector, so the money is still counted, only not placed.
    """
    if len(shares) == 1 and shares[0].fraction < 0:
        return [_Share(1.0, shares[0].place, shares[0].sector)]
    if any(share.fraction < 0 for share in shares):
        return []  # several places or sectors without percentages: no honest split
    rest = 1.0 - sum(share.fraction for share in shares)
    if shares and rest > _SHARE_TOLERANCE:
        return [*shares, _Share(rest)]
    return shares


class _Activity:
    """Reads one ``iati-activity`` element into a Collector."""

    def __init__(
        self,
        element: ET.Element,
        index: int,
        path: Path,
        doc_id: str,
        errors: list[RecordError],
        max_chars: int = ReadLimits().max_field_chars,
    ) -> None:
        self.max_chars = max_chars
        self.element = element
        self.index = index
        self.path = path
        self.base = f"iati-activity[{index}]"
        self.collector = Collector(doc_id)
        self.errors = errors
        self.default_currency = (element.get("default-currency") or "").strip().upper()
        self.intermediary = False  # set by money(): it records incoming funds too

    def fail(self, where: str, message: str, value: object = None) -> None:
        self.errors.append(
            RecordError(message, path=str(self.path), row=self.index, field=where, value=value)
        )

    def field(self, where: str, text: str) -> str:
        """``text``, or "" (reported) when longer than GRAPHHUB_MAX_FIELD_CHARS."""
        if len(text) <= self.max_chars:
            return text
        self.fail(
            where,
            f"value is {len(text):,} characters, over the limit of {self.max_chars:,} "
            "(GRAPHHUB_MAX_FIELD_CHARS); left out",
        )
        return ""

    def date(self, where: str, raw: str | None) -> str | None:
        """An ISO date (YYYY-MM-DD) from an attribute, None (reported when invalid) otherwise."""
        text = (raw or "").strip()
        if not text:
            return None
        try:
            return parse_date(text[:10]).isoformat()
        except ValueError:
            self.fail(where, "not a valid date (expected YYYY-MM-DD)", text)
            return None

    def proof(self, element: ET.Element, locator: str) -> Evidence:
        text = " ".join(t.strip() for t in element.itertext() if t.strip())
        return evidence(self.collector.doc_id, text or locator, METHOD, locator)

    def read(self) -> Extraction | None:
        identifier = _text(self.element.find("iati-identifier")) or _text(
            self.element.find("other-identifier")
        )
        identifier = self.field(f"{self.base}/iati-identifier", identifier)
        if not identifier:
            self.fail(f"{self.base}/iati-identifier", "activity has no iati-identifier; skipped")
            return None
        project = self.project(identifier)
        funders, places, sectors = self.orgs(project), self.places(project), self.sectors(project)
        self.money(project, funders, places, sectors)
        return self.collector.extraction()

    def project(self, identifier: str) -> str:
        element = self.element
        props: dict[str, Any] = {
            "iati_id": identifier,
            "code": identifier,
            "title": self.field(f"{self.base}/title", _text(element.find("title"))) or None,
            "description": self.description(),
        }
        status = element.find("activity-status")
        if status is not None:
            props["status"] = self.status(status)
        props.update(self.dates())
        title = props["title"] or identifier
        proof = evidence(self.collector.doc_id, f"{identifier} {title}", METHOD, self.base)
        return self.collector.node(
            Label.PROJECT, make_id("project", "iati", identifier), title, props, proof
        )

    def status(self, element: ET.Element) -> str | None:
        """The activity status by its code (or 1.0x name); an unknown one is reported."""
        where = f"{self.base}/activity-status"
        code = (element.get("code") or element.get("ref") or "").strip()
        text = _text(element)
        if code:
            found = _code("activity_status", code)
            if found is None:
                self.fail(f"{where}@code", "unknown activity-status code", code)
            return str(found) if found else None
        if not text or text.casefold() in _NO_STATUS:
            return None
        found = _code("activity_status", text)
        if found is None:
            self.fail(where, "unknown activity status", text)
        return str(found) if found else None

    def description(self) -> str | None:
        found = self.element.findall("description")
        general = [d for d in found if d.get("type", "1") == "1"] or found
        if not general:
            return None
        return self.field(f"{self.base}/description", _text(general[0])) or None

    def dates(self) -> dict[str, Any]:
        seen: dict[tuple[str, str], str] = {}
        for n, element in enumerate(self.element.findall("activity-date"), start=1):
            kind = _code("date_types", element.get("type"))
            raw = element.get("iso-date") or element.get("iso_date")
            value = self.date(f"{self.base}/activity-date[{n}]@iso-date", raw)
            if kind and value:
                seen[(kind[0], kind[1])] = value
        out: dict[str, Any] = {}
        for edge in ("start", "end"):
            found = seen.get((edge, "actual")) or seen.get((edge, "planned"))
            if found:
                out[f"{edge}_date"] = found
                out[f"{edge}_year"] = int(found[:4])
        return out

    def org(self, element: ET.Element, locator: str) -> str | None:
        name = self.field(locator, _text(element))
        ref = (element.get("ref") or "").strip() or None
        if not name and not ref:
            return None
        kind = _code("org_types", element.get("type")) or None
        return self.collector.organization(
            name or str(ref), self.proof(element, locator), iati_ref=ref, kind=kind
        )

    def orgs(self, project: str) -> list[str]:
        """Participating organisations; returns the funding ones."""
        funders: list[str] = []
        for n, element in enumerate(self.element.findall("participating-org"), start=1):
            locator = f"{self.base}/participating-org[{n}]"
            role = _code("org_roles", element.get("role"))
            org = self.org(element, locator)
            if org is None:
                continue  # an empty placeholder element says nothing
            if role is None:
                self.fail(locator, "unknown participating-org role", element.get("role"))
            elif role == "funding":
                funders.append(org)
            else:
                proof = self.proof(element, locator)
                self.collector.edge(
                    RelType.IMPLEMENTED_BY, project, org, {"role": role}, proof, unique=True
                )
        return funders

    def places(self, project: str) -> list[_Share]:
        shares: list[_Share] = []
        tags = ("recipient-country", "recipient-region")
        for tag in tags:
            for n, element in enumerate(self.element.findall(tag), start=1):
                locator = f"{self.base}/{tag}[{n}]"
                place = self.place(element, tag, locator)
                if place is None:
                    continue
                pct = self.percentage(element, locator)
                proof = self.proof(element, locator)
                ref = self.collector.place(place, proof)
                rel = RelType.IN_COUNTRY if place.is_country else RelType.IN_REGION
                self.collector.edge(rel, project, ref, {"percentage": pct}, proof, unique=True)
                shares.append(_Share(-1.0 if pct is None else pct / 100, place=place))
        return _splittable(shares)

    def place(self, element: ET.Element, tag: str, locator: str) -> codes.Place | None:
        code = (element.get("code") or "").strip()
        if tag == "recipient-country":
            found = codes.country(code) if code else None
            if found is None:
                self.fail(f"{locator}@code", "unknown recipient-country code", code or None)
            return found
        if element.get("vocabulary", "1") not in ("1", ""):
            return None  # other region vocabularies are not comparable across donors
        name = _code("regions", code) or _text(element) or (f"DAC region {code}" if code else "")
        if not name:
            self.fail(f"{locator}@code", "recipient-region has no code")
            return None
        return codes.Place(name)

    def percentage(self, element: ET.Element, locator: str) -> float | None:
        raw = (element.get("percentage") or "").strip()
        if not raw:
            return None
        try:
            value = parse_number(raw)
        except ValueError:
            self.fail(f"{locator}@percentage", "percentage is not a number", raw)
            return None
        if not 0 <= value <= 100:
            self.fail(f"{locator}@percentage", "percentage is outside 0-100", raw)
            return None
        return value

    def sectors(self, project: str) -> list[_Share]:
        shares: list[_Share] = []
        for n, element in enumerate(self.element.findall("sector"), start=1):
            locator = f"{self.base}/sector[{n}]"
            code = self.sector(element, locator)
            if code is None:
                continue
            proof = self.proof(element, locator)
            name = codes.dac_sectors().get(code) or _text(element) or code
            ref = self.collector.sector(name, code, proof)
            pct = self.percentage(element, locator)
            self.collector.edge(
                RelType.IN_SECTOR, project, ref, {"percentage": pct}, proof, unique=True
            )
            shares.append(_Share(-1.0 if pct is None else pct / 100, sector=code))
        return _splittable(shares)

    def sector(self, element: ET.Element, locator: str) -> str | None:
        """The DAC 5-digit code of a sector element, None (reported) when unusable."""
        vocabulary = (element.get("vocabulary") or "").strip().casefold()
        code = (element.get("code") or element.get("ref") or "").strip()  # 1.0 used @ref
        if vocabulary not in _DAC_VOCABULARIES:
            return None  # DAC 3-digit categories and private vocabularies are left aside
        if not code:
            self.fail(f"{locator}@code", "sector has no code")
            return None
        if not codes.is_dac_code(code):
            self.fail(f"{locator}@code", "sector code is not a DAC 5-digit purpose code", code)
            return None
        if code not in codes.dac_sectors():
            self.fail(f"{locator}@code", "unknown DAC sector code (not in the DAC list)", code)
            return None
        return code

    def money(
        self, project: str, funders: list[str], places: list[_Share], sectors: list[_Share]
    ) -> None:
        reporting = self.element.find("reporting-org")
        default_funder = funders[0] if len(funders) == 1 else None
        if default_funder is None and not funders and reporting is not None:
            default_funder = self.org(reporting, f"{self.base}/reporting-org")
        funded: set[str] = set()
        transactions = self.element.findall("transaction")
        # An activity that records money coming in and money going out is an intermediary:
        # what it passes on was counted once already, where it came from.
        self.intermediary = any(
            (kind := _code("transaction_types", _transaction_type(t))) and kind[1] == INCOMING
            for t in transactions
        )
        for n, element in enumerate(transactions, start=1):
            locator = f"{self.base}/transaction[{n}]"
            funder = self.transaction(element, locator, project, default_funder, places, sectors)
            if funder:
                funded.add(funder)
        for n, element in enumerate(self.element.findall("budget"), start=1):
            locator = f"{self.base}/budget[{n}]"
            if default_funder:
                self.flow(element, locator, project, default_funder, "budget", places, sectors)
                funded.add(default_funder)
        for funder in funders:
            if funder not in funded:  # a funder without figures still funds the project
                proof = evidence(self.collector.doc_id, funder, METHOD, self.base)
                self.collector.edge(RelType.FUNDS, funder, project, {"role": "funding"}, proof)

    def transaction(
        self,
        element: ET.Element,
        locator: str,
        project: str,
        default_funder: str | None,
        places: list[_Share],
        sectors: list[_Share],
    ) -> str | None:
        raw_type = _transaction_type(element)
        if not raw_type:
            self.fail(f"{locator}/transaction-type", "transaction has no transaction-type")
            return None
        kind = _code("transaction_types", raw_type)
        if kind is None:
            if raw_type.strip() not in _NOT_FUNDING:
                self.fail(f"{locator}/transaction-type", "unknown transaction type", raw_type)
            return None
        provider = element.find("provider-org")
        funder = self.org(provider, f"{locator}/provider-org") if provider is not None else None
        direction = str(kind[1])
        if funder is None and direction == OUTGOING and self.intermediary:
            # An intermediary's outgoing money is its own to give: IATI's provider of an
            # outgoing transaction defaults to the reporting organisation.
            funder = self.reporting_org()
        funder = funder or default_funder
        if funder is None:
            self.fail(locator, "no provider-org and no single funding organisation")
            return None
        own_places = self.transaction_places(element, locator)
        own_sectors = [
            _Share(1.0, sector=code)
            for n, s in enumerate(element.findall("sector"), start=1)
            if (code := self.sector(s, f"{locator}/sector[{n}]"))
        ]
        kind_name = str(kind[0])
        extra: dict[str, Any] = {"direction": direction}
        if direction == OUTGOING and self.intermediary:
            extra["onward"] = True
        money = self.flow(
            element,
            locator,
            project,
            funder,
            kind_name,
            own_places[:1] if len(own_places) == 1 else places,
            own_sectors[:1] if len(own_sectors) == 1 else sectors,
            extra,
        )
        if money is not None:
            self.link(element, locator, project, direction, {**money, "kind": kind_name})
        return funder

    def reporting_org(self) -> str | None:
        """The activity's reporting organisation, when it names one."""
        reporting = self.element.find("reporting-org")
        return self.org(reporting, f"{self.base}/reporting-org") if reporting is not None else None

    def link(
        self, element: ET.Element, locator: str, project: str, direction: str,
        money: dict[str, Any],
    ) -> None:
        """PASSES_TO between this activity and the one a transaction names as the other end.

        An incoming transaction's ``provider-org/@provider-activity-id`` is where the money
        came from; an outgoing one's ``receiver-org/@receiver-activity-id`` where it went.
        The other activity need not be in this file: it is the Project of that identifier.
        """
        provider, receiver = element.find("provider-org"), element.find("receiver-org")
        side, attribute = (
            (provider, "provider-activity-id") if direction == INCOMING
            else (receiver, "receiver-activity-id")
        )
        if side is None:
            return
        where = f"{locator}/{side.tag}@{attribute}"
        other_id = self.field(where, (side.get(attribute) or "").strip())
        if not other_id:
            return
        proof = self.proof(element, locator)
        other = self.collector.node(
            Label.PROJECT, make_id("project", "iati", other_id), other_id,
            {"iati_id": other_id, "code": other_id}, proof,
        )
        if other == project:
            self.fail(where, "the transaction names its own activity as the other end", other_id)
            return
        props = {**money, "direction": direction}
        # This activity's own side is often left out: its reporting organisation.
        reporting = self.element.find("reporting-org")
        if direction == INCOMING:
            receiver = receiver if receiver is not None else reporting
        else:
            provider = provider if provider is not None else reporting
        for role, org in (("provider", provider), ("receiver", receiver)):
            if org is not None:
                props[f"{role}_ref"] = (org.get("ref") or "").strip() or None
                props[f"{role}_name"] = self.field(f"{locator}/{org.tag}", _text(org)) or None
                self.org(org, f"{locator}/{org.tag}")  # the node the step names
        start, end = (other, project) if direction == INCOMING else (project, other)
        self.collector.edge(RelType.PASSES_TO, start, end, props, proof)

    def transaction_places(self, element: ET.Element, locator: str) -> list[_Share]:
        shares = []
        for tag in ("recipient-country", "recipient-region"):
            for n, child in enumerate(element.findall(tag), start=1):
                place = self.place(child, tag, f"{locator}/{tag}[{n}]")
                if place is not None:
                    shares.append(_Share(1.0, place=place))
        return shares

    def flow(
        self,
        element: ET.Element,
        locator: str,
        project: str,
        funder: str,
        kind: str,
        places: list[_Share],
        sectors: list[_Share],
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """FUNDS edges for one transaction or budget, one per country x sector slice.

        Returns the whole amount (amount, currency, amount_usd, year, date), None when the
        value was refused.
        """
        value = element.find("value")
        raw = _text(value) if value is not None else ""
        try:
            amount = parse_number(raw)
        except ValueError:
            self.fail(f"{locator}/value", "value is not a number", raw or None)
            return None
        try:
            # A transaction may be negative (it corrects an earlier one); a budget may not.
            check_amount(amount, corrections=kind != "budget")
        except ValueError as exc:
            self.fail(f"{locator}/value", str(exc), raw)
            return None
        currency = ((value.get("currency") if value is not None else None) or "").strip().upper()
        currency = currency or self.default_currency
        if not codes.is_currency(currency):
            self.fail(f"{locator}/value@currency", "no valid currency", currency or None)
            return None
        date = self.value_date(element, value, locator)
        year = int(date[:4]) if date else None
        proof = self.proof(element, locator)
        slices = list(itertools.product(places or [_Share(1.0)], sectors or [_Share(1.0)]))
        for where, what in slices:
            share = where.fraction * what.fraction
            part = amount * share
            props: dict[str, Any] = {
                "amount": part,
                "currency": currency,
                "amount_usd": to_usd(part, currency, year),
                "year": year,
                "date": date,
                "kind": kind,
                **(extra or {}),
            }
            if len(slices) > 1 or share != 1.0:
                props["share"] = share
                props["total_amount"] = amount
            if where.place is not None:
                props["country" if where.place.is_country else "region"] = (
                    where.place.iso3 or where.place.name
                )
            if what.sector is not None:
                props["sector"] = what.sector
            self.collector.edge(RelType.FUNDS, funder, project, props, proof)
        return {
            "amount": amount,
            "currency": currency,
            "amount_usd": to_usd(amount, currency, year),
            "year": year,
            "date": date,
        }

    def value_date(self, element: ET.Element, value: ET.Element | None, locator: str) -> str | None:
        """The date of a value: its value-date, else the transaction date or period start."""
        candidates = [
            (f"{locator}/value@value-date", value.get("value-date") if value is not None else None),
            *(
                (f"{locator}/{child.tag}@iso-date", child.get("iso-date"))
                for child in element
                if child.tag in ("transaction-date", "period-start")
            ),
        ]
        for where, candidate in candidates:
            found = self.date(where, candidate)
            if found:
                return found
        return None


def _transaction_type(element: ET.Element) -> str | None:
    """The transaction-type code; 1.0 pilot files put it in an attribute of <transaction>."""
    type_element = element.find("transaction-type")
    return type_element.get("code") if type_element is not None else element.get("type")


def read_iati(
    path: Path | str,
    errors: list[RecordError] | None = None,
    *,
    limits: ReadLimits | None = None,
    doc_id: str | None = None,
) -> Iterator[Extraction]:
    """One Extraction per activity of an IATI file; bad elements are appended to ``errors``.

    ``doc_id`` is the document's id (default: the file's content hash).
    """
    source = Path(path)
    max_chars = (limits or current_limits()).max_field_chars
    check_file(source, MAX_BYTES)
    doc_id = doc_id or content_hash(source)
    problems = errors if errors is not None else []
    root: ET.Element | None = None
    index = 0
    try:
        for event, element in ET.iterparse(source, events=("start", "end")):
            if root is None:
                root = element
                if element.tag not in ("iati-activities", "iati-activity"):
                    raise ReadError(
                        f"not an IATI activity file: the root element is <{element.tag}>",
                        path=str(source),
                    )
                continue
            if event != "end" or element.tag != "iati-activity":
                continue
            index += 1
            extraction = _Activity(element, index, source, doc_id, problems, max_chars).read()
            if element is not root:
                element.clear()
                root.clear()  # drop finished activities: memory stays bounded
            if extraction is not None:
                yield extraction
    except ET.ParseError as exc:
        line, column = exc.position
        raise ReadError(
            f"broken XML at line {line}, column {column}", path=str(source), reason=str(exc)
        ) from exc


def read_iati_file(
    path: Path, *, doc_id: str, limits: ReadLimits, mapping: object = None
) -> SourceRead:
    """An IATI activity file as one document holding all its activities.

    Broken XML after some activities: the activities read before the break are kept
    and the break is reported (the file counts as failed).
    """
    del mapping  # IATI is a standard: nothing to map
    errors: list[RecordError] = []
    parts: list[Extraction] = []
    broken: str | None = None
    try:
        parts.extend(read_iati(path, errors, limits=limits, doc_id=doc_id))
    except ReadError as exc:
        if not parts:
            raise
        broken = f"{exc}; the {len(parts)} activities before it were loaded"
    merged = merge_extractions(doc_id, parts)
    return SourceRead(merged, errors, len(parts), {"activities": len(parts)}, broken)
