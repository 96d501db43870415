"""Graph reads for ``graphhub export``: FtM selections and flat tables for spreadsheets.

A selection is read as node rows (``id``, ``labels``, ``name``, ``aliases`` and the
other properties) and edge rows (``type``, ``start``, ``end``, ``props``), the shapes
``ingestion.sources.ftm.to_ftm`` takes; both are streamed, so a whole restricted
subgraph never sits in memory at once. Labels and relationship types come from
``graphhub.model``; values only as parameters; the hop count is a bounded integer.
These reads are for operators: they see restricted data.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j

from graphhub.model import ENTITY_RELATIONS, RESTRICTED, Label, RelType
from graphhub.queries.records import RESTRICTED_LAYER, with_restricted_layer

MAX_HOPS = 4
# Node labels an FtM export can express, and the relationships between them.
EXPORT_LABELS: tuple[Label, ...] = (
    Label.PERSON,
    Label.COMPANY,
    Label.ORGANIZATION,
    Label.BANK_ACCOUNT,
    Label.TRAFFICKING_GROUP,
)
EXPORT_RELS: tuple[RelType, ...] = (RelType.TRANSFER, *sorted(ENTITY_RELATIONS))

_LABELS = "|".join(EXPORT_LABELS)
_RELS = "|".join(EXPORT_RELS)
_NODE_ROW = "n {.*, labels: labels(n)} AS node"

_EDGES_AMONG = f"""
UNWIND $ids AS id
MATCH (a:{_LABELS} {{id: id}})-[r:{_RELS}]->(b:{_LABELS})
WHERE b.id IN $ids
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""

_FINDING = f"""
MATCH (f:{Label.FINDING} {{id: $id}})-[:{RelType.CONCERNS}]->(n:{_LABELS})
WHERE n.merged_into IS NULL
RETURN DISTINCT {_NODE_ROW}
"""

_RESTRICTED_NODES = f"""
MATCH (n:{_LABELS}) WHERE n.classification = '{RESTRICTED}' AND n.merged_into IS NULL
RETURN {_NODE_ROW}
"""

_RESTRICTED_EDGES = f"""
MATCH (a:{_LABELS})-[r:{_RELS}]->(b:{_LABELS})
WHERE r.classification = '{RESTRICTED}' AND a.merged_into IS NULL AND b.merged_into IS NULL
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""


def _neighbourhood(hops: int) -> str:
    return f"""
