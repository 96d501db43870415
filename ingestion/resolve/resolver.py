"""The resolver: maps every record of an extraction onto a canonical, deterministic id.

A ``Resolver`` keeps an index of what it knows (seeded from the graph, extended by
every record it resolves), so documents later in a run resolve against earlier
ones. Checks, in order, for named nodes: source code (IATI ref), a government named
by its country (``resolve.governments``), alias files, exact name after the label's
features, acronym, fuzzy match, else a new node. Every answer carries a ``Decision``
saying which check decided and why.

Records of structured sources (``resolve(..., structured=True)``) resolve only by
certain evidence: a fuzzy candidate does not merge them; the record gets its own node
and the pair becomes a ``MergeProposal`` an analyst reviews, unless one name has a word
the other lacks (``fuzzy.extra_word``), which makes them different names.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphhub.ids import make_id
from graphhub.model import Label, RelType
from ingestion.extract.countries import by_iso3, resolve_country
from ingestion.records import Extraction, NodeRecord
from ingestion.resolve.activities import ActivityIndex, resolve_activity
from ingestion.resolve.aliases import AliasEntry, bundled_aliases_path, load_aliases
from ingestion.resolve.features import (
    drop_legal_form,
    explain_steps,
    explanation,
    looks_like_acronym,
    name_key,
)
from ingestion.resolve.fuzzy import best_match, extra_word, threshold
from ingestion.resolve.governments import government_id, government_name, government_of
from ingestion.resolve.index import Entry, NameIndex
from ingestion.resolve.keys import (
    DOCUMENT_SCOPED,
    account_id,
    account_number,
    code_id,
    country_id,
    document_scoped_id,
    is_iban,
    kind_of,
    name_id,
)
from ingestion.resolve.resolution import (
    Decision,
    KnownNode,
    MergeProposal,
    Resolution,
    ResolvedNode,
)
from ingestion.resolve.seizures import natural_key, seizure_ends, seizure_id

CODED_LABELS = frozenset({Label.PROJECT, Label.SECTOR})
GOVERNMENT = "gov:"  # index code prefix of a government, by its country's alpha-3 code


def _index_label(label: Label) -> Label:
    # A donor is an organization that funds something: one name space for both.
    return Label.ORGANIZATION if label is Label.DONOR else label


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _unique(names: Iterable[str], skip: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        clean = " ".join(name.split())
        if clean and clean != skip:
            seen.setdefault(clean, None)
    return tuple(seen)


class Resolver:
    """Holds the known index and resolves extractions against it (no I/O of its own)."""

    def __init__(self, aliases: Iterable[AliasEntry] = ()) -> None:
        self.index = NameIndex()
        self.activities = ActivityIndex()  # Projects across sources (resolve.activities)
        self._aliases: dict[tuple[Label, str], AliasEntry] = {}
        self._alias_acronyms: dict[tuple[Label, str], AliasEntry] = {}
        for entry in aliases:
            self.add_alias(entry)

    @classmethod
    def with_aliases(cls, user_file: Path | None = None) -> Resolver:
        """A resolver with the bundled alias file and, when given, the user's one after it."""
        entries = load_aliases(bundled_aliases_path())
        if user_file is not None:
            entries.extend(load_aliases(user_file))
        return cls(entries)

    def add_alias(self, entry: AliasEntry) -> None:
        """Register one alias-file entry; a later entry wins over an earlier one."""
        for name in (entry.name, *entry.aliases):
            self._aliases[(entry.label, name_key(name, entry.label))] = entry
        if entry.acronym:
            self._alias_acronyms[(entry.label, entry.acronym.upper())] = entry

    def seed(self, known: Iterable[KnownNode]) -> int:
        """Add nodes the graph already holds; returns how many were added."""
        count = 0
        for node in known:
            label = _index_label(node.label)
            entry = Entry(node.id, label, node.name, node.acronym)
            for name in (node.name, *node.aliases):
                self.index.add_name(name_key(name, label), entry)
            if node.acronym:
                self.index.add_acronym(node.acronym, entry)
            if node.iati_ref:
                self.index.add_code("iati:" + node.iati_ref, entry)
            if node.iban:
                self.index.add_code(account_number(node.iban), entry)
            if label is Label.ORGANIZATION and (country := government_of(node.name)):
                self.index.add_code(GOVERNMENT + country.iso3, entry)
            count += 1
        return count

    def resolve(self, extraction: Extraction, structured: bool = False) -> Resolution:
        """Canonical nodes for every record of one document, in record order.

        ``structured``: the records come from a structured source, whose names resolve
        by certain evidence only; fuzzy candidates become ``Resolution.proposals``.
        """
        resolved: dict[str, ResolvedNode] = {}
        # Bare acronyms go last, so the full names stated in the same document are
        # indexed (with their acronyms) before "CARICC" alone is looked up.
        # Seizures last of all: their identity takes in the country and agency they are
        # tied to, resolved first.
        ordered = sorted(extraction.nodes, key=lambda record: (
            record.label is Label.SEIZURE, self._bare_acronym(record)))
        ends = seizure_ends(extraction)
        proposals: list[MergeProposal] | None = [] if structured else None
        for record in ordered:
            if record.label is Label.SEIZURE:
                resolved[record.ref] = self._seizure(record, extraction.doc_id,
                                                     ends.get(record.ref, {}), resolved)
                continue
            resolved[record.ref] = self._resolve_node(record, extraction.doc_id, proposals)
        result = Resolution(extraction.doc_id, proposals=proposals or [])
        result.nodes = {record.ref: resolved[record.ref] for record in extraction.nodes}
        return result

    # -- dispatch ------------------------------------------------------------------------
    def _bare_acronym(self, record: NodeRecord) -> bool:
        return _index_label(record.label) is Label.ORGANIZATION and looks_like_acronym(record.name)

    def _resolve_node(
        self, record: NodeRecord, doc_id: str, proposals: list[MergeProposal] | None
    ) -> ResolvedNode:
        if record.label in DOCUMENT_SCOPED:
            return self._document_scoped(record, doc_id)
        if record.label is Label.COUNTRY:
            return self._country(record)
        if record.label is Label.BANK_ACCOUNT:
            return self._account(record)
        if record.label in CODED_LABELS:
            return self._coded(record)
        return self._named(record, proposals)

    def _node(
        self,
        record: NodeRecord,
        node_id: str,
        name: str,
        decision: Decision,
        props: dict[str, Any] | None = None,
    ) -> ResolvedNode:
        names = (record.name, *record.aliases)
        return ResolvedNode(
            id=node_id,
            label=record.label,
            name=name,
            props=dict(record.props) if props is None else props,
            aliases=_unique(names, name),
            decision=decision,
        )

    # -- labels with their own keys ------------------------------------------------------
    def _document_scoped(self, record: NodeRecord, doc_id: str) -> ResolvedNode:
        reason = f"a {record.label} belongs to the document stating it: keyed by document and ref"
        node_id = document_scoped_id(record.label, doc_id, record.ref)
        return self._node(record, node_id, record.name, Decision("new", 1.0, None, reason))

    def _seizure(self, record: NodeRecord, doc_id: str, ends: dict[RelType, str],
                 resolved: dict[str, ResolvedNode]) -> ResolvedNode:
        """A seizure keyed by drug, quantity, date, place and agency (resolve.seizures)."""
        place, agency = (resolved[ends[rel]].id if ends.get(rel) in resolved else None
                         for rel in (RelType.IN_COUNTRY, RelType.BY))
        node_id = seizure_id(record, doc_id, place, agency)
        parts = ", ".join(part for part in natural_key(record.props, place, agency) if part)
        scope = "" if record.props.get("date") else " within its document (no date)"
        reason = f"a seizure is keyed by drug, quantity, date, place and agency{scope}: {parts}"
        return self._node(record, node_id, record.name, Decision("code", 1.0, None, reason))

    def _country(self, record: NodeRecord) -> ResolvedNode:
        props = dict(record.props)
        code = _text(props.get("iso3"))
        country = by_iso3(code.upper()) if code else None
        if country is not None:
            reason = f"ISO 3166 code {country.iso3} given by the source"
        else:
            for name in (record.name, *record.aliases):
                country = resolve_country(name)
                if country is not None:
                    reason = f"{name!r} is the ISO 3166 country {country.iso3}"
                    break
        if country is None:
            key = name_key(record.name, Label.COUNTRY)
            reason = f"{record.name!r} is not a known ISO 3166 country name; kept as named"
            return self._node(
                record,
                make_id("country", key),
                record.name,
                Decision("new", 1.0, None, reason),
                props,
            )
        props.setdefault("iso3", country.iso3)
        props.setdefault("iso2", country.iso2)
        decision = Decision("iso3", 1.0, country.name, reason)
        return self._node(record, country_id(country.iso3), country.name, decision, props)

    def _account(self, record: NodeRecord) -> ResolvedNode:
        number = account_number(_text(record.props.get("iban")) or record.name)
        method = "iban" if is_iban(number) else "code"
        what = "IBAN" if method == "iban" else "account number"
        known = self.index.codes.get((Label.BANK_ACCOUNT, number))
        if known is not None:
            decision = Decision(method, 1.0, known.name, f"same {what} {number} as a known account")
            return self._node(record, known.id, known.name, decision)
        entry = Entry(account_id(number), Label.BANK_ACCOUNT, number)
        self.index.add_code(number, entry)
        decision = Decision(method, 1.0, None, f"new account keyed by its {what} {number}")
        return self._node(record, entry.id, number, decision)

    def _coded(self, record: NodeRecord) -> ResolvedNode:
        label = record.label
        code = _text(record.props.get("code"))
        title = _text(record.props.get("title")) or record.name
        key = name_key(title, label)
        if label is Label.PROJECT and (same := resolve_activity(
                self.activities, record.props, lambda own: code_id(label, own))) is not None:
            self.index.add_name(key, Entry(same.id, label, record.name))
            return self._node(record, same.id, record.name, same.decision, same.props)
        if code:
            entry = Entry(code_id(label, code), label, record.name)
            self.index.add_name(key, entry)
            reason = f"{label} code {code} given by the source"
            return self._node(record, entry.id, record.name, Decision("code", 1.0, code, reason))
        known = self.index.by_name(label, key)
        if known is not None:
            reason = f"same {label.lower()} name as {known.name!r}" + self._steps(
                title, known.name, label
            )
            return self._node(
                record, known.id, known.name, Decision("exact", 1.0, known.name, reason)
            )
        entry = Entry(make_id(kind_of(label), key), label, record.name)
        self.index.add_name(key, entry)
        reason = f"no code given and no known {label.lower()} of that name; keyed by its name"
        return self._node(record, entry.id, record.name, Decision("new", 1.0, None, reason))

    # -- named nodes ---------------------------------------------------------------------
    def _steps(self, first: str, second: str, label: Label) -> str:
        steps = explain_steps(first, second, label)
        return " once " + "; ".join(step[0].lower() + step[1:] for step in steps) if steps else ""

    def _named(self, record: NodeRecord, proposals: list[MergeProposal] | None) -> ResolvedNode:
        """A named node; ``proposals`` given (structured sources): no fuzzy merge, the
        fuzzy candidate is proposed there instead."""
        label = _index_label(record.label)
        props = dict(record.props)
        birth = _text(props.get("birth_date")) if label is Label.PERSON else None
        juris = _text(props.get("jurisdiction")) if label is Label.COMPANY else None
        acronym = _text(props.get("acronym"))
        if acronym is None and label is Label.ORGANIZATION and looks_like_acronym(record.name):
            acronym = record.name.replace(".", "").upper()
        found = self._match(record, label, acronym, birth, juris)
        candidate: tuple[Entry, Decision] | None = None
        if found is None:
            candidate = self._fuzzy(record, label, acronym, birth, juris)
            if proposals is None:
                found = candidate
        if found is None:
            code = _text(props.get("code")) if label is Label.PROGRAMME else None
            key = name_key(record.name, label) or record.ref
            node_id = code_id(label, code) if code else name_id(label, key, birth, juris)
            entry = Entry(node_id, label, " ".join(record.name.split()), acronym, birth, juris)
            reason = (
                f"{label} code {code} given by the source"
                if code
                else f"no known {label} matches {record.name!r}; new node keyed by its name"
            )
            if candidate is not None:
                reason += self._proposed(record, label, entry, candidate, proposals)
            decision = Decision("code" if code else "new", 1.0, None, reason)
        else:
            entry, decision = found
        country = government_of(entry.name) if label is Label.ORGANIZATION else None
        if country is not None:
            props.setdefault("kind", "government")
            props.setdefault("country", country.iso3)
        if label is Label.ORGANIZATION and entry.acronym and not props.get("acronym"):
            props["acronym"] = entry.acronym
        self._register(record, label, entry, acronym, props)
        return self._node(record, entry.id, entry.name, decision, props)

    def _register(
        self,
        record: NodeRecord,
        label: Label,
        entry: Entry,
        acronym: str | None,
        props: dict[str, Any],
    ) -> None:
        for name in (entry.name, record.name, *record.aliases):
            if not (label is Label.ORGANIZATION and looks_like_acronym(name)):
                self.index.add_name(name_key(name, label), entry)
        for short in (acronym, entry.acronym):
            if short:
                self.index.add_acronym(short, entry)
        iati = _text(props.get("iati_ref"))
        if iati:
            self.index.add_code("iati:" + iati, entry)
        if label is Label.ORGANIZATION and (country := government_of(entry.name)):
            self.index.add_code(GOVERNMENT + country.iso3, entry)

    def _proposed(
        self,
        record: NodeRecord,
        label: Label,
        entry: Entry,
        candidate: tuple[Entry, Decision],
        proposals: list[MergeProposal] | None,
    ) -> str:
        """Propose merging the new node into the fuzzy candidate; what the decision adds."""
        known, fuzzy = candidate
        word = extra_word(name_key(record.name, label), name_key(known.name, label))
        if word is not None:
            return (f"; close to {known.name!r}, but {word!r} is a word only one of the "
                    "names has: a different name, not proposed for a merge")
        if proposals is not None and known.id != entry.id:
            proposals.append(MergeProposal(label, known.id, known.name, entry.id, entry.name,
                                           fuzzy.score, fuzzy.explanation))
        return f"; {fuzzy.explanation}: proposed for a merge, which an analyst decides"

    def _match(
        self,
        record: NodeRecord,
        label: Label,
        acronym: str | None,
        birth: str | None,
        juris: str | None,
    ) -> tuple[Entry, Decision] | None:
        names = [record.name, *record.aliases]
        iati = _text(record.props.get("iati_ref"))
        if iati and (known := self.index.codes.get((label, "iati:" + iati))) is not None:
            reason = f"same IATI organisation reference {iati} as {known.name!r}"
            return known, Decision("code", 1.0, known.name, reason)
        if label is Label.ORGANIZATION and (found := self._government(names)) is not None:
            return found
        if (found := self._by_alias_file(label, names, acronym)) is not None:
            return found
        for name in names:
            known = self.index.by_name(label, name_key(name, label), birth, juris)
            if known is not None:
                steps = explain_steps(name, known.name, label)
                method = "legal-form" if explanation(drop_legal_form) in steps else "exact"
                reason = f"same {label} name as {known.name!r}" + self._steps(
                    name, known.name, label
                )
                return known, Decision(method, 1.0, known.name, reason)
        if acronym and (known := self.index.acronyms.get((label, acronym.upper()))) is not None:
            reason = f"acronym {acronym.upper()} was seen with {known.name!r}"
            return known, Decision("acronym", 1.0, known.name, reason)
        return None

    def _government(self, names: list[str]) -> tuple[Entry, Decision] | None:
        """A government named by its country, in any common form: keyed by its ISO code."""
        label = Label.ORGANIZATION
        for said in names:
            country = government_of(said)
            if country is None:
                continue
            known = self.index.codes.get((label, GOVERNMENT + country.iso3))
            if known is not None:
                reason = (f"{said!r} names the government of {country.name} (ISO 3166 "
                          f"{country.iso3}), as {known.name!r} does")
                return known, Decision("iso3", 1.0, known.name, reason)
            listed = self._aliases.get((label, name_key(said, label)))
            name = (listed.name if listed is not None and government_of(listed.name) == country
                    else government_name(country))
            reason = (f"{said!r} names the government of {country.name}: keyed by its ISO "
                      f"3166 code {country.iso3}")
            return Entry(government_id(country.iso3), label, name), Decision(
                "iso3", 1.0, None, reason)
        return None

    def _by_alias_file(
        self, label: Label, names: list[str], acronym: str | None
    ) -> tuple[Entry, Decision] | None:
        listed: AliasEntry | None = None
        said = ""
        for name in names:
            listed = self._aliases.get((label, name_key(name, label)))
            if listed is not None:
                said = name
                break
        if listed is None and acronym:
            listed = self._alias_acronyms.get((label, acronym.upper()))
            said = acronym
        if listed is None:
            return None
        key = name_key(listed.name, label)
        known = self.index.by_name(label, key)
        country = government_of(listed.name) if label is Label.ORGANIZATION else None
        if known is None and country is not None:
            known = self.index.codes.get((label, GOVERNMENT + country.iso3))
        fresh = government_id(country.iso3) if country is not None else name_id(label, key)
        node_id = known.id if known is not None else fresh
        entry = Entry(node_id, label, listed.name, listed.acronym)
        if said == listed.name:
            reason = f"{said!r} is a canonical name in {Path(listed.source).name}"
        else:
            reason = (
                f"{said!r} is listed as a name of {listed.name!r} in {Path(listed.source).name}"
            )
        return entry, Decision("alias-file", 1.0, listed.name, reason)

    def _fuzzy(
        self,
        record: NodeRecord,
        label: Label,
        acronym: str | None,
        birth: str | None,
        juris: str | None,
    ) -> tuple[Entry, Decision] | None:
        key = name_key(record.name, label)
        pool = self.index.fuzzy_pool(label, key, acronym)
        candidates = [self.index.candidates[label][i] for i in pool]
        keys = [self.index.keys[label][i] for i in pool]
        match = best_match(label, key, acronym, candidates, keys)
        if match is None:
            return None
        known = self.index.entries[label][pool[match.index]]
        if not known.compatible(birth, juris):
            return None
        reason = (
            f"name similar to {known.name!r}: token_sort_ratio {match.score:.1f} "
            f">= {threshold(label):.0f} after the {label} name features"
        )
        return known, Decision("fuzzy", round(match.score / 100, 3), known.name, reason)
