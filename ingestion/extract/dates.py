"""Dates in running text to ISO strings: "3 May 2012" -> "2012-05-03", "March 2013" -> "2013-03"."""

from __future__ import annotations

import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<mnum>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
               + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
               r"(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)\b(?!-)"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)\b"),
)


def find_date(text: str) -> str | None:
    """The first date in the text as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when absent."""
    for form in _FORMS:
        match = form.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = parts["year"]
        month = parts.get("mnum") or (
            str(_MONTHS[parts["month"].lower()]) if parts.get("month") else None
        )
        if month is None:
            return year
        if not 1 <= int(month) <= 12:
            continue
        day = parts.get("day")
        if day is None:
            return f"{year}-{int(month):02d}"
        if not 1 <= int(day) <= 31:
            continue
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def find_year(text: str) -> int | None:
    """The first four-digit year (1900-2099) in the text."""
    match = re.search(r"\b((?:19|20)\d\d)\b", text)
    return int(match.group(1)) if match else None
