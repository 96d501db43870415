"""Charts as inline SVG, written here: no JavaScript, no external files, print-ready.

Every text that comes from data is escaped; the functions return ``Markup`` that the
templates insert as is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from graphhub.reports.numbers import usd_short

BAR = "#2f6f9f"
REFERENCE = "#c9d6e3"
SHORTFALL = "#c0392b"
GRID = "#d0d0d0"
INK = "#222222"
FONT = "font-family='Helvetica, Arial, sans-serif' font-size='11'"


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}' role='img' class='chart' {FONT}>"
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def _label(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(items: Sequence[tuple[str, float]], title: str, width: int = 640) -> Markup:
    """Horizontal bars, one per (label, amount), largest scale first as given."""
    label_w, row_h, top = 190, 22, 8
    plot_w = width - label_w - 70
    peak = max((v for _, v in items), default=0.0) or 1.0
    height = top * 2 + row_h * max(len(items), 1)
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        bar_w = max(value / peak * plot_w, 0.0)
        body.append(
            f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end' fill='{INK}'>"
            f"{escape(_label(label, 30))}</text>"
            f"<rect x='{label_w}' y='{y + 4}' width='{bar_w:.1f}' height='{row_h - 8}' "
            f"fill='{BAR}'/>"
            f"<text x='{label_w + bar_w + 4:.1f}' y='{y + 15}' fill='{INK}'>"
            f"{escape(usd_short(value))}</text>"
        )
    return _svg(width, height, title, body)


def column_chart(items: Sequence[tuple[str, float]], title: str, width: int = 640) -> Markup:
    """Vertical columns, one per (label, amount) in the order given (years)."""
    height, bottom, top, left = 220, 24, 18, 8
    plot_h = height - bottom - top
    peak = max((v for _, v in items), default=0.0) or 1.0
    slot = (width - 2 * left) / max(len(items), 1)
    bar_w = min(slot * 0.7, 60.0)
    body = [
        f"<line x1='{left}' y1='{height - bottom}' x2='{width - left}' y2='{height - bottom}' "
        f"stroke='{GRID}'/>"
    ]
    for i, (label, value) in enumerate(items):
        h = value / peak * plot_h
        x = left + i * slot + (slot - bar_w) / 2
        y = height - bottom - h
        cx = x + bar_w / 2
        body.append(
            f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar_w:.1f}' height='{h:.1f}' fill='{BAR}'/>"
            f"<text x='{cx:.1f}' y='{y - 4:.1f}' text-anchor='middle' fill='{INK}'>"
            f"{escape(usd_short(value))}</text>"
            f"<text x='{cx:.1f}' y='{height - 8}' text-anchor='middle' fill='{INK}'>"
            f"{escape(_label(label, 12))}</text>"
        )
    return _svg(width, height, title, body)


def _shade(share: float) -> str:
    # From near-white to the bar colour; an unfunded cell stays white.
    low, high = (247, 251, 255), (47, 111, 159)
    rgb = tuple(round(lo + (hi - lo) * share) for lo, hi in zip(low, high, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def heatmap(
    rows: Sequence[str], columns: Sequence[str], values: dict[tuple[int, int], float],
    title: str, width: int = 640,
) -> Markup:
    """A rows × columns grid (countries × sectors) shaded by amount; blank cells are unfunded."""
    label_w, head_h, row_h = 140, 70, 26
    cell_w = (width - label_w - 8) / max(len(columns), 1)
    height = head_h + row_h * max(len(rows), 1) + 8
    peak = max(values.values(), default=0.0) or 1.0
    body: list[str] = []
    for j, column in enumerate(columns):
        x = label_w + j * cell_w + cell_w / 2
        body.append(
            f"<text x='{x:.1f}' y='{head_h - 6}' fill='{INK}' "
            f"transform='rotate(-30 {x:.1f} {head_h - 6})'>{escape(_label(column, 22))}</text>"
        )
    for i, row in enumerate(rows):
        y = head_h + i * row_h
        body.append(
            f"<text x='{label_w - 6}' y='{y + 17}' text-anchor='end' fill='{INK}'>"
            f"{escape(_label(row, 22))}</text>"
        )
        for j in range(len(columns)):
            x = label_w + j * cell_w
            value = values.get((i, j))
            fill = _shade(value / peak) if value else "#ffffff"
            body.append(
                f"<rect x='{x:.1f}' y='{y}' width='{cell_w:.1f}' height='{row_h}' "
                f"fill='{fill}' stroke='{GRID}'/>"
            )
            if value:
                ink = "#ffffff" if value / peak > 0.55 else INK
                body.append(
                    f"<text x='{x + cell_w / 2:.1f}' y='{y + 17}' text-anchor='middle' "
                    f"fill='{ink}'>{escape(usd_short(value))}</text>"
                )
    return _svg(width, height, title, body)


def gap_chart(items: Sequence[tuple[str, float, float]], title: str, width: int = 640) -> Markup:
    """Per (label, funded, reference): the reference as a pale bar, funded over it, the gap red."""
    label_w, row_h, top = 190, 24, 8
    plot_w = width - label_w - 90
    peak = max((max(f, r) for _, f, r in items), default=0.0) or 1.0
    height = top * 2 + row_h * max(len(items), 1)
    body: list[str] = []
    for i, (label, funded, reference) in enumerate(items):
        y = top + i * row_h
        ref_w = reference / peak * plot_w
        fund_w = funded / peak * plot_w
        body.append(
            f"<text x='{label_w - 6}' y='{y + 16}' text-anchor='end' fill='{INK}'>"
            f"{escape(_label(label, 30))}</text>"
            f"<rect x='{label_w}' y='{y + 4}' width='{ref_w:.1f}' height='{row_h - 8}' "
            f"fill='{REFERENCE}'/>"
            f"<rect x='{label_w}' y='{y + 8}' width='{fund_w:.1f}' height='{row_h - 16}' "
            f"fill='{BAR}'/>"
        )
        if funded < reference:
            body.append(
                f"<rect x='{label_w + fund_w:.1f}' y='{y + row_h - 6}' "
                f"width='{ref_w - fund_w:.1f}' height='2' fill='{SHORTFALL}'/>"
            )
        end = label_w + max(ref_w, fund_w) + 4
        body.append(
            f"<text x='{end:.1f}' y='{y + 16}' fill='{INK}'>"
            f"{escape(usd_short(funded))} / {escape(usd_short(reference))}</text>"
        )
    return _svg(width, height, title, body)
