"""Scoring an extraction against the records a careful analyst expects.

Pure functions: no model, no database. ``load_expected`` reads one
``*.expected.yaml`` (format in tests/gold/README.md), ``score`` counts true
positives, false positives and false negatives per record type, ``aggregate``
sums documents and ``format_table`` prints the result.

Matching is lenient on surface form (case, accents, punctuation, a leading
"the", honorifics, legal-form variants) and strict on substance (the right
project code, donor, amount within 0.5 %, currency, both ends of a relation).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

import yaml

from graphhub.model import CLASSIFICATIONS, ENTITY_RELATIONS, Label, RelType
from ingestion.errors import IngestionError
from ingestion.legal_forms import written_forms
from ingestion.records import EdgeRecord, Extraction, NodeRecord

_T = TypeVar("_T")

# Record types in the order the table shows them.
RECORD_TYPES: tuple[str, ...] = (
    "projects",
    "organizations",
    "persons",
    "companies",
    "accounts",
    "groups",
    "fundings",
    "transfers",
    "relations",
    "seizures",
)

_NODE_TYPES: dict[str, Label] = {
    "projects": Label.PROJECT,
    "organizations": Label.ORGANIZATION,
    "persons": Label.PERSON,
    "companies": Label.COMPANY,
    "accounts": Label.BANK_ACCOUNT,
    "groups": Label.TRAFFICKING_GROUP,
    "seizures": Label.SEIZURE,
}

_REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "projects": ("code",),
    "organizations": ("name",),
    "persons": ("name",),
    "companies": ("name",),
    "accounts": ("number",),
    "groups": ("name",),
    "fundings": ("donor", "project"),
    "transfers": ("from", "to", "amount", "currency"),
    "relations": ("type", "from", "to"),
    "seizures": ("drug", "quantity_kg"),
}

SYMMETRIC_RELATIONS: frozenset[RelType] = frozenset({RelType.ASSOCIATE_OF, RelType.RELATIVE_OF})

# Relative tolerance on amounts and quantities: rounding in the text ("2.5 million").
AMOUNT_TOLERANCE = 0.005

# Properties besides name and aliases under which a node may carry a matchable name.
_NAME_PROPS: tuple[str, ...] = ("acronym", "iban", "number", "account", "code")

_HONORIFICS: frozenset[str] = frozenset({"mr", "mrs", "ms", "dr", "mister", "madam"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass
class Counts:
    """True positives, false positives and false negatives of one record type.

    ``dup`` counts extra extracted records that repeat an already matched one: they
    are neither new facts nor wrong ones. ``missed`` and ``spurious`` describe the
    false negatives and false positives so that a failing score can be read.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    dup: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of extracted records that are expected (1.0 when nothing was extracted)."""
        found = self.tp + self.fp
        return self.tp / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of expected records that were extracted (1.0 when nothing was expected)."""
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else 1.0

    def add(self, other: Counts, prefix: str = "") -> None:
        """Add another document's counts, prefixing its descriptions."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.dup += other.dup
        self.missed.extend(f"{prefix}{item}" for item in other.missed)
        self.spurious.extend(f"{prefix}{item}" for item in other.spurious)


# --- normalisation -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _legal_forms() -> dict[str, str]:
    """Legal-form variants keyed by their letters only ("l.l.c." -> "llc")."""
    return {_letters(form): _letters(short) for form, short in written_forms().items()}


def _letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub("", plain.casefold())


def scoring_key(text: str) -> str:
    """Comparable form of a name when scoring against the gold records: case, accents,
    punctuation, "the", honorifics and legal forms ignored, so "The Karavan Trade L.L.C."
    and "karavan trade" agree.

    Looser than the resolver's ``name_key`` on purpose: it does not depend on the label
    (a gold record and an extracted one may disagree on it), drops a legal form anywhere
    in the name and "Government of" before a country.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    # Dotted forms ("L.L.C.", "S.A.") must collapse before splitting into words.
    words = [w for w in _NON_WORD.sub(" ", plain.replace(".", "")).split() if w]
    # Articles come and go between mentions ("Embassy of the United States").
    words = [w for w in words if w != "the"]
    # A funding government is named either way: "the Government of Japan" or "Japan".
    if words[:2] == ["government", "of"] and len(words) > 2:
        words = words[3:] if words[2] == "the" else words[2:]
    while words and words[0] in _HONORIFICS:
        words = words[1:]
    forms = _legal_forms()
    kept = [w for w in words if w not in forms]
    # A name that is nothing but a legal form keeps it rather than vanishing.
    return "".join(kept or words)


