"""From an extraction to the graph: resolve every record, then write the document.

``commit_extractions`` is what every document-at-a-time format goes through (narrative
documents and the structured files alike): it resolves the records, turns them into
the writer's rows (``graphhub.writer.rows``), computes ``amount_usd`` from the bundled
yearly rates (a missing rate is reported, never guessed) and writes each document
wholly or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j

from graphhub.model import RESTRICTED, Label, RelType
from graphhub.writer.documents import write_documents
from graphhub.writer.rows import (
    DocumentRow,
    EdgeRow,
    GraphBatch,
    NodeRow,
    ProposalRow,
    WriteResult,
)
from ingestion import fx
from ingestion.classification import Classified
from ingestion.formats import FORMATS, Route
from ingestion.records import EdgeRecord, Evidence, Extraction
from ingestion.resolve import Resolution, Resolver, edge_id

MONEY_EDGES = frozenset({RelType.FUNDS, RelType.PASSES_TO, RelType.TRANSFER})
# The format of a document by its kind; any other kind is a narrative document's suffix.
SOURCE_KINDS: dict[str, str] = {f.kind: f.name for f in FORMATS.values() if f.route is Route.FILE}
NARRATIVE = "documents"


def source_kind(doc_kind: str) -> str:
    """The format name (``iati``, ``contributions``, ...) of a document of this kind."""
    return SOURCE_KINDS.get(doc_kind, NARRATIVE)


@dataclass
class DocumentInfo(DocumentRow):
    """A source document as the writer keeps it, and what committing it needs besides."""

    classification: str = RESTRICTED  # undeclared means restricted
    # The year the document speaks from: converts amounts that state no year of their own.
    year: int | None = None
    # How its classification was decided (declared, marker, default), where it was.
    classified: Classified | None = None


@dataclass
class Committed:
    """What loading one document did, and what it noticed."""

    doc_id: str
    status: str
    nodes_by_label: dict[str, int] = field(default_factory=dict)
    edges_by_type: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    write: WriteResult | None = None


def _year(props: dict[str, Any]) -> int | None:
    year = props.get("year")
    if isinstance(year, int):
        return year
    date = props.get("date")
    if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def with_usd(
    props: dict[str, Any], warnings: list[str], fallback_year: int | None = None
) -> dict[str, Any]:
    """``props`` plus ``amount_usd`` when amount, currency and a year allow it.

    An amount without a year of its own is converted at the document's year, and
    ``fx_year`` says which year was used.
    """
    amount, currency = props.get("amount"), props.get("currency")
    if not isinstance(amount, (int, float)) or not isinstance(currency, str):
        return props
    if "amount_usd" in props:
        return props
    year = _year(props) or fallback_year
    usd = fx.to_usd(float(amount), currency, year)
    if usd is None:
        warnings.append(fx.missing_rate_message(currency, year))
        return props
    extra: dict[str, Any] = {"amount_usd": round(usd, 2)}
    if year is not None and currency.upper() != "USD":
        extra["fx_year"] = year
    return {**props, **extra}


def _mention(evidence: Evidence, explanation: str) -> dict[str, Any]:
    return {**_evidence(evidence), "resolution": explanation}


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "start": evidence.start,
        "end": evidence.end,
        "sentence": evidence.sentence,
        "method": evidence.method,
        "confidence": evidence.confidence,
        "locator": evidence.locator,
    }


def _classification(doc: DocumentInfo, record: str) -> str:
    """A record of a restricted document is restricted, whatever its reader said."""
    return RESTRICTED if doc.classification == RESTRICTED else record


def to_batch(
    doc: DocumentInfo, extraction: Extraction, resolution: Resolution, warnings: list[str]
) -> GraphBatch:
    """The writer's rows for one resolved document."""
    batch = GraphBatch(doc)
    for record in extraction.nodes:
        resolved = resolution.nodes[record.ref]
        props = dict(resolved.props)
        if resolved.label is Label.FIGURE:
            props = with_usd(props, warnings, doc.year)
        explanation = resolved.decision.explanation
        batch.nodes.append(
            NodeRow(
                id=resolved.id,
                label=resolved.label,
                name=resolved.name,
                props=props,
                aliases=list(resolved.aliases),
                classification=_classification(doc, record.classification),
                mentions=[_mention(ev, explanation) for ev in record.evidence],
            )
        )
    for edge in extraction.edges:
        row = _edge_row(doc, edge, resolution, warnings)
        if row is not None:
            batch.edges.append(row)
    for proposal in resolution.proposals:
        batch.proposals.append(
            ProposalRow(
                label=proposal.label,
                keep=proposal.keep,
                merged=proposal.merged,
                score=proposal.score,
                reason=proposal.reason,
                classification=doc.classification,
            )
        )
    return batch


