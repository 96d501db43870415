"""`graphhub review`: merge proposals listed, accepted or rejected from the command line.

An operator tool, as `graphhub export` is: it sees restricted proposals too. A decision
is recorded with ``cli:<user>`` as who took it.
"""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from graphhub.cli import exits
from graphhub.cli.context import settings as current_settings
from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.queries.errors import QueryError
from graphhub.queries.runner import Runner

T = TypeVar("T")
STATUS_CHOICES = ("pending", "accepted", "rejected", "any")


def _run(settings: Settings, work: Callable[[Runner], Awaitable[T]]) -> T:
    """Run ``work`` with an operator's runner on a driver of its own; a refusal exits 1."""

    async def main() -> T:
        driver = open_async_driver(settings)
        try:
            runner = Runner(
                driver, settings.neo4j_database, settings.query_timeout_s, restricted_ok=True
            )
            return await work(runner)
        finally:
            await driver.close()

    try:
        return asyncio.run(main())
    except QueryError as exc:
        exits.fail(str(exc), exits.FAILED)


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@click.group("review")
def group() -> None:
    """Merge proposals: pairs of nodes whose names only look alike, for an analyst to decide.

    Ingestion never merges structured sources' names on similarity; it proposes.
    Accepting merges (reversibly, as the mergeEntities mutation does); rejecting keeps
    the two apart for good. An operator tool: restricted proposals are listed too.
    """


@group.command("list")
@click.option("--status", type=click.Choice(STATUS_CHOICES), default="pending",
              show_default=True, help="Which proposals; any: all of them.")
@click.option("--entity", default=None, help="Only proposals about this node id.")
@click.option("--first", type=click.IntRange(1, 200), default=50, show_default=True,
              help="How many, oldest first.")
def review_list(status: str, entity: str | None, first: int) -> None:
    """List merge proposals, oldest first: id, status, score, the two names and ids."""
    from graphhub.queries.paging import PageRequest
    from graphhub.queries.proposals import proposals

    wanted = None if status == "any" else status
    page = _run(current_settings(),
                lambda runner: proposals(runner, PageRequest(0, first, "AT"), wanted, entity))
    for item in page.items:
        click.echo(f"{item.id}  {item.status:<8}  {item.score:.3f}  {item.merged_name!r} "
                   f"({item.merged}) -> {item.keep_name!r} ({item.keep})  [{item.classification}]")
    click.echo(f"{len(page.items)} of {page.total} proposals ({status})")


@group.command("accept")
@click.argument("proposal_id", metavar="ID")
@click.option("--reason", required=True, help="Why: kept with the decision.")
def review_accept(proposal_id: str, reason: str) -> None:
    """Accept a pending proposal: merge its node into the kept one (the undoMerge
    mutation of the merge judgement printed undoes it)."""
    from graphhub.writer.review import accept

    item = _run(current_settings(), lambda runner: accept(runner, proposal_id, reason, _who()))
    click.echo(f"{item.id}: accepted, {item.merged_name!r} merged into {item.keep_name!r} "
               f"(merge judgement {item.merge_judgement})")


@group.command("reject")
@click.argument("proposal_id", metavar="ID")
@click.option("--reason", required=True, help="Why: kept with the decision.")
def review_reject(proposal_id: str, reason: str) -> None:
    """Reject a pending proposal: the two stay apart and ingestion does not propose them
    again."""
    from graphhub.writer.review import reject

    item = _run(current_settings(), lambda runner: reject(runner, proposal_id, reason, _who()))
    click.echo(f"{item.id}: rejected, {item.merged_name!r} and {item.keep_name!r} stay apart")