def code_key(text: str) -> str:
    """Comparable form of a project code: upper case without spaces."""
    return re.sub(r"\s+", "", text).upper()


def _amounts_agree(expected: float, found: Any) -> bool:
    try:
        value = float(found)
    except (TypeError, ValueError):
        return False
    if expected == 0:
        return value == 0
    return abs(value - expected) <= AMOUNT_TOLERANCE * abs(expected)


def _date_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- what an extraction offers -------------------------------------------------------


def _node_names(node: NodeRecord) -> set[str]:
    names = [node.name, *node.aliases]
    names.extend(str(node.props[key]) for key in _NAME_PROPS if node.props.get(key))
    return {key for key in (scoring_key(n) for n in names) if key}


def _project_code(node: NodeRecord) -> str:
    return code_key(str(node.props.get("code") or node.name))


def _alternatives(*values: Any) -> list[str]:
    """Names an expected field accepts: a string, or a list of equally good names."""
    names: list[str] = []
    for value in values:
        if isinstance(value, list | tuple):
            names.extend(str(v) for v in value if v)
        elif value:
            names.append(str(value))
    return names


def _matches_name(node: NodeRecord | None, wanted: Iterable[str]) -> bool:
    if node is None:
        return False
    keys = {scoring_key(w) for w in wanted if w}
    return bool(keys & _node_names(node))


def _describe_node(node: NodeRecord) -> str:
    if node.label is Label.PROJECT:
        return _project_code(node)
    if node.label is Label.SEIZURE:
        return f"{node.props.get('drug')} {node.props.get('quantity_kg')} kg"
    acronym = node.props.get("acronym")
    return f"{node.name} ({acronym})" if acronym else node.name


def _describe_edge(edge: EdgeRecord, extraction: Extraction) -> str:
    ends = []
    for ref in (edge.start, edge.end):
        node = extraction.node(ref)
        ends.append(_describe_node(node) if node else f"?{ref}")
    props = " ".join(
        str(edge.props[k]) for k in ("amount", "currency", "date") if edge.props.get(k)
    )
    return f"{edge.type} {ends[0]} -> {ends[1]} {props}".strip()


def _describe_expected(record: Mapping[str, Any]) -> str:
    return ", ".join(f"{key}={record[key]}" for key in record)


# --- matchers: one expected record against one extracted record ----------------------


def _match_project(_: Extraction, expected: Mapping[str, Any], node: NodeRecord) -> bool:
    return _project_code(node) == code_key(str(expected["code"]))


def _match_named(_: Extraction, expected: Mapping[str, Any], node: NodeRecord) -> bool:
    return _matches_name(node, _alternatives(expected["name"], expected.get("acronym")))


def _match_account(_: Extraction, expected: Mapping[str, Any], node: NodeRecord) -> bool:
    return _matches_name(node, _alternatives(expected["number"]))


def _match_seizure(_: Extraction, expected: Mapping[str, Any], node: NodeRecord) -> bool:
    drug = scoring_key(str(node.props.get("drug") or ""))
    return drug == scoring_key(str(expected["drug"])) and _amounts_agree(
        float(expected["quantity_kg"]), node.props.get("quantity_kg")
    )


