"""The text of one source document, as every reader returns it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# How long a title may be; longer first lines are cut.
TITLE_LIMIT = 200


@dataclass(frozen=True)
class SourceText:
    """A document's plain text with its id (hash of the raw bytes), title and file facts."""

    path: Path
    doc_id: str
    title: str
    kind: str
    text: str
    size: int
    modified: str


def make_title(candidate: str | None, text: str) -> str:
    """The candidate title if it has words, else the first non-empty line; at most 200 chars."""
    title = " ".join((candidate or "").split())
    if not title:
        title = next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")
    return title[:TITLE_LIMIT].rstrip()
