"""The resolver's bundled word lists, read once from the YAML files in ``data/`` (the legal
forms from the one table of ``ingestion.legal_forms``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from graphhub.ids import normalise_key
from ingestion.errors import IngestionError
from ingestion.legal_forms import legal_forms

DATA_PACKAGE = "ingestion.resolve.data"
_DOTS = re.compile(r"[.'’]")
_OTHER = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


def simple_form(text: str) -> str:
    """Lower case, no accents, dots and apostrophes dropped, other punctuation as spaces."""
    text = normalise_key(text).replace("&", " and ")
    text = _OTHER.sub(" ", _DOTS.sub("", text))
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class NameWords:
    """Word lists used by the name features, in their simple form."""

    articles: frozenset[str]
    honorifics: frozenset[str]
    group_words: frozenset[str]
    # Legal-form variants as word tuples, longest first, each with its short form.
    legal_forms: tuple[tuple[tuple[str, ...], str], ...]


def _read(name: str) -> Any:
    path = resources.files(DATA_PACKAGE).joinpath(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise IngestionError("not valid YAML", path=str(path), reason=str(exc)) from exc


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(simple_form(str(word)) for word in data.get(key) or [])


@cache
def name_words() -> NameWords:
    """The bundled articles, honorifics, group words and legal forms (loaded once)."""
    words = _read("name_words.yaml")
    variants: dict[tuple[str, ...], str] = {}
    for form in legal_forms():
        for variant in form.spellings:
            key = tuple(simple_form(variant).split())
            if key:
                variants.setdefault(key, form.short)
    ordered = tuple(sorted(variants.items(), key=lambda item: (-len(item[0]), item[0])))
    return NameWords(
        articles=_words(words, "articles"),
        honorifics=_words(words, "honorifics"),
        group_words=_words(words, "group_words"),
        legal_forms=ordered,
    )