MATCH (start:{_LABELS} {{id: $id}}) WHERE start.merged_into IS NULL
MATCH p = (start)-[:{_RELS}*0..{hops}]-(n:{_LABELS})
WHERE all(m IN nodes(p) WHERE m.merged_into IS NULL)
RETURN DISTINCT {_NODE_ROW}
LIMIT $limit
"""


_MERGED_INTO = f"""
MATCH (n:{_LABELS} {{id: $id}})
RETURN n.merged_into AS merged_into
"""


class ExportError(ValueError):
    """An export selection that cannot be made (unknown id, hops out of range)."""


@dataclass
class Selection:
    """Node and edge rows of one export selection, read as they are consumed."""

    nodes: list[dict[str, Any]]
    edges: Iterator[dict[str, Any]]


def _node(record: neo4j.Record) -> dict[str, Any]:
    # Operators see every value: the restricted layer of a public node is folded in.
    row: dict[str, Any] = with_restricted_layer(dict(record["node"]))
    for key in RESTRICTED_LAYER:
        row.pop(key, None)
    row.setdefault("aliases", [])
    return row


def _stream(driver: neo4j.Driver, database: str, query: str, **params: Any) -> Iterator[Any]:
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        yield from session.run(query, params)


def _edges_among(driver: neo4j.Driver, database: str, ids: list[str]) -> Iterator[dict[str, Any]]:
    for record in _stream(driver, database, _EDGES_AMONG, ids=ids):
        yield dict(record)


def entity_neighbourhood(
    driver: neo4j.Driver, database: str, entity_id: str, hops: int = 1, limit: int = 100_000
) -> Selection:
    """The entity and everything within ``hops`` relationships, with the edges among them."""
    if not 0 <= hops <= MAX_HOPS:
        raise ExportError(f"hops must be between 0 and {MAX_HOPS}, got {hops}")
    nodes = [
        _node(r) for r in _stream(driver, database, _neighbourhood(hops), id=entity_id, limit=limit)
    ]
    if not nodes:
        merged = [r["merged_into"] for r in _stream(driver, database, _MERGED_INTO, id=entity_id)]
        if merged and merged[0]:
            raise ExportError(f"{entity_id!r} was merged into {merged[0]!r}: export that one")
        raise ExportError(f"no person, company, organization or account with id {entity_id!r}")
    return Selection(nodes, _edges_among(driver, database, [str(n["id"]) for n in nodes]))


def finding_subgraph(driver: neo4j.Driver, database: str, finding_id: str) -> Selection:
    """The entities a finding concerns and the relationships among them."""
    nodes = [_node(r) for r in _stream(driver, database, _FINDING, id=finding_id)]
    if not nodes:
        raise ExportError(f"no finding with id {finding_id!r} concerning any entity")
    return Selection(nodes, _edges_among(driver, database, [str(n["id"]) for n in nodes]))


def restricted_subgraph(driver: neo4j.Driver, database: str) -> Selection:
    """Every restricted entity and relationship (FIU data, FtM imports)."""
    nodes = [_node(r) for r in _stream(driver, database, _RESTRICTED_NODES)]
    edges = (dict(r) for r in _stream(driver, database, _RESTRICTED_EDGES))
    return Selection(nodes, edges)


# -- flat tables --------------------------------------------------------------------------

TABLES: dict[str, str] = {
    "fundings": f"""
MATCH (d:{Label.ORGANIZATION})-[f:{RelType.FUNDS}]->(p:{Label.PROJECT})
WHERE $restricted_ok OR f.classification = 'public'
OPTIONAL MATCH (p)-[:{RelType.IN_COUNTRY}]->(c:{Label.COUNTRY})
OPTIONAL MATCH (p)-[:{RelType.IN_SECTOR}]->(s:{Label.SECTOR})
WITH d, f, p, collect(DISTINCT c.iso3) AS countries, collect(DISTINCT s.name) AS sectors
RETURN d.name AS donor, p.code AS project_code, coalesce(p.title, p.name) AS project_title,
       coalesce(f.country, reduce(t = '', x IN countries | t + CASE t WHEN '' THEN '' ELSE ';' END
       + x)) AS country,
       reduce(t = '', x IN sectors | t + CASE t WHEN '' THEN '' ELSE ';' END + x) AS sectors,
       f.kind AS kind, f.year AS year, f.amount AS amount, f.currency AS currency,
       f.amount_usd AS amount_usd, size(coalesce(f.sources, [])) AS sources
ORDER BY donor, project_code, year
""",
    "projects": f"""
MATCH (p:{Label.PROJECT})
WHERE $restricted_ok OR p.classification = 'public'
OPTIONAL MATCH (p)-[:{RelType.IN_COUNTRY}]->(c:{Label.COUNTRY})
OPTIONAL MATCH (p)-[:{RelType.IN_SECTOR}]->(s:{Label.SECTOR})
OPTIONAL MATCH (d:{Label.ORGANIZATION})-[f:{RelType.FUNDS}]->(p)
WITH p, collect(DISTINCT c.iso3) AS countries, collect(DISTINCT s.name) AS sectors,
     collect(DISTINCT d.name) AS donors, sum(f.amount_usd) AS funded_usd
