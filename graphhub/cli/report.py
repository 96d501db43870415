"""`graphhub report`: reports for coordinators from the graph's public data."""

from __future__ import annotations

from pathlib import Path

import click

from graphhub.cli.context import settings as current_settings


@click.group("report")
def group() -> None:
    """Reports for coordinators: HTML, Markdown or PDF from the graph's public data."""


@group.command("donor-gap")
@click.option("--region", default=None, help='A region, e.g. "Central Asia".')
@click.option("--countries", default=None, help="Countries (ISO3 codes or names), comma-separated.")
@click.option("--sectors", default=None, help="Sectors (names or DAC codes), comma-separated.")
@click.option("--programme", default=None, help="Only projects that are part of this programme.")
@click.option("--from", "year_from", type=int, default=None, help="First year of the period.")
@click.option("--to", "year_to", type=int, default=None, help="Last year of the period.")
@click.option(
    "--kinds", default=None,
    help="Kinds of funding to sum, comma-separated: pledge, commitment, disbursement, "
         "expenditure, budget, unknown (default: commitment). Other kinds are shown apart.",
)
@click.option(
    "--priorities", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="CSV or YAML: country, sector, priority, optional target_usd.",
)
@click.option("--format", "fmt", type=click.Choice(["html", "md", "pdf"]), default="html",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the report (default: donor-gap.<format>).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A folder of templates that override or extend ours.")
def report_donor_gap(
    region: str | None, countries: str | None, sectors: str | None, programme: str | None,
    year_from: int | None, year_to: int | None, kinds: str | None, priorities: Path | None,
    fmt: str,
    output: Path | None, templates: Path | None,
) -> None:
    """Funding, gaps, overlaps and donor concentration for a selection."""
    from graphhub.reports.cli import donor_gap_report

    settings = current_settings()
    path, summary = donor_gap_report(
        settings, region=region, countries=countries, sectors=sectors, programme=programme,
        year_from=year_from, year_to=year_to, kinds=kinds, priorities=priorities, fmt=fmt,
        output=output, templates=templates,
    )
    click.echo(f"{summary}\nwritten: {path}")
