"""Donor-gap reports: funding, gaps, overlaps and concentration for a selection.

``build_report`` reads the graph into a ``DonorGapReport``; ``render`` turns it into
HTML, Markdown or PDF; ``write_sample_report`` writes the demo's Central Asia report.
"""

from __future__ import annotations

from graphhub.reports.render import render
from graphhub.reports.report import DonorGapReport, build_report
from graphhub.reports.sample import write_sample_report
from graphhub.reports.selection import Selection, make_selection

__all__ = [
    "DonorGapReport",
    "Selection",
    "build_report",
    "make_selection",
    "render",
    "write_sample_report",
]
