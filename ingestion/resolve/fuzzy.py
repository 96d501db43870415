"""Fuzzy name matching with rapidfuzz, with thresholds chosen on measured pairs.

Names are compared in their feature form (``features.name_key``) with
``token_sort_ratio`` (0-100). Figures measured on that form:

=========================================================  =====  ========
pair                                                       score  decision
=========================================================  =====  ========
silk road trading / silk road tradng (typo)                 97.0  same
united nations office on drugs and crime / ... drug ...     98.7  same
central asia regional ... centre / central asian ... center 93.9  same
global logistics / global logistic                          96.8  same
tashkent trade house / tashkent trading house               90.5  apart
alpha trade / alpha travel                                  87.0  apart
orient express trading / orient express transit             86.4  apart
nurlan abdullaev / nurlan abdulaev (person)                 96.8  same
aziz karimov / aziz karimova (person)                       96.0  apart (gendered surname)
rustam nazarov / rustam nazarow (person)                    92.9  apart
=========================================================  =====  ========

Rules: organizations, companies, groups, programmes and regions match at
``ORG_THRESHOLD`` (92) when both names start with the same word or carry the
same acronym. Persons need ``PERSON_THRESHOLD`` (95), the same number of words,
the same first word, and surnames that are not the male and female form of one
name (Karimov / Karimova are often relatives, not one person). Below the
thresholds a name is a new node: a missed merge can be fixed with an alias, a
wrong merge silently mixes two people's money.

A word one name has and the other lacks is evidence against a match, not noise
(``extra_word``): "artf denmark world bank" / "artf world bank" scores 78.9, but the
longer a name, the less one word weighs: "afghanistan reconstruction trust fund denmark
world bank" / "... trust fund world bank" scores 92.3, above the threshold. Words pair
up when they are equal or spelled nearly alike (``WORD_RATIO``: programme / program
87.5, centre / center 83.3, drugs / drug 88.9); a word left without a partner makes
the two names different. Such a pair is never proposed for a merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graphhub.model import Label

ORG_THRESHOLD = 92.0
PERSON_THRESHOLD = 95.0
# How many top candidates are checked against the rules.
CANDIDATES = 5
# Two words are one word spelled differently at this fuzz.ratio or above (east / west: 75).
WORD_RATIO = 80.0
_FEMALE_ENDINGS = ("a", "ya", "aya")


@dataclass(frozen=True)
class Candidate:
    """A known name in feature form, with its acronym if any."""

    key: str
    acronym: str | None


@dataclass(frozen=True)
class FuzzyMatch:
    """The candidate a name matched and the score (0-100)."""

    index: int
    score: float


def _gendered_pair(left: str, right: str) -> bool:
    short, long = sorted((left, right), key=len)
    return any(long == short + ending for ending in _FEMALE_ENDINGS)


def acceptable(label: Label, key: str, acronym: str | None, other: Candidate) -> bool:
    """Whether the rules beyond the score allow these two names to be one."""
    words, other_words = key.split(), other.key.split()
    if not words or not other_words:
        return False
    if label is Label.PERSON:
        return (
            len(words) == len(other_words)
            and words[0] == other_words[0]
            and not _gendered_pair(words[-1], other_words[-1])
        )
    same_acronym = bool(acronym and other.acronym and acronym.upper() == other.acronym.upper())
    return words[0] == other_words[0] or same_acronym


# Words that join the parts of a name; two names differing only in them may still be one.
CONNECTIVES = frozenset(
    {"of", "for", "the", "and", "in", "on", "to", "de", "du", "des", "la", "le", "et", "y",
     "del", "der", "die", "und", "fur"}
)


def extra_word(key: str, other: str) -> str | None:
    """A word of one name that has no counterpart in the other, if any ("denmark" in "artf
    denmark world bank" against "artf world bank"); None when every word pairs up.

    Words pair when equal or spelled nearly alike (``WORD_RATIO``); names that are equal
    once their spaces are taken out ("worldbank" / "world bank") differ by no word, and
    the small words that join a name ("bureau for ..." / "bureau of ...") are not words
    that tell two organizations apart.
    """
    if key.replace(" ", "") == other.replace(" ", ""):
        return None
    mine = [w for w in key.split() if w not in CONNECTIVES]
    theirs = [w for w in other.split() if w not in CONNECTIVES]
    for words, others in ((mine, theirs), (theirs, mine)):
        free = list(others)
        unpaired = []
        for word in words:
            if word in free:
                free.remove(word)
            else:
                unpaired.append(word)
        for word in unpaired:
            near = [w for w in free if fuzz.ratio(word, w) >= WORD_RATIO]
            if not near:
                return word
            free.remove(max(near, key=lambda w: fuzz.ratio(word, w)))
    return None


def threshold(label: Label) -> float:
    """The lowest score at which two names of this label may be one."""
    return PERSON_THRESHOLD if label is Label.PERSON else ORG_THRESHOLD


def sorted_words(key: str) -> str:
    """A key with its words in order: what token_sort_ratio compares."""
    return " ".join(sorted(key.split()))


def best_match(
    label: Label,
    key: str,
    acronym: str | None,
    candidates: Sequence[Candidate],
    keys: Sequence[str] | None = None,
) -> FuzzyMatch | None:
    """The best known name above the label's threshold that the rules allow, if any.

    ``keys`` may pass the candidates' keys already through ``sorted_words``, to spare
    sorting them on every call; the score is token_sort_ratio either way.
    """
    if not key or not candidates:
        return None
    choices = keys if keys is not None else [sorted_words(c.key) for c in candidates]
    found = process.extract(
        sorted_words(key),
        choices,
        scorer=fuzz.ratio,
        score_cutoff=threshold(label),
        limit=CANDIDATES,
    )
    # Highest score first; among equals the earliest known name, so results are stable.
    for _, score, index in sorted(found, key=lambda hit: (-hit[1], hit[2])):
        if acceptable(label, key, acronym, candidates[index]):
            return FuzzyMatch(index=index, score=float(score))
    return None