def _match_funding(ex: Extraction, expected: Mapping[str, Any], edge: EdgeRecord) -> bool:
    project = ex.node(edge.end)
    if not (
        _matches_name(ex.node(edge.start), _alternatives(expected["donor"]))
        and project is not None
        and _project_code(project) == code_key(str(expected["project"]))
    ):
        return False
    if expected.get("amount") is None:
        # The text says who funds the project but names no sum: neither may the edge.
        return edge.props.get("amount") is None
    return _amounts_agree(float(expected["amount"]), edge.props.get("amount")) and (
        str(edge.props.get("currency", "")).upper() == str(expected["currency"]).upper()
    )


def _match_transfer(ex: Extraction, expected: Mapping[str, Any], edge: EdgeRecord) -> bool:
    if not (
        _matches_name(ex.node(edge.start), _alternatives(expected["from"]))
        and _matches_name(ex.node(edge.end), _alternatives(expected["to"]))
        and _amounts_agree(float(expected["amount"]), edge.props.get("amount"))
        and str(edge.props.get("currency", "")).upper() == str(expected["currency"]).upper()
    ):
        return False
    wanted = expected.get("date")
    if not wanted:
        return True
    # An expected "2014-03" accepts any day of that month.
    return _date_text(edge.props.get("date") or "").startswith(_date_text(wanted))


def _match_relation(ex: Extraction, expected: Mapping[str, Any], edge: EdgeRecord) -> bool:
    kind = RelType(str(expected["type"]))
    if edge.type is not kind:
        return False
    start, end = ex.node(edge.start), ex.node(edge.end)
    want_from, want_to = _alternatives(expected["from"]), _alternatives(expected["to"])
    if _matches_name(start, want_from) and _matches_name(end, want_to):
        return True
    return kind in SYMMETRIC_RELATIONS and (
        _matches_name(start, want_to) and _matches_name(end, want_from)
    )


_NODE_MATCHERS: dict[str, Callable[[Extraction, Mapping[str, Any], NodeRecord], bool]] = {
    "projects": _match_project,
    "organizations": _match_named,
    "persons": _match_named,
    "companies": _match_named,
    "accounts": _match_account,
    "groups": _match_named,
    "seizures": _match_seizure,
}

_EDGE_MATCHERS: dict[str, Callable[[Extraction, Mapping[str, Any], EdgeRecord], bool]] = {
    "fundings": _match_funding,
    "transfers": _match_transfer,
    "relations": _match_relation,
}


def _edges_of(kind: str, extraction: Extraction) -> list[EdgeRecord]:
    if kind == "fundings":
        return [e for e in extraction.edges if e.type is RelType.FUNDS]
    if kind == "transfers":
        return [e for e in extraction.edges if e.type is RelType.TRANSFER]
    return [e for e in extraction.edges if e.type in ENTITY_RELATIONS]


def _count(
    expected: Sequence[Mapping[str, Any]],
    found: Sequence[_T],
    matches: Callable[[Mapping[str, Any], _T], bool],
    describe_expected: Callable[[Mapping[str, Any]], str],
    describe_found: Callable[[_T], str],
) -> Counts:
    """Pair expected and found records one to one, first match wins."""
    counts = Counts()
    used: set[int] = set()
    matched: list[Mapping[str, Any]] = []
    for record in expected:
        hit = next(
            (i for i, item in enumerate(found) if i not in used and matches(record, item)),
            None,
        )
        if hit is None:
            counts.fn += 1
            counts.missed.append(describe_expected(record))
        else:
            used.add(hit)
            counts.tp += 1
            matched.append(record)
    for i, item in enumerate(found):
        if i in used:
            continue
        if any(matches(record, item) for record in matched):
            counts.dup += 1
        else:
            counts.fp += 1
            counts.spurious.append(describe_found(item))
    return counts


