"""Rendering a report with Jinja2: one Environment per template folder, autoescape on.

Our templates live in the project's ``templates/``. ``--templates DIR`` puts a
coordinator's folder in front of ours: a file there with the same name replaces ours,
and ``{% extends "graphhub/base.html" %}`` reaches our version of any template even when
it is overridden.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from graphhub.config import PROJECT_ROOT
from graphhub.queries.kinds import KIND_NAMES, FundingKind
from graphhub.queries.provenance import Document
from graphhub.reports import charts
from graphhub.reports.errors import RenderError
from graphhub.reports.numbers import percent, usd, usd_short
from graphhub.reports.report import DonorGapReport

TEMPLATES_DIR = PROJECT_ROOT / "templates"
TEMPLATE = {"html": "donor_gap.html", "md": "donor_gap.md"}
CHART_ROWS = 15

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def markdown_text(value: Any) -> Markup:
    """A data value safe inside Markdown, tables included: HTML and Markdown marks escaped."""
    text = str(escape("" if value is None else value))
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")
    return Markup(text)


def source_href(document: Document) -> str | None:
    """A link to the source itself: its URL, or a file URI for an absolute local path."""
    path = document.path or ""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("/"):
        return Path(path).as_uri()
    return None


def anchor(value: str) -> str:
    """An HTML id built from a node id."""
    return "".join(ch if ch.isalnum() else "-" for ch in value)


@cache
def environment(templates: Path | None = None) -> jinja2.Environment:
    """The Environment for our templates, with ``templates`` (if given) taking precedence."""
    ours = jinja2.FileSystemLoader(TEMPLATES_DIR)
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        if not templates.is_dir():
            raise RenderError(f"{templates}: no such templates folder")
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders += [ours, jinja2.PrefixLoader({"graphhub": ours})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        usd=usd, usd_short=usd_short, percent=percent, md=markdown_text,
        source_href=source_href, anchor=anchor, kind_name=kind_name,
    )
    return env


def kind_name(kind: FundingKind) -> str:
    """``commitments``, ``fundings of no stated kind``: a kind as the report names it."""
    name = KIND_NAMES[FundingKind(kind)]
    return name[:1].upper() + name[1:]


def report_charts(report: DonorGapReport) -> dict[str, Markup]:
    """The report's charts as inline SVG, by name."""
    figures = report.figures
    out: dict[str, Markup] = {}
    if figures.donors:
        out["donors"] = charts.bar_chart(
            [(d.donor, d.amount_usd) for d in figures.donors[:CHART_ROWS]],
            f"Funding by donor (USD, {report.counts})",
        )
    dated = [y for y in figures.years if y.year is not None]
    if dated:
        out["years"] = charts.column_chart(
            [(str(y.year), y.amount_usd) for y in dated],
            f"Funding by year (USD, {report.counts})",
        )
    if figures.cells:
        countries = sorted({c.country.name for c in figures.cells})
        sectors = sorted({c.sector.name for c in figures.cells})
        values = {
            (countries.index(c.country.name), sectors.index(c.sector.name)): c.amount_usd
            for c in figures.cells
        }
        out["cells"] = charts.heatmap(
            countries, sectors, values, f"Funding by country and sector (USD, {report.counts})"
        )
    measured = [g for g in report.gaps.gaps if g.reference_usd > 0 or g.funded_usd > 0]
    if measured:
        out["gaps"] = charts.gap_chart(
            [
                (f"{g.country.name} · {g.sector.name}", g.funded_usd, g.reference_usd)
                for g in measured[:CHART_ROWS]
            ],
            "Funded against target or regional median (USD)",
        )
    return out


def render_text(report: DonorGapReport, fmt: str, templates: Path | None = None) -> str:
    """The report as HTML (``html``) or Markdown (``md``) text."""
    if fmt not in TEMPLATE:
        raise RenderError(f"unknown text format {fmt!r}: use html or md")
    try:
        template = environment(templates).get_template(TEMPLATE[fmt])
        return template.render(report=report, charts=report_charts(report))
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) \
            else ""
        raise RenderError(f"template error{where}: {exc}") from exc


def render(report: DonorGapReport, fmt: str, templates: Path | None = None) -> bytes:
    """The report in ``html``, ``md`` or ``pdf``, as bytes ready to write or send."""
    if fmt == "pdf":
        from graphhub.reports.pdf import html_to_pdf

        return html_to_pdf(render_text(report, "html", templates))
    return render_text(report, fmt, templates).encode("utf-8")


MEDIA_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
               "pdf": "application/pdf"}
