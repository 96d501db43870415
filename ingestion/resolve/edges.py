"""Ids of relationships, from their ends and the facts that make them one."""

from __future__ import annotations

from typing import Any

from graphhub.ids import make_id
from graphhub.model import RelType
from ingestion.records import EdgeRecord


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # 1200000.0 and 1200000 are one amount.
        return str(int(value))
    return str(value)


def edge_id(edge: EdgeRecord, start_id: str, end_id: str, doc_id: str) -> str:
    """A stable id for a relationship; the same fact stated twice gets the same id.

    TRANSFER: ends, amount, currency and date, plus the source's own transfer id when
    it gives one (an FIU export's ``id``), so that two equal payments on one day stay
    two while a transfer described again in a report merges with itself.
    FUNDS: funder, project, kind, year, amount and currency; plus the source's own
    ``flow_id`` when it gives one (two equal flows stay two), and, for one slice of a
    split amount (``share`` or ``split_by`` set), the slice's country, region and sector,
    so that the slices of one row stay apart. PASSES_TO: the two activities,
    kind, year, amount and currency. Others: type and ends.
    ``doc_id`` is not part of any of these: statements from many documents merge.
    """
    props = edge.props
    if edge.type is RelType.TRANSFER:
        parts = [start_id, end_id, props.get("amount"), props.get("currency"), props.get("date")]
        if props.get("id"):
            parts.append(props["id"])
        return make_id("transfer", *map(_text, parts))
    if edge.type is RelType.PASSES_TO:
        # Both activities may state one link (the giver's outgoing and the receiver's
        # incoming transaction): the same kind, year and amount make them one.
        parts = [start_id, end_id, props.get("kind"), props.get("year"),
                 props.get("amount"), props.get("currency")]
        return make_id("passes_to", *map(_text, parts))
    if edge.type is RelType.FUNDS:
        parts = [
            start_id,
            end_id,
            props.get("kind"),
            props.get("year"),
            props.get("amount"),
            props.get("currency"),
        ]
        if props.get("flow_id"):
            parts += ["flow", props["flow_id"]]
        if props.get("share") is not None or props.get("split_by"):
            parts += ["slice", props.get("country"), props.get("region"), props.get("sector")]
        return make_id("funds", *map(_text, parts))
    return make_id(str(edge.type).lower(), start_id, end_id)