def score(extraction: Extraction, expected: Mapping[str, Any]) -> dict[str, Counts]:
    """Counts per record type of one document's extraction against its expected records."""
    result: dict[str, Counts] = {}
    for kind in RECORD_TYPES:
        wanted: list[Mapping[str, Any]] = list(expected.get(kind) or [])
        if kind in _NODE_TYPES:
            label = _NODE_TYPES[kind]
            nodes = [n for n in extraction.nodes if n.label is label]
            result[kind] = _count(
                wanted,
                nodes,
                partial(_NODE_MATCHERS[kind], extraction),
                _describe_expected,
                _describe_node,
            )
        else:
            edges = _edges_of(kind, extraction)
            result[kind] = _count(
                wanted,
                edges,
                partial(_EDGE_MATCHERS[kind], extraction),
                _describe_expected,
                partial(_describe_edge, extraction=extraction),
            )
    return result


def aggregate(per_document: Mapping[str, Mapping[str, Counts]]) -> dict[str, Counts]:
    """Sum the counts of several documents, keyed by document name in the descriptions."""
    total = {kind: Counts() for kind in RECORD_TYPES}
    for name, counts in per_document.items():
        for kind, part in counts.items():
            total.setdefault(kind, Counts()).add(part, prefix=f"{name}: ")
    return total


def format_table(counts: Mapping[str, Counts]) -> str:
    """A fixed-width table: type, tp, fp, fn, dup, precision, recall."""
    header = f"{'type':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'dup':>5}{'precision':>11}{'recall':>8}"
    lines = [header, "-" * len(header)]
    for kind, c in counts.items():
        lines.append(
            f"{kind:<14}{c.tp:>5}{c.fp:>5}{c.fn:>5}{c.dup:>5}{c.precision:>11.3f}{c.recall:>8.3f}"
        )
    return "\n".join(lines)


def below(counts: Mapping[str, Counts], min_precision: float, min_recall: float) -> Iterator[str]:
    """Describe every record type whose precision or recall falls below the bar."""
    for kind, c in counts.items():
        if c.precision < min_precision or c.recall < min_recall:
            yield f"{kind}: precision {c.precision:.3f}, recall {c.recall:.3f}"


# --- the expected-records file -------------------------------------------------------


def load_expected(path: Path) -> dict[str, Any]:
    """Read and check one ``*.expected.yaml``; errors name the file, record and field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise IngestionError("not valid YAML", path=str(path), reason=str(exc)) from exc
    if not isinstance(data, dict):
        raise IngestionError("expected a mapping at the top", path=str(path))
    unknown = set(data) - set(RECORD_TYPES) - {"classification"}
    if unknown:
        raise IngestionError("unknown keys", path=str(path), reason=", ".join(sorted(unknown)))
    if data.get("classification") not in CLASSIFICATIONS:
        raise IngestionError(
            "classification must be public or restricted",
            path=str(path),
            field="classification",
            reason=repr(data.get("classification")),
        )
    for kind in RECORD_TYPES:
        records = data.get(kind) or []
        if not isinstance(records, list):
            raise IngestionError("expected a list", path=str(path), field=kind)
        for index, record in enumerate(records, start=1):
            _check_record(path, kind, index, record)
        data[kind] = records
    return data


def _check_record(path: Path, kind: str, index: int, record: Any) -> None:
    if not isinstance(record, dict):
        raise IngestionError("expected a mapping", path=str(path), row=index, field=kind)
    for name in _REQUIRED_FIELDS[kind]:
        if record.get(name) in (None, ""):
            raise IngestionError(
                f"{kind} record lacks a value", path=str(path), row=index, field=name
            )
    if kind == "fundings" and record.get("amount") is not None and not record.get("currency"):
        raise IngestionError(
            "a funding with an amount needs its currency",
            path=str(path),
            row=index,
            field="currency",
        )
    for name in ("amount", "quantity_kg"):
        if name in record and not isinstance(record[name], int | float):
            raise IngestionError(
                "must be a number",
                path=str(path),
                row=index,
                field=name,
                reason=repr(record[name]),
            )
    if kind == "relations":
        try:
            kind_type = RelType(str(record["type"]))
        except ValueError:
            kind_type = None
        if kind_type not in ENTITY_RELATIONS:
            raise IngestionError(
                "not an entity relation",
                path=str(path),
                row=index,
                field="type",
                reason=repr(record["type"]),
            )
