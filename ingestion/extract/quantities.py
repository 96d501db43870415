"""Drug quantities to kilograms: "1.2 tons" -> 1200.0, "450 grams" -> 0.45."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.extract.money import parse_number

_UNITS: dict[str, tuple[float, str]] = {
    "kg": (1.0, "kg"),
    "kgs": (1.0, "kg"),
    "kilo": (1.0, "kg"),
    "kilos": (1.0, "kg"),
    "kilogram": (1.0, "kg"),
    "kilograms": (1.0, "kg"),
    "kilogrammes": (1.0, "kg"),
    "t": (1000.0, "kg"),
    "ton": (1000.0, "kg"),
    "tons": (1000.0, "kg"),
    "tonne": (1000.0, "kg"),
    "tonnes": (1000.0, "kg"),
    "g": (0.001, "kg"),
    "gr": (0.001, "kg"),
    "gram": (0.001, "kg"),
    "grams": (0.001, "kg"),
    "grammes": (0.001, "kg"),
    "l": (1.0, "l"),
    "litre": (1.0, "l"),
    "litres": (1.0, "l"),
    "liter": (1.0, "l"),
    "liters": (1.0, "l"),
}
_UNIT = re.compile(r"(?<=[\d\s])([a-z]+)\b")


@dataclass(frozen=True)
class Quantity:
    """A quantity in kilograms (``unit == "kg"``) or litres (``unit == "l"``)."""

    value: float
    unit: str


def parse_quantity(text: str) -> Quantity | None:
    """The quantity in "349 kg", "2.5 tonnes" or "1,200 litres"; None without a unit."""
    lowered = text.lower()
    number = parse_number(lowered)
    if number is None:
        return None
    if re.search(r"\bmillion\b", lowered):
        number *= 1e6
    elif re.search(r"\bthousand\b", lowered):
        number *= 1e3
    for word in _UNIT.findall(lowered):
        if word in _UNITS:
            factor, unit = _UNITS[word]
            return Quantity(round(number * factor, 6), unit)
    return None
