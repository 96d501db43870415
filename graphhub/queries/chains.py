"""Funding chains: donor -> pooled fund or agency -> implementer, step by step.

Money that passes through an intermediary is traced along visible steps, from two kinds
of record:

- ``funds``: a donor's own funding (not onward) of a project an intermediary implements,
  then the onward fundings that intermediary gives to projects others implement (FTS
  internal flows, table rows with an internal boundary), and so on;
- ``passes_to``: PASSES_TO links between IATI activities (provider- / receiver-activity-id).

Each step gives its full amount. What a donor's money contributed to a later step is not
knowable exactly: ``estimate_usd`` is the step's amount times the donor's share of each
intermediary's visible incoming money along the way (commitments and disbursements), an
estimate and labelled so. A chain has two steps at least and at most ``MAX_STEPS``; a
restricted step is never followed, so for a partner a chain stops before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphhub.model import Label
from graphhub.queries.cypher_files import cypher
from graphhub.queries.errors import BadInput, NotFound
from graphhub.queries.paging import MAX_PAGE_SIZE, Page
from graphhub.queries.records import Node, Rel
from graphhub.queries.runner import Runner

MAX_STEPS = 4
# The kinds of funding an intermediary's incoming money is measured in for the estimate:
# money committed or paid to it (pledges, budgets and its own spending are not income).
SHARE_KINDS = ("commitment", "disbursement")
ESTIMATE_BASIS = (
    "the step's amount times the share of each intermediary's visible incoming "
    "commitments and disbursements that came from the step before it"
)


@dataclass(frozen=True)
class ChainStep:
    """One step of a chain: who gave, who received, how much, for which project.

    ``rel`` is the FUNDS or PASSES_TO relationship. ``from_org`` / ``to_org`` are the giving
    and receiving organizations when visible and known (a PASSES_TO link names them by IATI
    identifier or name); ``from_project`` is the giving activity of a PASSES_TO link.
    ``share`` is the part of the intermediary's incoming money that came from the step
    before (None on the first step), ``estimate_usd`` the first giver's estimated part.
    """

    rel: Rel
    project: Node
    from_org: Node | None
    to_org: Node | None
    from_project: Node | None
    share: float | None
    estimate_usd: float | None

    @property
    def amount_usd(self) -> float | None:
        value = self.rel.get("amount_usd")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def kind(self) -> str | None:
        value = self.rel.get("kind")
        return str(value) if value is not None else None

    @property
    def from_name(self) -> str | None:
        """The giver's name: its node's, else as the source writes it."""
        if self.from_org is not None:
            return self.from_org.name
        return _text(self.rel.get("provider_name") or self.rel.get("provider_ref"))

    @property
    def to_name(self) -> str | None:
        """The receiver's name: its node's, else as the source writes it."""
        if self.to_org is not None:
            return self.to_org.name
        return _text(self.rel.get("receiver_name") or self.rel.get("receiver_ref"))


@dataclass(frozen=True)
class Chain:
    """A chain of steps; ``pattern`` is ``funds`` or ``passes_to`` (see the module)."""

    pattern: str
    steps: list[ChainStep]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _node(value: Any) -> Node | None:
    return Node.from_map(value) if isinstance(value, dict) else None


async def _check_anchor(runner: Runner, name: str, node_id: str, label: Label) -> None:
    rows = await runner.rows(cypher("chain_anchor"), id=node_id)
    if not rows or str(label) not in rows[0]["labels"]:
        raise NotFound(f"no {name} {node_id!r}")


async def funding_chains(
    runner: Runner,
    *,
    project: str | None = None,
    donor: str | None = None,
    organization: str | None = None,
    first: int = 20,
    after: int = 0,
) -> Page[Chain]:
    """The visible chains through ``project``, from ``donor`` or through ``organization``
    (exactly one), ``first`` of them from offset ``after``, with estimates."""
    given = [(n, v) for n, v in (("project", project), ("donor", donor),
                                 ("organization", organization)) if v is not None]
    if len(given) != 1:
        raise BadInput("give exactly one of project, donor and organization")
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadInput(f"first must be between 1 and {MAX_PAGE_SIZE}, not {first}")
    if after < 0:
        raise BadInput("a cursor points before the start of the list")
    name, node_id = given[0]
    await _check_anchor(runner, name, node_id, Label.PROJECT if project else Label.ORGANIZATION)
    where = {"project": project, "donor": donor, "organization": organization,
             "max_steps": MAX_STEPS}
    # Onward-funding chains first, then PASSES_TO chains: one list, paged across both.
    [funds] = await runner.rows(cypher("funding_chains_funds"), **where,
                                offset=after, limit=first)
    funds_total = int(funds["total"])
    raw: list[dict[str, Any]] = list(funds["page"])
    [links] = await runner.rows(cypher("funding_chains_links"), **where,
                                offset=max(0, after - funds_total),
                                limit=max(0, first - len(raw)))
    raw.extend(links["page"])
    shares = await _shares(runner, raw)
    chains = [_chain(n, chain, shares) for n, chain in enumerate(raw)]
    return Page(chains, funds_total + int(links["total"]), after)


def _pairs(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """(source, intermediary) of every step after the first, keyed by chain and step."""
    pairs = []
    for n, chain in enumerate(raw):
        steps = chain["steps"]
        for k in range(1, len(steps)):
            before, step = steps[k - 1], steps[k]
            if chain["pattern"] == "funds":
                source, via = before["from_org"], step["from_org"]
            else:
                source, via = before["from_project"], step["from_project"]
            if source is not None and via is not None:
                pairs.append({"key": f"{n}:{k}", "pattern": chain["pattern"],
                              "source": source["id"], "via": via["id"]})
    return pairs


async def _shares(runner: Runner, raw: list[dict[str, Any]]) -> dict[str, float]:
    pairs = _pairs(raw)
    if not pairs:
        return {}
    rows = await runner.rows(
        cypher("funding_chain_shares"), pairs=pairs, kinds=list(SHARE_KINDS)
    )
    out: dict[str, float] = {}
    for row in rows:
        mine, whole = float(row["mine"] or 0.0), float(row["whole"] or 0.0)
        if whole > 0:
            out[str(row["key"])] = min(1.0, max(0.0, mine / whole))
    return out


def _chain(n: int, chain: dict[str, Any], shares: dict[str, float]) -> Chain:
    steps: list[ChainStep] = []
    carried: float | None = 1.0  # the first giver's share of what the current step passes on
    for k, raw in enumerate(chain["steps"]):
        share = None if k == 0 else shares.get(f"{n}:{k}")
        if k > 0:
            carried = None if carried is None or share is None else carried * share
        rel = Rel.from_map(raw["rel"])
        usd = rel.get("amount_usd")
        estimate = (
            float(usd) * carried
            if carried is not None and isinstance(usd, (int, float)) else None
        )
        steps.append(ChainStep(
            rel=rel,
            project=Node.from_map(raw["project"]),
            from_org=_node(raw.get("from_org")),
            to_org=_node(raw.get("to_org")),
            from_project=_node(raw.get("from_project")),
            share=share,
            estimate_usd=estimate,
        ))
    return Chain(str(chain["pattern"]), steps)