def _edge_row(
    doc: DocumentInfo, edge: EdgeRecord, resolution: Resolution, warnings: list[str]
) -> EdgeRow | None:
    start, end = resolution.nodes.get(edge.start), resolution.nodes.get(edge.end)
    if start is None or end is None:
        warnings.append(f"{edge.type} between unknown records {edge.start!r} and {edge.end!r}")
        return None
    if start.id == end.id:
        # Resolution merged both ends: a self-loop says nothing.
        return None
    money = edge.type in MONEY_EDGES
    props = with_usd(edge.props, warnings, doc.year) if money else dict(edge.props)
    if edge.type is RelType.FUNDS:
        # The writer keeps it as a set: every format that states this funding.
        props = {**props, "source_kinds": [source_kind(doc.kind)]}
    return EdgeRow(
        id=edge_id(edge, start.id, end.id, doc.id),
        type=edge.type,
        start=start.id,
        start_label=start.label,
        end=end.id,
        end_label=end.label,
        props=props,
        classification=_classification(doc, edge.classification),
        evidence=[_evidence(ev) for ev in edge.evidence],
    )


def commit_extraction(
    driver: neo4j.Driver,
    database: str,
    doc: DocumentInfo,
    extraction: Extraction,
    resolver: Resolver | None = None,
    run_id: str | None = None,
    structured: bool = False,
) -> Committed:
    """Resolve and write one document's records in one transaction (``structured``: see
    ``commit_extractions``)."""
    report = commit_extractions(
        driver, database, [(doc, extraction)], resolver, run_id, structured
    )[0]
    if isinstance(report, Exception):  # a lone document's error is raised by the writer
        raise report
    return report


def commit_extractions(
    driver: neo4j.Driver,
    database: str,
    items: list[tuple[DocumentInfo, Extraction]],
    resolver: Resolver | None = None,
    run_id: str | None = None,
    structured: bool = False,
) -> list[Committed | Exception]:
    """Resolve several documents in order, then write them together (each wholly or not at all).

    ``structured``: the documents are structured sources, whose names resolve by certain
    evidence only; a fuzzy candidate is written as a pending merge proposal instead.
    A document the database refuses is reported by its error in the returned list.
    """
    resolver = resolver or Resolver()
    batches: list[GraphBatch] = []
    warnings: list[list[str]] = []
    for doc, extraction in items:
        noticed: list[str] = []
        resolution = resolver.resolve(extraction, structured)
        batches.append(to_batch(doc, extraction, resolution, noticed))
        warnings.append(noticed)
    results = write_documents(driver, database, batches, run_id=run_id)
    reports: list[Committed | Exception] = []
    for batch, noticed, result in zip(batches, warnings, results, strict=True):
        if isinstance(result, Exception):
            reports.append(result)
            continue
        report = Committed(batch.document.id, result.status, warnings=noticed, write=result)
        if result.status != "unchanged":
            for node in batch.nodes:
                report.nodes_by_label[node.label] = report.nodes_by_label.get(node.label, 0) + 1
            for edge in batch.edges:
                report.edges_by_type[edge.type] = report.edges_by_type.get(edge.type, 0) + 1
        reports.append(report)
    return reports
