"""The resolver's memory: known names, acronyms, aliases and codes, per label."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphhub.model import Label
from ingestion.resolve.fuzzy import Candidate, sorted_words


@dataclass(frozen=True)
class Entry:
    """A canonical node as the index knows it."""

    id: str
    label: Label
    name: str
    acronym: str | None = None
    # Facts that keep same-named entities apart (a person's birth date, a company's country).
    birth_date: str | None = None
    jurisdiction: str | None = None

    def compatible(self, birth_date: str | None, jurisdiction: str | None) -> bool:
        """False when a birth date or jurisdiction on both sides disagrees."""
        if self.birth_date and birth_date and self.birth_date != birth_date:
            return False
        return not (self.jurisdiction and jurisdiction and self.jurisdiction != jurisdiction)


@dataclass
class NameIndex:
    """Lookups by feature-form name, acronym and code; first registration wins."""

    names: dict[tuple[Label, str], list[Entry]] = field(default_factory=dict)
    acronyms: dict[tuple[Label, str], Entry] = field(default_factory=dict)
    codes: dict[tuple[Label, str], Entry] = field(default_factory=dict)
    candidates: dict[Label, list[Candidate]] = field(default_factory=dict)
    # The candidates' keys with their words sorted, kept in step with ``candidates``:
    # plain ratio on these equals token_sort_ratio without re-sorting every call.
    keys: dict[Label, list[str]] = field(default_factory=dict)
    entries: dict[Label, list[Entry]] = field(default_factory=dict)
    # Candidate positions by first word and by acronym: the fuzzy rules only ever
    # accept names that share one of these, so only those are scored.
    blocks: dict[tuple[Label, str], list[int]] = field(default_factory=dict)

    def add_name(self, key: str, entry: Entry) -> None:
        """Remember that ``key`` names ``entry`` (and offer it to fuzzy matching)."""
        if not key:
            return
        listed = self.names.setdefault((entry.label, key), [])
        if any(known.id == entry.id for known in listed):
            return
        listed.append(entry)
        position = len(self.candidates.setdefault(entry.label, []))
        self.candidates[entry.label].append(Candidate(key, entry.acronym))
        for block in _blocks(key, entry.acronym):
            self.blocks.setdefault((entry.label, block), []).append(position)
        self.keys.setdefault(entry.label, []).append(sorted_words(key))
        self.entries.setdefault(entry.label, []).append(entry)

    def fuzzy_pool(self, label: Label, key: str, acronym: str | None) -> list[int]:
        """Positions of the candidates sharing the first word or the acronym, in order."""
        found: set[int] = set()
        for block in _blocks(key, acronym):
            found.update(self.blocks.get((label, block), ()))
        return sorted(found)

    def add_acronym(self, acronym: str, entry: Entry) -> None:
        """Remember an acronym; the first node to claim it keeps it."""
        if acronym:
            self.acronyms.setdefault((entry.label, acronym.upper()), entry)

    def add_code(self, code: str, entry: Entry) -> None:
        """Remember a code (IATI ref, IBAN, account number)."""
        if code:
            self.codes.setdefault((entry.label, code), entry)

    def by_name(
        self,
        label: Label,
        key: str,
        birth_date: str | None = None,
        jurisdiction: str | None = None,
    ) -> Entry | None:
        """The first node with this name whose birth date and jurisdiction do not disagree."""
        for entry in self.names.get((label, key), []):
            if entry.compatible(birth_date, jurisdiction):
                return entry
        return None


def _blocks(key: str, acronym: str | None) -> list[str]:
    words = key.split()
    blocks = ["w:" + words[0]] if words else []
    if acronym:
        blocks.append("a:" + acronym.upper())
    return blocks
