"""Donor-gap reports: funding, gaps, overlaps and concentration for a selection.

``build_report`` reads the graph (through the query modules, public data only) into a
``DonorGapReport``; ``render`` turns it into HTML, Markdown or PDF; ``render_report`` and
``write_report`` (``build``) do both, for the CLI, the HTTP route and the demo's sample,
which ``write_sample_report`` writes.
"""

from __future__ import annotations

from graphhub.reports.build import ReportRequest, render_report, write_report
from graphhub.reports.render import render
from graphhub.reports.report import DonorGapReport, build_report
from graphhub.reports.sample import write_sample_report
from graphhub.reports.selection import Selection, make_selection

__all__ = [
    "DonorGapReport",
    "ReportRequest",
    "Selection",
    "build_report",
    "make_selection",
    "render",
    "render_report",
    "write_report",
    "write_sample_report",
]
