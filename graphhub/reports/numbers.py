"""How the reports write amounts and shares."""

from __future__ import annotations


def usd(value: float | None) -> str:
    """``USD 1,800,000`` (whole dollars); a dash for no value."""
    if value is None:
        return "–"
    return f"USD {value:,.0f}"


def usd_short(value: float | None) -> str:
    """``1.8 m``, ``250 k``, ``900``: for chart labels."""
    if value is None:
        return "–"
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:.1f} bn"
    if size >= 1e6:
        return f"{value / 1e6:.1f} m"
    if size >= 1e3:
        return f"{value / 1e3:.0f} k"
    return f"{value:.0f}"


def percent(share: float | None) -> str:
    """``75%`` from 0.75; a dash for no value."""
    return "–" if share is None else f"{share * 100:.0f}%"
