"""Rule-based coreference within one document: pronouns and definite descriptions
("he", "his wife", "the company", "the account", "the group") to the entity they name.

Each referring word goes to the most recent compatible entity (label, and for persons
the gender told by the surname ending) at most a few sentences back; a subject pronoun
opening a sentence prefers the subject of the previous sentence. The word list is
``data/coreference.yaml``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from graphhub.model import Label
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.mentions import Mention, MentionIndex
from ingestion.extract.parsed import sentence_of
from ingestion.extract.parsed import sentences as split_sentences

RESOLVABLE = (Label.PERSON, Label.COMPANY, Label.BANK_ACCOUNT, Label.TRAFFICKING_GROUP)
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Referrer:
    """What a referring word may stand for."""

    labels: frozenset[Label]
    gender: str | None = None


@dataclass(frozen=True)
class CorefRules:
    """The coreference word lists, loaded once."""

    pronouns: dict[str, Referrer]
    descriptions: dict[str, Referrer]
    determiners: frozenset[str]
    qualifiers: frozenset[str]
    female_endings: tuple[str, ...]
    male_endings: tuple[str, ...]
    max_back: int
    roles: dict[str, str]


@cache
def coref_rules() -> CorefRules:
    """The rules of ``data/coreference.yaml``."""
    data = load_gazetteer().coreference
    pronouns = {
        word: Referrer(frozenset(Label(x) for x in entry["labels"]), entry.get("gender"))
        for word, entry in data["pronouns"].items()
    }
    descriptions = {
        word: Referrer(frozenset(Label(x) for x in labels))
        for word, labels in data["descriptions"].items()
    }
    return CorefRules(
        pronouns=pronouns,
        descriptions=descriptions,
        determiners=frozenset(data["determiners"]),
        qualifiers=frozenset(data["qualifiers"]),
        female_endings=tuple(data["female_endings"]),
        male_endings=tuple(data["male_endings"]),
        max_back=int(data["max_sentences_back"]),
        roles=dict(data["roles"]),
    )


def gender_of(name: str, rules: CorefRules | None = None) -> str | None:
    """"f" or "m" from the ending of the last word of a name, None when it does not tell."""
    rules = rules or coref_rules()
    words = name.split()
    if not words:
        return None
    last = words[-1].lower()
    # Female endings first: "-ova" also ends in "-ov"'s letters plus one.
    if last.endswith(rules.female_endings):
        return "f"
    if last.endswith(rules.male_endings):
        return "m"
    return None


def resolve(doc: Doc, index: MentionIndex) -> list[Mention]:
    """Add to ``index`` a mention for every pronoun or description that refers back to a
    named person, company, account or group; return the added mentions."""
    rules = coref_rules()
    named = sorted(
        (m for sent in split_sentences(doc) for m in index.in_sentence(sent, *RESOLVABLE)),
        key=lambda m: m.span.start,
    )
    if not named:
        return []
    starts = [m.span.start for m in named]
    covered = {i for m in named for i in range(m.span.start, m.span.end)}
    sentences = split_sentences(doc)
    sent_number = {s.start: n for n, s in enumerate(sentences)}
    added: list[Mention] = []
    for token in doc:
        if token.i in covered:
            continue
        found = _referrer(token, rules)
        if found is None:
            continue
        span, referrer = found
        if any(i in covered for i in range(span.start, span.end)):
            continue
        if span.end < len(doc) and span.end in covered and _next_is(named, starts, span.end,
                                                                   referrer):
            continue  # "the company Karavan Trade LLP": the name follows, nothing to resolve
        this_sent = sent_number[sentence_of(token).start]
        earliest = sentences[max(0, this_sent - rules.max_back)].start
        # The named mentions before the span, nearest first (a walk back that stops at
        # the earliest sentence allowed, so the pass stays linear in the document).
        candidates = _back_from(named, bisect_left(starts, span.start))
        antecedent = _preferred_subject(token, sentences, this_sent, candidates, referrer,
                                        rules)
        if antecedent is None:
            for m in _back_from(named, bisect_left(starts, span.start)):
                if m.span.start < earliest:
                    break
                if _compatible(m, referrer, rules):
                    antecedent = m
                    break
        if antecedent is None:
            continue
        via = "pronoun" if len(span) == 1 else "description"
        mention = Mention(span, antecedent.ref, antecedent.label, via=via)
        index.add(mention)
        added.append(mention)
    return added


def _referrer(token: Token, rules: CorefRules) -> tuple[Span, Referrer] | None:
    """The referring span that ends at this token, and what it may refer to."""
    lower = token.lower_
    doc = token.doc
    if lower in rules.pronouns:
        return doc[token.i: token.i + 1], rules.pronouns[lower]
    if lower not in rules.descriptions:
        return None
    start = token.i - 1
    if start >= 0 and doc[start].lower_ in rules.qualifiers:
        start -= 1
    if start < 0 or doc[start].lower_ not in rules.determiners:
        return None
    # "the Uzgen group" names a group; only a bare "the group" refers back.
    return doc[start: token.i + 1], rules.descriptions[lower]


def _next_is(named: list[Mention], starts: list[int], token: int, referrer: Referrer) -> bool:
    position = bisect_left(starts, token)
    return position < len(named) and named[position].span.start == token and (
        named[position].label in referrer.labels
    )


def _compatible(mention: Mention, referrer: Referrer, rules: CorefRules) -> bool:
    if mention.label not in referrer.labels:
        return False
    if referrer.gender is None or mention.label != Label.PERSON:
        return True
    gender = gender_of(mention.span.text, rules)
    return gender is None or gender == referrer.gender


def _back_from(named: list[Mention], position: int) -> Iterator[Mention]:
    """The mentions before ``position``, nearest first."""
    for number in range(position - 1, -1, -1):
        yield named[number]


def _preferred_subject(token: Token, sentences: list[Span], this_sent: int,
                       candidates: Iterable[Mention], referrer: Referrer,
                       rules: CorefRules) -> Mention | None:
    """A pronoun subject at the start of a sentence continues the previous subject:
    "Nurbek Mamyrov is the brother of Bakyt Mamyrov. He owns ..." -> Nurbek Mamyrov."""
    if token.dep_ not in _SUBJECTS or this_sent == 0 or token.i - sentence_of(token).start > 2:
        return None
    previous = sentences[this_sent - 1]
    for mention in candidates:
        if mention.span.start < previous.start:
            break
        if mention.span.end > previous.end or not _compatible(mention, referrer, rules):
            continue
        root = mention.span.root
        if root.dep_ in _SUBJECTS and sentence_of(root.head) == previous:
            return mention
    return None
