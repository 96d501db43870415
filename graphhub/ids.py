"""Deterministic ids from natural keys, so that re-running anything merges."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

_SPACE = re.compile(r"\s+")
_BLOCK = 1 << 20


def normalise_key(text: str) -> str:
    """Lower-case, strip accents and collapse white space: the form keys are built from."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", plain).strip().casefold()


def make_id(kind: str, *parts: str) -> str:
    """A stable id such as ``org:3f2a…`` from a kind and its natural-key parts."""
    joined = "\x1f".join(normalise_key(part) for part in parts)
    digest = hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]
    return f"{kind}:{digest}"


def content_hash(data: bytes | Path) -> str:
    """The id of a document: the SHA-256 of its bytes, or of a file's (read in blocks)."""
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with data.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()
