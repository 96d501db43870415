"""Cell values: amounts written the ways people write them, years and ISO dates.

Each parser returns the value or raises ``ValueError`` with a reason a user can
act on; the readers turn that into a ``RecordError`` naming file, row and column.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

MIN_YEAR = 1950
MAX_YEAR = 2100
# No funding reaches ten trillion in any currency: a larger figure is a typo or junk.
MAX_AMOUNT = 1e13

_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_AMOUNT = re.compile(
    r"^(?P<cur>[A-Za-z]{3}|[$€£¥])?\s*(?P<num>[-+]?[\d.,' \u00a0\u202f]*\d)\s*"
    r"(?P<scale>[A-Za-z]+)?\s*(?P<cur2>[A-Za-z]{3})?$"
)
_THOUSANDS_COMMA = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^[-+]?\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d{1,2}$")


def parse_number(text: str) -> float:
    """A number written with or without thousands separators ("1,234.5", "1.234,5", "1 234")."""
    num = re.sub(r"[ '\u00a0\u202f]", "", text.strip())
    if _PLAIN.match(num):
        return float(num)
    if _THOUSANDS_COMMA.match(num):
        return float(num.replace(",", ""))
    if _THOUSANDS_DOT.match(num):
        return float(num.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(num):
        return float(num.replace(",", "."))
    raise ValueError(f"cannot read {text.strip()!r} as a number")


def parse_amount(text: str) -> tuple[float, str | None]:
    """(amount, currency written in the cell or None): "USD 1.5 million" -> (1500000.0, "USD")."""
    value = text.strip()
    if not value:
        raise ValueError("amount is empty")
    match = _AMOUNT.match(value)
    if match is None:
        raise ValueError(f"cannot read {value!r} as an amount")
    number = parse_number(match["num"])
    scale = match["scale"]
    currency = match["cur"] or match["cur2"]
    if scale:
        factor = _SCALES.get(scale.lower())
        if factor is None and currency is None and len(scale) == 3:
            currency = scale  # "1,000 EUR": the word after the number is the currency
        elif factor is None:
            raise ValueError(f"cannot read {value!r} as an amount (unknown unit {scale!r})")
        else:
            number *= factor
    if currency is not None:
        currency = _SYMBOLS.get(currency, currency.upper())
    return number, currency


def parse_year(text: str) -> int:
    """A plausible year from "2012", "2012.0", "FY2012", "2012-03-31" or "31/03/2012"."""
    value = text.strip()
    match = re.fullmatch(r"(?:FY\s*)?(\d{4})(?:\.0+)?", value, flags=re.IGNORECASE)
    year = int(match[1]) if match else parse_date(value).year
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    return year


def parse_date(text: str) -> date:
    """A real calendar date from ISO ("2012-03-31", with time) or day-first ("31/03/2012")."""
    value = text.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a valid date (expected YYYY-MM-DD)")


def check_amount(amount: float, *, corrections: bool = False) -> float:
    """The amount of a funding when plausible, else ValueError with the rule broken.

    An amount must be under 1e13 in its currency (by absolute value) and more than 0;
    with ``corrections`` (IATI transactions, where a negative value reduces an earlier
    one) negative values and 0 are kept.
    """
    if not math.isfinite(amount):
        raise ValueError("amount is not a finite number")
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(
            f"amount {amount:.6g} is not plausible (amounts must be under 1e13 in their currency)"
        )
    if not corrections and amount <= 0:
        sign = "negative" if amount < 0 else "0"
        raise ValueError(f"amount is {sign}; an amount must be more than 0")
    return amount
