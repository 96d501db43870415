"""Which node each entity span of a document stands for, indexed by sentence."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Span

from graphhub.model import Label
from ingestion.extract.parsed import sentence_of


@dataclass(frozen=True)
class Mention:
    """An entity span and the ref of the node it was turned into.

    ``via`` says how a span that does not name the entity was tied to it: "pronoun",
    "description" ("the company") or "role" ("the leader"); empty for a name."""

    span: Span
    ref: str
    label: Label
    via: str = ""

    @property
    def resolved(self) -> bool:
        """Whether the mention was found by coreference rather than by name."""
        return bool(self.via)


@dataclass
class MentionIndex:
    """Mentions by sentence, plus the project each part of a project sheet is about."""

    by_sentence: dict[int, list[Mention]] = field(default_factory=lambda: defaultdict(list))
    section_starts: list[int] = field(default_factory=list)
    section_refs: list[str] = field(default_factory=list)
    # The project a section of a long document begins under (its heading came earlier).
    inherited: str | None = None

    def add(self, mention: Mention) -> None:
        """Record a mention under its sentence."""
        self.by_sentence[sentence_of(mention.span).start].append(mention)

    def in_sentence(self, sent: Span, *labels: Label) -> list[Mention]:
        """The mentions of a sentence with one of these labels (all when none given)."""
        found = self.by_sentence.get(sent.start, [])
        return [m for m in found if not labels or m.label in labels]

    def section_project(self, char: int) -> str | None:
        """The project whose heading (a line starting with its code) precedes this offset."""
        pos = bisect_right(self.section_starts, char) - 1
        return self.section_refs[pos] if pos >= 0 else self.inherited
