"""One activity, one Project: the same activity reported by two sources is recognised.

An aid database's table and the IATI file of the same database name their activities
differently: a table row says ``AFG/000344``, the IATI activity
``US-501c3-522318905-SG-AFG/000344`` (an IATI identifier is ``<reporting-org ref>-<own
code>``). A Project record is the same activity as one already known (in this load or in
the graph) when, checked in this order:

1. its IATI identifier (an IATI activity's, or a table row's ``iati_identifier``) equals a
   known activity's IATI identifier or code;
2. its code equals a known activity's IATI identifier or one of its codes;
3. its code is the whole trailing part of exactly one known IATI identifier after a ``-``
   separator, or one of its IATI identifier's trailing parts is the code of exactly one
   known activity that has no other IATI identifier; and the code is specific: at least
   ``MIN_CODE_CHARS`` characters, not all digits (``000344`` alone names nothing).

Codes are compared as ids are made (case, accents and spacing ignored). A new activity
takes its id from its IATI identifier when it has one, else from its code, so a table
row that states the identifier lands on the same Project whichever file came first.
Matched by a trailing part (rule 3), a record joins the Project that was there first and
its own code is kept in ``codes``. Every match is a ``Decision`` saying which rule held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphhub.ids import normalise_key
from ingestion.resolve.resolution import Decision

MIN_CODE_CHARS = 6
SEPARATOR = "-"


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def iati_identifier(props: Mapping[str, Any]) -> str | None:
    """The IATI identifier a Project record states (an IATI activity's, a table column's)."""
    return _text(props.get("iati_identifier")) or _text(props.get("iati_id"))


def specific(code: str) -> bool:
    """A code long and distinct enough to name one activity on its own: at least six
    characters, not all digits."""
    bare = code.strip()
    return len(bare) >= MIN_CODE_CHARS and not bare.isdigit()


def trailing_parts(identifier: str) -> list[str]:
    """The specific parts of an IATI identifier after each ``-``, longest first:
    ``GB-1-AFG/000344`` gives ``1-AFG/000344`` and ``AFG/000344``."""
    parts: list[str] = []
    for at, char in enumerate(identifier):
        if char == SEPARATOR:
            rest = identifier[at + 1 :].strip()
            if rest and specific(rest):
                parts.append(rest)
    return parts


@dataclass
class Activity:
    """A Project as the activity index knows it: its id, its code, its IATI identifier
    and every code a source gave it."""

    id: str
    code: str
    identifier: str | None = None
    codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KnownActivity:
    """A Project the graph already holds, for ``ActivityIndex.seed``."""

    id: str
    code: str | None
    identifier: str | None = None
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """The known activity a record is, and why."""

    activity: Activity
    decision: Decision


@dataclass
class ActivityIndex:
    """Known activities by IATI identifier, by code and by the trailing parts of their
    identifiers (keys in id form)."""

    identifiers: dict[str, Activity] = field(default_factory=dict)
    codes: dict[str, Activity] = field(default_factory=dict)
    suffixes: dict[str, list[Activity]] = field(default_factory=dict)

    def seed(self, known: Iterable[KnownActivity]) -> int:
        """Add the Projects the graph holds; returns how many were added."""
        count = 0
        for node in known:
            code = node.code or node.identifier
            if not code:
                continue
            activity = Activity(node.id, code)
            self.register(activity, node.identifier, (code, *node.codes))
            count += 1
        return count

    def register(
        self, activity: Activity, identifier: str | None, codes: Iterable[str]
    ) -> None:
        """Remember ``activity`` under its identifier and codes (the first one keeps a key)."""
        for code in codes:
            if code and code not in activity.codes:
                activity.codes.append(code)
            if code:
                self.codes.setdefault(normalise_key(code), activity)
        if identifier and activity.identifier is None:
            activity.identifier = identifier
            self.identifiers.setdefault(normalise_key(identifier), activity)
            self.codes.setdefault(normalise_key(identifier), activity)
            for part in trailing_parts(identifier):
                listed = self.suffixes.setdefault(normalise_key(part), [])
                if all(known.id != activity.id for known in listed):
                    listed.append(activity)

    def match(self, code: str | None, identifier: str | None) -> Match | None:
        """The known activity a record with this code and IATI identifier is, if any."""
        if identifier:
            key = normalise_key(identifier)
            known = self.identifiers.get(key) or self.codes.get(key)
            if known is not None:
                return Match(known, Decision(
                    "iati-identifier", 1.0, known.code,
                    f"same IATI identifier {identifier} as project {known.code}"))
        if code:
            key = normalise_key(code)
            known = self.identifiers.get(key) or self.codes.get(key)
            if known is not None:
                reason = (f"same project code {code} as a known project" if known.code == code
                          else f"code {code} is a code of project {known.code}")
                return Match(known, Decision("code", 1.0, known.code, reason))
            if specific(code) and (found := self._by_suffix(code, identifier)) is not None:
                return found
        if identifier:
            return self._by_prefix(identifier)
        return None

    def _by_suffix(self, code: str, identifier: str | None) -> Match | None:
        listed = [a for a in self.suffixes.get(normalise_key(code), [])
                  if identifier is None or a.identifier == identifier]
        if len(listed) != 1:
            return None
        known = listed[0]
        reason = (f"code {code} is the own code of the only known IATI identifier ending in "
                  f"-{code}: {known.identifier}")
        return Match(known, Decision("iati-suffix", 1.0, known.code, reason))

    def _by_prefix(self, identifier: str) -> Match | None:
        found: dict[str, tuple[Activity, str]] = {}
        for part in trailing_parts(identifier):
            known = self.codes.get(normalise_key(part))
            if known is not None and known.identifier in (None, identifier):
                found.setdefault(known.id, (known, part))
        if len(found) != 1:
            return None
        known, part = next(iter(found.values()))
        reason = (f"IATI identifier {identifier} ends in -{part}, the code of the only known "
                  f"project with that code: {known.code}")
        return Match(known, Decision("iati-suffix", 1.0, known.code, reason))


@dataclass(frozen=True)
class ResolvedActivity:
    """A Project record's canonical id, why, and its props as the graph keeps them."""

    id: str
    decision: Decision
    props: dict[str, Any]


def resolve_activity(
    index: ActivityIndex, props: Mapping[str, Any], make_id: Callable[[str], str]
) -> ResolvedActivity | None:
    """The Project a record with a code or IATI identifier is (None: it has neither).

    ``make_id`` gives a new activity's id from its IATI identifier, else its code. The
    props come back with ``code`` (the Project's canonical code: its IATI identifier when
    it has one), ``codes`` (every code sources gave it) and ``iati_identifier``.
    """
    code, identifier = _text(props.get("code")), iati_identifier(props)
    own = identifier or code
    if own is None:
        return None
    found = index.match(code, identifier)
    if found is None:
        activity = Activity(make_id(own), own)
        source = "IATI identifier" if identifier else "code"
        decision = Decision("code", 1.0, own, f"project {source} {own} given by the source")
    else:
        activity, decision = found.activity, found.decision
    index.register(activity, identifier, [c for c in (own, code) if c])
    out = dict(props)
    out["code"] = activity.code
    out["codes"] = list(activity.codes)
    if activity.identifier:
        out["iati_identifier"] = activity.identifier
    return ResolvedActivity(activity.id, decision, out)
