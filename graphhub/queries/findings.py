"""FIU findings: what they concern and who reported them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphhub.model import RelType
from graphhub.queries.cypher_files import cypher
from graphhub.queries.paging import Page, PageRequest
from graphhub.queries.records import Node
from graphhub.queries.runner import Runner

FINDING_SORTS = frozenset({"DATE"})


@dataclass
class FindingFilter:
    """Which findings: about an entity, by an FIU, in a date range, containing a text."""

    entity: str | None = None
    fiu: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None


@dataclass
class FindingLinks:
    """The entities a finding concerns and the organizations that reported it."""

    concerns: list[Node] = field(default_factory=list)
    reported_by: list[Node] = field(default_factory=list)


async def findings(runner: Runner, where: FindingFilter, page: PageRequest) -> Page[Node]:
    """One page of visible findings, newest first."""
    page.check(FINDING_SORTS)
    rows = await runner.rows(
        cypher("findings"),
        ids=None,
        entity=where.entity or None,  # an empty id means any entity
        fiu=where.fiu,
        date_from=where.date_from,
        date_to=where.date_to,
        text=where.text,
        offset=page.offset,
        limit=page.limit,
    )
    row = rows[0]
    return Page([Node.from_map(item) for item in row["items"]], int(row["total"]), page.offset)


async def finding_links(runner: Runner, ids: Sequence[str]) -> dict[str, FindingLinks]:
    """What each finding concerns and who reported it."""
    rows = await runner.rows(cypher("finding_links"), ids=list(ids))
    out: dict[str, FindingLinks] = defaultdict(FindingLinks)
    for row in rows:
        links = out[row["key"]]
        target = links.concerns if row["type"] == RelType.CONCERNS else links.reported_by
        target.append(Node.from_map(row["node"]))
    return out
