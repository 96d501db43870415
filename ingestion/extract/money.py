"""Money phrases to amounts: "$26 million" -> 26000000.0 USD, "almost 70 million dollars"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.extract.gazetteer import load_gazetteer

_NUMBER = re.compile(r"\d[\d,.\s]*\d|\d")
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}
_APPROXIMATE = ("almost", "about", "some", "over", "approximately", "nearly", "around",
                "more than", "up to", "roughly", "approx", "close to", "under")
_WORD = re.compile(r"[a-z$€£¥]+(?:\$)?|\$|€|£|¥")


@dataclass(frozen=True)
class Money:
    """An amount in units of one ISO 4217 currency; approximate when hedged ("almost")."""

    amount: float
    currency: str | None
    approximate: bool = False


def parse_number(text: str) -> float | None:
    """A number written with thousands separators ("1,800,000", "3.2", "1 317") as float."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    raw = re.sub(r"\s", "", match.group(0))
    # A comma followed by exactly three digits groups thousands; otherwise it is decimal.
    if "," in raw and "." not in raw and not re.fullmatch(r"\d{1,3}(,\d{3})+", raw):
        raw = raw.replace(",", ".")
    raw = raw.replace(",", "")
    if raw.count(".") > 1:
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


def parse_money(text: str) -> Money | None:
    """The amount, currency and hedge of a money phrase, or None when it holds no number."""
    lowered = text.lower().strip()
    value = parse_number(lowered)
    if value is None:
        return None
    words = _WORD.findall(lowered)
    scale = 1.0
    for word in words:
        if word in _SCALES and (word not in ("m", "k") or re.search(rf"\d\s*{word}\b", lowered)):
            scale = _SCALES[word]
            break
    currency = currency_of(lowered)
    approximate = any(re.search(rf"(^|\W){re.escape(h)}\b", lowered) for h in _APPROXIMATE)
    return Money(round(value * scale, 2), currency, approximate)


def currency_of(text: str) -> str | None:
    """The ISO 4217 code named in a money phrase ("US$" and "dollars" are USD)."""
    table = load_gazetteer().currencies
    lowered = text.lower()
    for multi in ("us dollars", "norwegian kroner", "swedish kronor", "swiss francs", "us$"):
        if multi in lowered:
            return table[multi]
    for symbol in ("€", "£", "¥", "$"):
        if symbol in lowered:
            return table[symbol]
    for word in re.findall(r"[a-z]+", lowered):
        if word in table:
            return table[word]
    return None
