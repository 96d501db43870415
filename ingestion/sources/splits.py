"""Cells that hold lists (``AFG,JOR``, donors joined by a bar) and how an amount is shared.

A mapping's ``split:`` entry says, per field (donor, country, sector, implementer), how
a cell is cut: a literal ``separator`` or a regex ``pattern``, and how the row's amount
is shared among the parts: ``evenly`` (the default), ``{column: NAME}`` (a column with
the percentages, a parallel list cut the same way, adding up to 100 within 0.5) or
``none`` (countries and sectors only: the project is linked to every part and the
funding is not sliced). An implementer is not part of a funding: its parts are all
linked and ``share`` does not apply.

Amounts are shared in whole units of the amount's last decimal (cents at least) by
largest remainder, so the slices of a row add up exactly to the row's amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

SPLIT_FIELDS = ("donor", "country", "sector", "implementer")
EVENLY = "evenly"
NONE = "none"
PERCENT_TOLERANCE = Fraction(1, 2)
_RULE_KEYS = ("separator", "pattern", "share")
_MAX_DECIMALS = 6


@dataclass(frozen=True)
class SplitRule:
    """How one field's cells are cut into parts and how the amount is shared among them."""

    field: str
    separator: str | None = None
    pattern: str | None = None
    share: str = EVENLY  # evenly, none, or "column" (percentages in share_column)
    share_column: str | None = None

    def cut(self, cell: str) -> list[str]:
        """The cell's parts, stripped, in order (empty parts kept: the caller drops them)."""
        if self.separator is not None:
            pieces = cell.split(self.separator)
        else:
            pieces = re.split(self.pattern or "", cell)
        return [p.strip() for p in pieces]

    @property
    def sliced(self) -> bool:
        """Whether the parts slice the funding (else the project is linked to all parts)."""
        return self.share != NONE


def split_rule(name: str, raw: Any) -> SplitRule:
    """The rule of a ``split:`` entry; ValueError naming the entry and what is wrong."""
    where = f"split: {name}"
    if name not in SPLIT_FIELDS:
        raise ValueError(f"{where}: only {', '.join(SPLIT_FIELDS)} can be split")
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: give a separator or a pattern (and optionally share)")
    unknown = [str(k) for k in raw if k not in _RULE_KEYS]
    if unknown:
        raise ValueError(
            f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
            f"a split rule has {', '.join(_RULE_KEYS)}"
        )
    separator, pattern = raw.get("separator"), raw.get("pattern")
    if (separator is None) == (pattern is None):
        raise ValueError(f"{where}: give exactly one of separator and pattern")
    if separator is not None and (not isinstance(separator, str) or not separator):
        raise ValueError(f"{where}: separator must be a non-empty text")
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            raise ValueError(f"{where}: pattern must be a non-empty regular expression")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(
                f"{where}: pattern {pattern!r} is not a regular expression ({exc})"
            ) from None
        if compiled.fullmatch(""):
            raise ValueError(f"{where}: pattern {pattern!r} matches the empty text")
    share, column = _share(where, name, raw.get("share", NONE if name == "implementer" else EVENLY))
    return SplitRule(name, separator, pattern, share, column)


def _share(where: str, name: str, raw: Any) -> tuple[str, str | None]:
    if isinstance(raw, dict):
        if set(raw) != {"column"} or not isinstance(raw["column"], str) or not raw["column"]:
            raise ValueError(f"{where}: share must be evenly, none or {{column: NAME}}")
        mode, column = "column", raw["column"]
    elif raw in (EVENLY, NONE):
        mode, column = str(raw), None
    else:
        raise ValueError(f"{where}: share must be evenly, none or {{column: NAME}}, not {raw!r}")
    if name == "donor" and mode == NONE:
        raise ValueError(
            f"{where}: share none is not possible for donor: a funding has one donor; "
            "use evenly or {column: NAME}"
        )
    if name == "implementer" and mode != NONE:
        raise ValueError(
            f"{where}: an implementer is not part of a funding; every part is linked to the "
            "project and share does not apply (leave it out or say none)"
        )
    return mode, column


def percentages(rule: SplitRule, parts: list[str], cell: str) -> list[Fraction]:
    """The percentage of each part from the share column's cell; ValueError when they don't fit.

    The cell is cut like the parts; it must hold one number (``60``, ``60%``, ``12.5``)
    per part, empty parts and their percentages aside, adding up to 100 within 0.5.
    """
    values = rule.cut(cell)
    if len(values) != len(parts):
        raise ValueError(
            f"{len(parts)} {rule.field} parts but {len(values)} percentages in "
            f"{rule.share_column!r}"
        )
    shares: list[Fraction] = []
    for part, value in zip(parts, values, strict=True):
        text = value.rstrip("%").strip()
        if not part and not text:
            shares.append(Fraction(0))
            continue
        try:
            number = Fraction(Decimal(text))
        except (ArithmeticError, ValueError):
            raise ValueError(
                f"percentage {value!r} of {rule.field} {part!r} is not a number"
            ) from None
        if number < 0:
            raise ValueError(f"percentage {value!r} of {rule.field} {part!r} is negative")
        if number and not part:
            raise ValueError(f"percentage {value!r} is given for an empty {rule.field} part")
        shares.append(number)
    total = sum(shares, Fraction(0))
    if abs(total - 100) > PERCENT_TOLERANCE:
        raise ValueError(
            f"the {rule.field} percentages in {rule.share_column!r} add up to "
            f"{float(total):g}, not 100 (within 0.5)"
        )
    return shares


def allocate(amount: float, fractions: list[Fraction]) -> list[float]:
    """``amount`` shared by ``fractions`` (adding up to 1), in whole units of its last decimal.

    Largest remainder: each part gets its share rounded down, and the units left go to
    the parts with the largest remainders, so the parts add up exactly to ``amount``.
    """
    if len(fractions) == 1 and fractions[0] == 1:
        return [amount]  # not split: the amount as the source wrote it
    exact = Decimal(repr(amount))
    decimals = max(2, min(_MAX_DECIMALS, -int(exact.as_tuple().exponent)))
    unit = Decimal(1).scaleb(-decimals)
    total = int((exact / unit).to_integral_value())
    whole = [total * f for f in fractions]
    units = [int(w) if w >= 0 else -int(-w) for w in whole]
    left = total - sum(units)
    order = sorted(range(len(whole)), key=lambda i: (-(whole[i] - units[i]), i))
    for index in order[: max(0, left)]:
        units[index] += 1
    return [float(Decimal(u) * unit) for u in units]
