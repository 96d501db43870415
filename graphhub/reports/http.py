"""GET (or POST with a priorities file as the body) /reports/donor-gap for coordinators.

Query parameters mirror the CLI: ``region``, ``countries`` and ``sectors`` (comma-separated
or repeated), ``programme``, ``from``, ``to``, ``format`` (html, md or pdf; without it the
Accept header chooses). A POST body is a priorities file, CSV (``text/csv``) or YAML
(``application/yaml``). The app mounting ``routes()`` provides ``state.driver`` (async
Neo4j driver) and ``state.settings``, and restricts the path to the coordinator role.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graphhub.reports.build import ReportRequest, render_report, report_runner
from graphhub.reports.errors import PrioritiesError, RenderError, ReportError, ReportTimeout
from graphhub.reports.priorities import Priority, parse_priorities
from graphhub.reports.render import MEDIA_TYPES
from graphhub.reports.selection import Selection, make_selection

ACCEPTED = {"application/pdf": "pdf", "text/markdown": "md", "text/html": "html"}


def choose_format(request: Request) -> str:
    """The ``format`` parameter, else the first format the Accept header names, else html."""
    asked = request.query_params.get("format")
    if asked:
        if asked not in MEDIA_TYPES:
            raise ReportError(f"format {asked!r} is not one of html, md, pdf")
        return asked
    accept = request.headers.get("accept", "")
    ranked = sorted(
        (
            (ACCEPTED[part.split(";")[0].strip()], index)
            for index, part in enumerate(accept.split(","))
            if part.split(";")[0].strip() in ACCEPTED
        ),
        key=lambda item: item[1],
    )
    return ranked[0][0] if ranked else "html"


def _year(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise ReportError(f"{name}={raw!r} is not a year") from None


def selection_from(request: Request) -> Selection:
    """The selection the query parameters describe."""
    params = request.query_params
    return make_selection(
        region=params.get("region"),
        countries=params.getlist("countries") + params.getlist("country"),
        sectors=params.getlist("sectors") + params.getlist("sector"),
        programme=params.get("programme"),
        year_from=_year(request, "from"),
        year_to=_year(request, "to"),
        kinds=params.getlist("kinds") + params.getlist("kind"),
    )


async def _priorities(request: Request) -> list[Priority] | None:
    if request.method != "POST":
        return None
    body = (await request.body()).decode("utf-8-sig", errors="replace")
    if not body.strip():
        return None
    content_type = request.headers.get("content-type", "")
    kind = "yaml" if "yaml" in content_type else "csv"
    return parse_priorities(body, kind, name="priorities")


async def donor_gap(request: Request) -> Response:
    """The donor-gap report for the selection in the query string."""
    try:
        fmt = choose_format(request)
        selection = selection_from(request)
        priorities = await _priorities(request)
        wanted = ReportRequest(
            selection, fmt, priorities,
            priorities_file="uploaded priorities" if priorities is not None else None,
        )
        runner = report_runner(request.app.state.driver, request.app.state.settings)
        rendered = await render_report(runner, wanted)
    except PrioritiesError as exc:
        return PlainTextResponse(f"bad priorities file: {exc}", status_code=400)
    except RenderError as exc:
        return PlainTextResponse(str(exc), status_code=503)
    except ReportTimeout as exc:
        return PlainTextResponse(str(exc), status_code=504)
    except ReportError as exc:
        return PlainTextResponse(str(exc), status_code=400)
    headers = {"content-disposition": f'inline; filename="{rendered.filename}"'}
    return Response(rendered.body, media_type=rendered.media_type, headers=headers)


def routes() -> list[Route]:
    """The report routes, for the app to mount."""
    return [Route("/reports/donor-gap", donor_gap, methods=["GET", "POST"])]
