"""`graphhub check`: checks of the graph's figures that end with an exit code, as tests do.

`check double-counting` lists the activities that more than one source format reports
and the flows (one project, kind and year) reported more than once, with each format's
amount, the one the funding precedence counts and the difference. Like ``git diff
--exit-code``, it ends with 0 when it finds nothing and 1 (``exits.FAILED``) when it
finds some, so a script can stop on it.
"""

from __future__ import annotations

import asyncio
import json
import sys

import click

from graphhub.cli import exits
from graphhub.cli.context import settings as current_settings
from graphhub.cli.display import console
from graphhub.config import Settings
from graphhub.db.driver import open_async_driver
from graphhub.queries.double_counting import DoubleCounting, as_dict, double_counting
from graphhub.queries.runner import Runner


@click.group("check")
def group() -> None:
    """Checks of the graph's figures; exit 0 when they find nothing, 1 when they find some."""


async def _found(settings: Settings, restricted: bool) -> DoubleCounting:
    driver = open_async_driver(settings)
    try:
        runner = Runner(
            driver, settings.neo4j_database, settings.query_timeout_s, restricted_ok=restricted
        )
        return await double_counting(runner, settings.funding_precedence)
    finally:
        await driver.close()


def _money(value: float) -> str:
    return f"USD {value:,.2f}"


def _print(found: DoubleCounting) -> None:
    out = console()
    order = " > ".join(found.precedence)
    out.print(f"{len(found.activities)} activities reported by more than one source, "
              f"{len(found.flows)} flows reported more than once (precedence: {order})")
    for activity in found.activities:
        project = activity.project
        codes = ", ".join(str(c) for c in project.get("codes") or [project.get("code")])
        out.print(f"activity {project.get('code')} ({codes}): {project.name}; "
                  f"sources {', '.join(activity.source_kinds)}; {activity.fundings} fundings",
                  markup=False, highlight=False)
        for flow in (f for f in found.flows if f.project.id == project.id):
            out.print(f"  {flow.kind or '-'} {flow.year or '-'}: counted {flow.counted} "
                      f"{_money(flow.counted_usd)}; every source summed "
                      f"{_money(flow.reported_usd)} (excess {_money(flow.excess_usd)})",
                      markup=False, highlight=False)
            for source in flow.sources:
                mark = "counts" if source.counts else f"difference {_money(source.difference_usd)}"
                out.print(f"    {source.source_kind}: {_money(source.amount_usd)} in "
                          f"{source.fundings} fundings ({mark})", markup=False, highlight=False)
    if found.flows:
        out.print(f"counting every source instead of the preferred one would add "
                  f"{_money(found.excess_usd)}", markup=False, highlight=False)


@group.command("double-counting")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as one JSON object.")
@click.option(
    "--restricted",
    is_flag=True,
    help="Include restricted fundings (an operator's view); by default only public data, "
    "as partners and coordinators see it.",
)
def check_double_counting(as_json: bool, restricted: bool) -> None:
    """Activities reported by several sources, and flows reported more than once.

    A flow is the fundings of one project, kind and year (onward money left out). For each
    it prints every source format's amount, the format that counts under
    GRAPHHUB_FUNDING_PRECEDENCE and the others' difference from it. Exit 0: none found;
    exit 1: some found.
    """
    found = asyncio.run(_found(current_settings(), restricted))
    if as_json:
        click.echo(json.dumps(as_dict(found), ensure_ascii=False))
    else:
        _print(found)
    if found.found:
        sys.exit(exits.FAILED)
