"""HTML to PDF: WeasyPrint when installed, else Debian's Chromium printing headless."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from graphhub.reports.errors import RenderError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_TIMEOUT_S = 120


def chromium_path() -> str | None:
    """The first Chromium found on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page (A4, as its print stylesheet says)."""
    try:
        import weasyprint
    except ImportError:
        return _chromium_pdf(html)
    result: bytes = weasyprint.HTML(string=html).write_pdf()
    return result


def _chromium_pdf(html: str) -> bytes:
    browser = chromium_path()
    if browser is None:
        raise RenderError(
            "no PDF engine: install WeasyPrint (pip install weasyprint) or Chromium"
        )
    with tempfile.TemporaryDirectory(prefix="graphhub-pdf-") as tmp:
        page, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CHROMIUM_TIMEOUT_S, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise RenderError(f"Chromium could not print the report to PDF ({exc})") from exc
        if not out.is_file():
            raise RenderError("Chromium printed no PDF")
        return out.read_bytes()
