"""Name features: small pure steps that make two spellings of one name compare equal.

Each step takes the words of a name and returns them changed; its docstring is the
explanation users see when two names matched only after that step.
"""

from __future__ import annotations

from collections.abc import Callable

from graphhub.model import Label
from ingestion.resolve.tables import name_words, simple_form

Words = tuple[str, ...]
Feature = Callable[[Words], Words]


def fold_case_accents_punctuation(name: str) -> Words:
    """Case, accents and punctuation are ignored ("Ministère" = "MINISTERE", "L.L.C." = "LLC")."""
    return tuple(simple_form(name).split())


def drop_articles(words: Words) -> Words:
    """A standalone "the" is ignored ("The Drug Control Agency" = "Drug Control Agency")."""
    kept = tuple(word for word in words if word not in name_words().articles)
    return kept or words


def drop_legal_form(words: Words) -> Words:
    """The legal form is ignored ("Silk Road Trading LLC" = "Silk Road Trading L.L.C.")."""
    return strip_legal_form(words)[0]


def drop_honorifics(words: Words) -> Words:
    """Titles before a person's name are ignored ("Dr Aziz Karimov" = "Aziz Karimov")."""
    kept = list(words)
    while len(kept) > 1 and kept[0] in name_words().honorifics:
        kept.pop(0)
    return tuple(kept)


def drop_group_words(words: Words) -> Words:
    """Words such as group, network, clan are ignored ("the Karimov clan" = "Karimov network")."""
    kept = tuple(word for word in words if word not in name_words().group_words)
    return kept or words


def strip_legal_form(words: Words) -> tuple[Words, str | None]:
    """The words without a trailing (or leading) legal form, and that form's short name."""
    found: str | None = None
    rest = words
    changed = True
    while changed and len(rest) > 1:
        changed = False
        for variant, short in name_words().legal_forms:
            size = len(variant)
            if len(rest) > size and rest[-size:] == variant:
                rest, found, changed = rest[:-size], found or short, True
                break
            if len(rest) > size and rest[:size] == variant:
                rest, found, changed = rest[size:], found or short, True
                break
    return rest, found


# The steps applied to each label, in order, after case/accents/punctuation.
FEATURES: dict[Label, tuple[Feature, ...]] = {
    Label.ORGANIZATION: (drop_articles,),
    Label.COMPANY: (drop_articles, drop_legal_form),
    Label.PERSON: (drop_honorifics,),
    Label.TRAFFICKING_GROUP: (drop_articles, drop_group_words),
}
DEFAULT_FEATURES: tuple[Feature, ...] = (drop_articles,)


def features_for(label: Label) -> tuple[Feature, ...]:
    """The feature steps used to compare names of this label."""
    return FEATURES.get(label, DEFAULT_FEATURES)


def name_key(name: str, label: Label) -> str:
    """The comparison form of a name for its label (all feature steps applied)."""
    words = fold_case_accents_punctuation(name)
    for step in features_for(label):
        words = step(words)
    return " ".join(words)


def explain_steps(first: str, second: str, label: Label) -> list[str]:
    """The explanations of the steps needed before two names compare equal."""
    if first == second:
        return []
    left, right = fold_case_accents_punctuation(first), fold_case_accents_punctuation(second)
    reasons = [explanation(fold_case_accents_punctuation)]
    for step in features_for(label):
        if left == right:
            break
        new_left, new_right = step(left), step(right)
        if (new_left, new_right) != (left, right):
            reasons.append(explanation(step))
        left, right = new_left, new_right
    return reasons


def explanation(step: Callable[..., object]) -> str:
    """The first line of a feature's docstring: what users read about it."""
    return (step.__doc__ or step.__name__).strip().splitlines()[0].rstrip(".")


def looks_like_acronym(name: str) -> bool:
    """True for a short all-capitals token such as "UNODC" or "CARICC"."""
    bare = name.replace(".", "").replace("-", "").strip()
    return 2 <= len(bare) <= 12 and " " not in bare and bare.isupper() and bare.isalpha()
