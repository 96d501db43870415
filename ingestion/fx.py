"""Exchange rates: yearly averages that turn an amount in any listed currency into USD.

The rates live in ``ingestion/data/fx_rates.csv`` (units of the currency per US
dollar, one row per currency and year) and are loaded once. A missing rate gives
``None``: the caller reports it, nothing is guessed.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

RATES_FILE = Path(__file__).parent / "data" / "fx_rates.csv"


@cache
def rates() -> dict[tuple[str, int], float]:
    """The bundled table as ``{(currency, year): units per USD}``, read once."""
    table: dict[tuple[str, int], float] = {}
    with RATES_FILE.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines):
            table[(row["currency"].strip().upper(), int(row["year"]))] = float(row["units_per_usd"])
    return table


def rate(currency: str, year: int) -> float | None:
    """Units of ``currency`` per US dollar on average in ``year``, or None when unknown."""
    return rates().get((currency.strip().upper(), year))


def to_usd(amount: float, currency: str, year: int | None) -> float | None:
    """``amount`` in ``currency`` converted at ``year``'s average rate; None without a rate."""
    if currency.strip().upper() == "USD":
        return amount
    if year is None:
        return None
    units = rate(currency, year)
    if units is None:
        return None
    return amount / units


def missing_rate_message(currency: str, year: int | None) -> str:
    """The sentence shown when a conversion is impossible."""
    when = f"in {year}" if year is not None else "without a year"
    return f"no USD rate for {currency.strip().upper()} {when}"
