"""FollowTheMoney (FtM) entities, JSON lines: import onto the graph model and export back.

Thing schemata (Person, Company, Organization, LegalEntity, BankAccount) become nodes;
Payment, Ownership, Membership, Directorship, Family and Associate become relationships
(TRANSFER, OWNS, MEMBER_OF, DIRECTS, RELATIVE_OF, ASSOCIATE_OF). The FtM id and schema
are kept (``ftm_id``, ``ftm_schema``) and every FtM property the graph does not hold
under its own name goes to ``ftm_properties`` (JSON), so ``to_ftm`` gives the entity
back unchanged. Everything read here is ``restricted``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml

from graphhub.ids import content_hash, make_id
from graphhub.model import RESTRICTED, Label, RelType, allows, node_props, rel_props
from ingestion.errors import ReadError, RecordError
from ingestion.fx import to_usd
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.records import EdgeRecord, Extraction, NodeRecord, SourceRead
from ingestion.sources.collector import Collector, evidence
from ingestion.sources.files import check_file, check_utf8

DATA = Path(__file__).parent / "data"
METHOD = "ftm:entity"
MAX_BYTES = 20 * 1024**3
AMOUNT_EUR = "amountEur"


@cache
def mapping() -> dict[str, Any]:
    """The bundled schema mapping (``data/ftm_mapping.yaml``)."""
    loaded: dict[str, Any] = yaml.safe_load((DATA / "ftm_mapping.yaml").read_text("utf-8"))
    problems = mapping_problems(loaded)
    if problems:
        raise ValueError("ftm_mapping.yaml does not fit graphhub.model: " + "; ".join(problems))
    return loaded


def mapping_problems(loaded: dict[str, Any]) -> list[str]:
    """What in an FtM mapping the graph model does not declare: labels, types, keys, ends."""
    problems: list[str] = []
    labels = {str(label) for label in Label}
    nodes = {str(x) for x in loaded["nodes"].values()}
    problems += [f"nodes.{schema}: {label} is not a label"
                 for schema, label in loaded["nodes"].items() if label not in labels]
    problems += [f"export_nodes: {label} is not a label"
                 for label in loaded["export_nodes"] if label not in labels]
    types = {str(rel) for rel in RelType}
    for schema, spec in loaded["edges"].items():
        if spec["type"] not in types:
            problems.append(f"edges.{schema}: {spec['type']} is not a relationship type")
        elif not any(allows(spec["type"], a, b) for a in nodes for b in nodes if a in labels
                     and b in labels):
            problems.append(f"edges.{schema}: the model allows {spec['type']} between none "
                            "of the mapped labels")
    node_keys = node_props(Label(x) for x in nodes if x in labels)
    problems += [f"node_properties.{key}: {prop} is not a property of the mapped labels"
                 for key, prop in loaded["node_properties"].items() if prop not in node_keys]
    edge_keys = rel_props(spec["type"] for spec in loaded["edges"].values()
                          if spec["type"] in types)
    problems += [f"edge_properties.{key}: {prop} is not a property of the mapped types"
                 for key, prop in loaded["edge_properties"].items() if prop not in edge_keys]
    return problems


def _iso3(alpha2: str) -> str | None:
    found = pycountry.countries.get(alpha_2=alpha2.upper())
    return found.alpha_3 if found else None


def _alpha2(iso3: str) -> str | None:
    found = pycountry.countries.get(alpha_3=iso3.upper())
    return found.alpha_2.lower() if found else None


def _amount_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# graph value <- one FtM string, and back; when the text does not survive the trip
# (``"9500.50"``), the original is also kept in ``ftm_properties`` for export.
_CODECS: dict[str, tuple[Callable[[str], Any], Callable[[Any], str | None]]] = {
    "country": (_iso3, _alpha2),
    "amount": (float, _amount_text),
    AMOUNT_EUR: (float, _amount_text),
}


def _identity(value: str) -> str:
    return value


def _split(
    properties: dict[str, list[str]], names: dict[str, str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(graph props, leftover FtM properties) for one entity's properties."""
    mapped: dict[str, Any] = {}
    rest: dict[str, list[str]] = {}
    for prop, values in properties.items():
        target = names.get(prop)
        if target and len(values) == 1:
            decode, encode = _CODECS.get(prop, (_identity, str))
            try:
                value = decode(values[0])
            except ValueError:
                value = None
            if value is not None:
                mapped[target] = value
                if encode(value) == values[0]:
                    continue
                # "9500.50" reads as 9500.5: the graph gets the number, export the text.
        rest[prop] = values
    return mapped, rest


