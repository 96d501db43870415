"""Double counting: activities several sources report, and the flows reported more than once.

An activity loaded from two sources (an aid database's table and its IATI file) is one
Project (``ingestion.resolve.activities``), and every ``FUNDS`` says which formats state
it (``source_kinds``). A flow here is what the funding precedence compares: the visible,
not onward fundings of one project, kind and year. When more than one format reports a
flow, only the best-ranked format's fundings count (``GRAPHHUB_FUNDING_PRECEDENCE``); the
others are corroboration. Each flow lists every format's sum, the one that counts and
how far the others are from it, and what a sum over every funding would have counted on
top (``excess_usd``). Computed over what the caller may see only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphhub.config import FUNDING_SOURCES
from graphhub.model import RESTRICTED_PROPS
from graphhub.queries.cypher_files import cypher
from graphhub.queries.records import Node, Rel
from graphhub.queries.runner import Runner


@dataclass(frozen=True)
class SourceAmount:
    """What one format says a flow was."""

    source_kind: str
    amount_usd: float  # the sum of its fundings' USD amounts
    fundings: int  # how many fundings it states
    unpriced: int  # of those, how many have no USD amount (no rate)
    counts: bool  # True for the format the precedence picks
    difference_usd: float  # amount_usd minus the counted format's


@dataclass(frozen=True)
class RepeatedFlow:
    """Fundings of one project, kind and year that more than one format reports."""

    project: Node
    kind: str | None
    year: int | None
    sources: list[SourceAmount]
    counted: str  # the format whose fundings count
    counted_usd: float
    reported_usd: float  # every distinct funding summed, whatever states it
    excess_usd: float  # reported_usd - counted_usd: what counting every source adds
    funding_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MultiSourceActivity:
    """A Project more than one format reports, with the formats and their fundings."""

    project: Node
    source_kinds: list[str]
    fundings: int


@dataclass(frozen=True)
class DoubleCounting:
    """Everything the check found, and the precedence it applied."""

    precedence: tuple[str, ...]
    activities: list[MultiSourceActivity]
    flows: list[RepeatedFlow]

    @property
    def found(self) -> bool:
        """True when some activity is reported by more than one format."""
        return bool(self.activities)

    @property
    def excess_usd(self) -> float:
        """What counting every format, instead of the preferred one, adds over all flows."""
        return round(sum(flow.excess_usd for flow in self.flows), 2)


def rank(precedence: Sequence[str]) -> dict[str, int]:
    """Each format's place: the named ones first, then the others in the default order."""
    order = list(dict.fromkeys([*precedence, *FUNDING_SOURCES]))
    return {name: place for place, name in enumerate(order)}


def _stated_by(raw: dict[str, Any]) -> list[str]:
    """The formats that state a funding: its own ``source_kinds`` and, when the caller may
    see it (the Runner removes it for everybody else), those of its restricted layer."""
    kinds = set(raw.get("source_kinds") or [])
    layer = raw.get(RESTRICTED_PROPS)
    try:
        extra = json.loads(layer) if isinstance(layer, str) else {}
    except ValueError:
        extra = {}
    if isinstance(extra, dict) and isinstance(extra.get("source_kinds"), list):
        kinds.update(extra["source_kinds"])
    return sorted(str(kind) for kind in kinds)


def _usd(rel: Rel) -> float | None:
    value = rel.get("amount_usd")
    return float(value) if isinstance(value, (int, float)) else None


def _flows(
    project: Node, rels: list[Rel], stated: dict[str, list[str]], places: dict[str, int]
) -> list[RepeatedFlow]:
    groups: dict[tuple[str | None, int | None], list[Rel]] = defaultdict(list)
    for rel in rels:
        if rel.get("onward") or rel.get("amount") is None:
            continue  # onward money counts at its origin; a funder role states no amount
        groups[(rel.get("kind"), rel.get("year"))].append(rel)
    flows: list[RepeatedFlow] = []
    for (kind, year), members in groups.items():
        by_source: dict[str, list[Rel]] = defaultdict(list)
        for rel in members:
            for name in stated[rel.id]:
                by_source[name].append(rel)
        if len(by_source) < 2:
            continue
        sums = {name: round(sum(_usd(r) or 0.0 for r in found), 2)
                for name, found in by_source.items()}
        counted = min(by_source, key=lambda name: (places.get(name, len(places)), name))
        ordered = sorted(by_source, key=lambda name: (places.get(name, len(places)), name))
        reported = round(sum(_usd(r) or 0.0 for r in members), 2)
        flows.append(RepeatedFlow(
            project=project,
            kind=kind,
            year=year,
            sources=[
                SourceAmount(
                    source_kind=name,
                    amount_usd=sums[name],
                    fundings=len(by_source[name]),
                    unpriced=sum(1 for r in by_source[name] if _usd(r) is None),
                    counts=name == counted,
                    difference_usd=round(sums[name] - sums[counted], 2),
                )
                for name in ordered
            ],
            counted=counted,
            counted_usd=sums[counted],
            reported_usd=reported,
            excess_usd=round(reported - sums[counted], 2),
            funding_ids=sorted(r.id for r in members),
        ))
    return sorted(flows, key=lambda f: (f.year or 0, f.kind or ""))


async def double_counting(runner: Runner, precedence: Sequence[str]) -> DoubleCounting:
    """The activities several formats report and their repeated flows, for this caller."""
    places = rank(precedence)
    activities: list[MultiSourceActivity] = []
    flows: list[RepeatedFlow] = []
    for row in await runner.rows(cypher("double_counting")):
        project = Node.from_map(row["project"])
        rels = [Rel.from_map(item["rel"]) for item in row["fundings"]]
        stated = {str(item["rel"]["id"]): _stated_by(item["rel"]["props"])
                  for item in row["fundings"]}
        kinds = sorted({kind for found in stated.values() for kind in found})
        if len(kinds) < 2:
            continue
        activities.append(MultiSourceActivity(project, kinds, len(rels)))
        flows.extend(_flows(project, rels, stated, places))
    return DoubleCounting(tuple(places), activities, flows)


def as_dict(found: DoubleCounting) -> dict[str, Any]:
    """The check's result as plain JSON-ready data."""

    def project(node: Node) -> dict[str, Any]:
        return {
            "id": node.id,
            "code": node.get("code"),
            "codes": list(node.get("codes") or []),
            "iati_identifier": node.get("iati_identifier"),
            "title": node.get("title") or node.name,
        }

    return {
        "precedence": list(found.precedence),
        "activities": [
            {"project": project(a.project), "source_kinds": a.source_kinds, "fundings": a.fundings}
            for a in found.activities
        ],
        "flows": [
            {
                "project": project(f.project),
                "kind": f.kind,
                "year": f.year,
                "counted": f.counted,
                "counted_usd": f.counted_usd,
                "reported_usd": f.reported_usd,
                "excess_usd": f.excess_usd,
                "sources": [vars(s) for s in f.sources],
            }
            for f in found.flows
        ],
        "excess_usd": found.excess_usd,
    }