RETURN p.code AS code, coalesce(p.title, p.name) AS title, p.status AS status,
       p.start_year AS start, p.end_year AS end,
       reduce(t = '', x IN countries | t + CASE t WHEN '' THEN '' ELSE ';' END + x) AS countries,
       reduce(t = '', x IN sectors | t + CASE t WHEN '' THEN '' ELSE ';' END + x) AS sectors,
       reduce(t = '', x IN donors | t + CASE t WHEN '' THEN '' ELSE ';' END + x) AS donors,
       funded_usd
ORDER BY code, title
""",
    "transfers": f"""
MATCH (a:{Label.ENTITY})-[t:{RelType.TRANSFER}]->(b:{Label.ENTITY})
WHERE $restricted_ok OR t.classification = 'public'
RETURN t.id AS id, t.date AS date, a.name AS sender, a.id AS sender_id,
       b.name AS receiver, b.id AS receiver_id, t.amount AS amount, t.currency AS currency,
       t.amount_usd AS amount_usd, t.reference AS reference, t.reporting_fiu AS reporting_fiu,
       t.classification AS classification
ORDER BY date, id
""",
    "seizures": f"""
MATCH (z:{Label.SEIZURE})
WHERE $restricted_ok OR z.classification = 'public'
OPTIONAL MATCH (z)-[:{RelType.IN_COUNTRY}]->(c:{Label.COUNTRY})
OPTIONAL MATCH (z)-[:{RelType.BY}]->(o:{Label.ORGANIZATION})
RETURN z.date AS date, z.drug AS drug, z.quantity_kg AS quantity_kg, c.iso3 AS country,
       o.name AS seized_by, z.place AS place, z.name AS description
ORDER BY date, drug
""",
}


def table_rows(
    driver: neo4j.Driver, database: str, name: str, restricted_ok: bool = False
) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """(column names, rows) of one of the fixed tables; rows are streamed."""
    query = TABLES.get(name)
    if query is None:
        raise ExportError(f"unknown table {name!r}; choose one of {', '.join(TABLES)}")
    rows = _stream(driver, database, query, restricted_ok=restricted_ok)
    first = next(rows, None)
    if first is None:
        return _columns(query), iter(())
    columns = list(first.keys())

    def all_rows() -> Iterator[dict[str, Any]]:
        yield dict(first)
        for record in rows:
            yield dict(record)

    return columns, all_rows()


def _columns(query: str) -> list[str]:
    """Column names of a table query from its RETURN clause (for an empty result)."""
    returned = query.split("RETURN", 1)[1].split("ORDER BY", 1)[0]
    names: list[str] = []
    depth = 0
    current = ""
    for ch in returned:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            names.append(current.rsplit(" AS ", 1)[-1].strip())
            current = ""
        else:
            current += ch
    names.append(current.rsplit(" AS ", 1)[-1].strip())
    return names


# -- writing tables -----------------------------------------------------------------------

# A cell a spreadsheet would take for a formula (or DDE command) when it starts with one of
# these (OWASP, CSV injection); the full-width forms are read as the same by some programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet may show it: numbers as numbers, text never run as a formula.

    Text that starts like a formula gets a leading single quote (``=1+1`` -> ``'=1+1``),
    as the OWASP guidance on CSV injection says; numbers (negative ones too) and empty
    cells are left as they are; anything else (dates, lists) becomes text first.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_table(output: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as CSV or XLSX (by the suffix) with every cell made safe; the row count.

    XLSX cells of text are written as text (never formulas), numbers as numbers; rows are
    streamed to the file in both formats.
    """
    if output.suffix.lower() == ".csv":
        count = 0
        with output.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([safe_cell(c) for c in columns])
            for row in rows:
                writer.writerow([safe_cell(row.get(c)) for c in columns])
                count += 1
        return count
    return _write_xlsx(output, columns, rows)


def _write_xlsx(output: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("table")

    def cells(values: Iterable[Any]) -> list[WriteOnlyCell]:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it looks like a formula
            out.append(cell)
        return out

    sheet.append(cells(columns))
    count = 0
    for row in rows:
        sheet.append(cells(row.get(c) for c in columns))
        count += 1
    book.save(output)
    return count