def _bad(
    source: Path, line_no: int, field: str | None, message: str, value: Any = None
) -> RecordError:
    """A problem of one line (``row`` is the line number)."""
    return RecordError(message, path=str(source), row=line_no, field=field, value=value)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def parse_entity(
    line: str, line_no: int, source: Path, max_chars: int
) -> tuple[dict[str, Any] | None, list[RecordError]]:
    """One JSON line as an FtM entity (id, schema, properties), or every problem it has.

    A line must be a JSON object with a non-empty string ``id`` and ``schema`` and, when
    present, ``properties`` mapping names to lists of strings, none longer than
    ``max_chars`` (GRAPHHUB_MAX_FIELD_CHARS).
    """
    try:
        entity = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, [_bad(source, line_no, None, f"not JSON ({exc.msg}, column {exc.colno})")]
    if not isinstance(entity, dict):
        return None, [_bad(source, line_no, None, "not a JSON object", _short(entity))]
    problems: list[RecordError] = []
    for key in ("id", "schema"):
        value = entity.get(key)
        if not isinstance(value, str) or not value.strip():
            what = "missing" if value is None else "not a non-empty string"
            problems.append(_bad(source, line_no, key, f"{key} is {what}", _short(value)))
    properties = entity.get("properties", {})
    if not isinstance(properties, dict):
        problems.append(
            _bad(
                source,
                line_no,
                "properties",
                "properties must be an object of lists of strings",
                _short(properties),
            )
        )
        properties = {}
    for name, values in properties.items():
        where = f"properties.{name}"
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(
                _bad(source, line_no, where, "values must be a list of strings", _short(values))
            )
            continue
        for value in values:
            if len(value) > max_chars:
                problems.append(
                    _bad(
                        source,
                        line_no,
                        where,
                        f"a value is {len(value):,} characters, over the limit of "
                        f"{max_chars:,} (GRAPHHUB_MAX_FIELD_CHARS)",
                    )
                )
                break
    if problems:
        return None, problems
    return {"id": entity["id"], "schema": entity["schema"], "properties": properties}, []


def read_ftm(
    path: Path | str, limits: ReadLimits | None = None, doc_id: str | None = None
) -> tuple[Extraction, list[RecordError]]:
    """Import an FtM JSON-lines file; a bad line is reported (line, field, reason) and skipped.

    A file without a single valid entity is not FtM: ReadError. ``doc_id`` is the
    document's id (default: the file's content hash).
    """
    source = Path(path)
    limits = limits or current_limits()
    check_file(source, MAX_BYTES)
    check_utf8(source)
    collector = Collector(doc_id or content_hash(source), classification=RESTRICTED)
    errors: list[RecordError] = []
    pending: list[tuple[int, dict[str, Any], str]] = []
    entities = 0
    with source.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                reason = f"not UTF-8 text (bad byte at column {exc.start + 1})"
                errors.append(_bad(source, line_no, None, reason))
                continue
            if not line.strip():
                continue
            entity, problems = parse_entity(line, line_no, source, limits.max_field_chars)
            errors.extend(problems)
            if entity is None:
                continue
            entities += 1
            schema, ident = entity["schema"], entity["id"]
            if schema in mapping()["nodes"]:
                _node(collector, schema, ident, entity["properties"], line_no, line)
            elif schema in mapping()["edges"]:
                pending.append((line_no, entity, line))
            else:
                errors.append(
                    _bad(
                        source,
                        line_no,
                        "schema",
                        f"schema {schema} is not mapped onto the graph model; entity skipped",
                        ident,
                    )
                )
    if entities == 0 and errors:
        raise ReadError(
            "not FollowTheMoney JSON lines (each line an entity with id and schema)",
            path=str(source),
            reason=str(errors[0].message),
        )
    # Relationships last: FtM streams may name an entity before it appears.
    for line_no, entity, line in pending:
        problem = _edge(collector, entity, line_no, line)
        if problem:
            errors.append(_bad(source, line_no, entity["schema"], problem))
    return collector.extraction(), errors


def _node(
    collector: Collector,
    schema: str,
    ident: str,
    properties: dict[str, list[str]],
    line_no: int,
    line: str,
) -> None:
    names = list(properties.get("name", []))
    mapped, rest = _split(
        {k: v for k, v in properties.items() if k != "name"}, mapping()["node_properties"]
    )
    props = {
        **mapped,
        "ftm_id": ident,
        "ftm_schema": schema,
        "ftm_properties": json.dumps(rest, ensure_ascii=False, sort_keys=True),
    }
    proof = evidence(collector.doc_id, line, METHOD, f"line {line_no}")
    label = Label(mapping()["nodes"][schema])
    name = names[0] if names else ident
    if not names:
        props["ftm_unnamed"] = True
    collector.node(label, f"ftm:{ident}", name, props, proof, aliases=names[1:])


