"""PDF and pictures of the report: the first PDF page and the HTML page are not blank.

The PNGs stay under test-artifacts/reports/ for people to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from graphhub.queries.runner import Runner
from graphhub.reports.pdf import _chromium_pdf, chromium_path
from graphhub.reports.render import render, render_text
from graphhub.reports.report import DonorGapReport, build_report
from graphhub.reports.selection import make_selection

from .conftest import Doc

pytestmark = pytest.mark.neo4j


def assert_not_blank(png: Path) -> None:
    """A page with text and charts has many colours and varied pixels."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        spread = ImageStat.Stat(rgb.convert("L")).stddev[0]
    assert len(colours) > 50, f"{png}: only {len(colours)} colours"
    assert spread > 10, f"{png}: grey-level spread {spread:.1f}"


async def _report(runner: Runner) -> DonorGapReport:
    return await build_report(runner, make_selection(region="Central Asia"))


async def test_first_pdf_page_is_not_blank(
    central_asia: list[Doc], runner: Runner, artifacts: Path,
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed: run scripts/system-deps.sh as root")
    pdf = render(await _report(runner), "pdf")
    assert pdf.startswith(b"%PDF")
    target = artifacts / "donor-gap.pdf"
    target.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(target),
         str(artifacts / "donor-gap-pdf-page1")],
        check=True, timeout=60,
    )
    assert_not_blank(artifacts / "donor-gap-pdf-page1.png")


@pytest.mark.browser
async def test_html_page_in_chromium_is_not_blank(
    central_asia: list[Doc], runner: Runner, artifacts: Path,
) -> None:
    browser = chromium_path()
    if browser is None:
        pytest.skip("Chromium not installed: run scripts/system-deps.sh as root")
    report = await _report(runner)
    page = artifacts / "donor-gap-page.html"
    page.write_text(render_text(report, "html"), encoding="utf-8")
    shot = artifacts / "donor-gap-html.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={artifacts / 'chromium-profile'}", "--window-size=1000,1400",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, check=True, timeout=120,
    )
    assert_not_blank(shot)
    # The fallback PDF engine prints the same page.
    assert _chromium_pdf(page.read_text(encoding="utf-8")).startswith(b"%PDF")