def _edge(collector: Collector, entity: dict[str, Any], line_no: int, line: str) -> str | None:
    schema, ident = entity["schema"], entity["id"]
    spec = mapping()["edges"][schema]
    properties: dict[str, list[str]] = dict(entity.get("properties", {}))
    ends = []
    for role in (spec["source"], spec["target"]):
        values = properties.pop(role, [])
        if len(values) != 1:
            return f"{schema} {ident} needs exactly one {role}, has {len(values)}"
        ref = f"ftm:{values[0]}"
        if not collector.has(ref):
            return f"{schema} {ident}: {role} {values[0]} is not a mapped entity of this file"
        ends.append(ref)
    mapped, rest = _split(properties, mapping()["edge_properties"])
    props: dict[str, Any] = {**mapped, "ftm_id": ident, "ftm_schema": schema}
    if schema == "Payment":
        if "amount" not in mapped and AMOUNT_EUR in rest and len(rest[AMOUNT_EUR]) == 1:
            value = rest[AMOUNT_EUR][0]
            try:
                amount = float(value)
            except ValueError:
                amount = None
            if amount is not None:
                if _amount_text(amount) == value:
                    del rest[AMOUNT_EUR]
                props.update(amount=amount, currency="EUR", ftm_amount_prop=AMOUNT_EUR)
        if "currency" in mapped:
            props["currency"] = str(mapped["currency"]).upper()
            if props["currency"] != mapped["currency"]:
                rest["currency"] = [mapped["currency"]]
        year = str(props.get("date", ""))[:4]
        if "amount" in props and "currency" in props and year.isdigit():
            props["amount_usd"] = to_usd(props["amount"], props["currency"], int(year))
        props.setdefault("id", make_id("transfer", "ftm", ident))
    props["ftm_properties"] = json.dumps(rest, ensure_ascii=False, sort_keys=True)
    proof = evidence(collector.doc_id, line, METHOD, f"line {line_no}")
    collector.edge(RelType(spec["type"]), ends[0], ends[1], props, proof)
    return None


def rows_from_extraction(
    extraction: Extraction,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Graph rows as a query returns them: node dicts (id, labels, name, props) and edge dicts."""
    nodes = [_node_row(node) for node in extraction.nodes]
    edges = [_edge_row(edge) for edge in extraction.edges]
    return nodes, edges


def _node_row(node: NodeRecord) -> dict[str, Any]:
    return {
        "id": node.ref,
        "labels": [str(node.label)],
        "name": node.name,
        "aliases": list(node.aliases),
        **node.props,
    }


def _edge_row(edge: EdgeRecord) -> dict[str, Any]:
    return {"type": str(edge.type), "start": edge.start, "end": edge.end, "props": dict(edge.props)}


def to_ftm(
    nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """FtM entities (id, schema, properties as lists of strings) for graph node and edge rows."""
    ftm_ids: dict[str, str] = {}
    node_props = {v: k for k, v in mapping()["node_properties"].items()}
    for row in nodes:
        ident = str(row.get("ftm_id") or row["id"])
        ftm_ids[str(row["id"])] = ident
        schema = row.get("ftm_schema") or _export_schema(row.get("labels", []))
        if schema is None:
            continue
        properties = _restore(row, node_props)
        names = [] if row.get("ftm_unnamed") else [row.get("name"), *row.get("aliases", [])]
        if any(names):
            properties["name"] = [str(n) for n in names if n]
        yield {"id": ident, "schema": schema, "properties": _ordered(properties)}
    by_type = {spec["type"]: (schema, spec) for schema, spec in mapping()["edges"].items()}
    edge_props = {v: k for k, v in mapping()["edge_properties"].items()}
    for row in edges:
        props = dict(row.get("props", {}))
        schema = props.get("ftm_schema")
        if schema is None and row["type"] in by_type:
            schema = by_type[row["type"]][0]
        if schema not in mapping()["edges"]:
            continue
        spec = mapping()["edges"][schema]
        properties = _restore(props, edge_props)
        if props.get("ftm_amount_prop") == AMOUNT_EUR:
            properties.pop("currency", None)
            amount = properties.pop("amount", None)
            if amount is not None:
                properties.setdefault(AMOUNT_EUR, amount)  # the kept text wins
        properties[spec["source"]] = [ftm_ids.get(row["start"], row["start"])]
        properties[spec["target"]] = [ftm_ids.get(row["end"], row["end"])]
        ident = str(
            props.get("ftm_id") or props.get("id") or make_id("ftm", row["start"], row["end"])
        )
        yield {"id": ident, "schema": schema, "properties": _ordered(properties)}


def _export_schema(labels: Iterable[str]) -> str | None:
    for label in labels:
        if label in mapping()["export_nodes"]:
            return str(mapping()["export_nodes"][label])
    return None


def _restore(props: dict[str, Any], names: dict[str, str]) -> dict[str, list[str]]:
    """Mapped graph props back to FtM values, then the kept FtM properties over them."""
    properties: dict[str, list[str]] = {}
    for graph_name, prop in names.items():
        value = props.get(graph_name)
        if value is None:
            continue
        encode = _CODECS.get(prop, (_identity, str))[1]
        text = encode(value)
        if text is not None:
            properties[prop] = [text]
    kept = json.loads(props.get("ftm_properties") or "{}")
    properties.update(kept)
    return properties


def _ordered(properties: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: properties[key] for key in sorted(properties)}


def read_ftm_file(
    path: Path, *, doc_id: str, limits: ReadLimits, mapping: object = None
) -> SourceRead:
    """FollowTheMoney JSON lines as one document; unmapped schemata are reported."""
    del mapping  # FtM entities carry their schema
    extraction, errors = read_ftm(path, limits, doc_id=doc_id)
    return SourceRead(extraction, errors, len(extraction.nodes) + len(extraction.edges))
