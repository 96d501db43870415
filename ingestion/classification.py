"""How a document is classified: declared by whoever ingests it, raised by its markers.

A document is ``public`` only when someone declared it public (the command line, the
upload, or a ``.classification`` file in its folder) and nothing in it says otherwise.
Text markers ("FOR OFFICIAL USE ONLY", "confidential", an FIU note ...) can only raise
a document to ``restricted``; they never lower one. A document nobody classified is
``restricted``: what nobody declared is not shown to partners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphhub.model import CLASSIFICATIONS, PUBLIC, RESTRICTED
from ingestion.errors import IngestionError

# The file a folder may hold to declare the classification of the documents under it
# (one word: public or restricted). The nearest one up the tree applies.
FOLDER_FILE = ".classification"

# Why a document got its classification.
DECLARED = "declared"
MARKER = "marker"
DEFAULT = "default"

# How far into a document its markings are looked for: headers, banners and the first
# paragraphs; the last lines for footers.
HEAD_CHARS = 4000
TAIL_CHARS = 1000

# Phrases that mark a document wherever they stand, in any case.
_PHRASES = re.compile(
    r"\b(?:"
    r"strictly\s+confidential|top\s+secret|for\s+official\s+use\s+only|"
    r"official[\s-]+sensitive|limited\s+(?:distribution|official\s+use)|"
    r"not\s+for\s+(?:public\s+)?(?:release|distribution|dissemination)|"
    r"law\s+enforcement\s+sensitive|sensitive\s+but\s+unclassified|"
    r"internal\s+use\s+only|do\s+not\s+(?:disseminate|distribute)|"
    r"FIU\s+(?:analysis\s+|intelligence\s+)?(?:note|report)|"
    r"financial\s+intelligence\s+(?:unit\s+)?(?:analysis|note|report|disclosure)|"
    r"suspicious\s+(?:transaction|activity)\s+(?:report|analysis)|"
    r"tlp\s*:\s*(?:red|amber)"
    r")\b",
    re.IGNORECASE,
)
# Words that mark a document when written as a marking: in capitals ("RESTRICTED",
# "FOUO", "STR"), alone on a short banner line ("Confidential"), or as the value of a
# marking line ("Classification: restricted"). In a sentence ("restricted access to
# credit", "the secret of") they are ordinary words.
_WORDS = re.compile(
    r"\b(?:restricted|confidential|secret|classified|fouo|les|sbu|str|sar)\b", re.IGNORECASE
)
_BANNER_WORDS = 6
_MARKING_LINE = re.compile(
    r"^\s*(?:classification|classified|marking|security|distribution|handling|caveat)"
    r"\s*[:=-]\s*(?P<value>.+)$",
    re.IGNORECASE | re.MULTILINE,
)
# Short words that mark only in capitals, whatever line they stand on.
_CAPS_ONLY = frozenset({"fouo", "les", "sbu", "str", "sar"})


@dataclass(frozen=True)
class Classified:
    """A document's classification and why it has it (``declared``, ``marker`` or ``default``)."""

    classification: str
    reason: str
    marker: str | None = None

    @property
    def label(self) -> str:
        """``public (declared)``, ``restricted (marker: FOUO)``, ..."""
        why = f"{self.reason}: {self.marker}" if self.marker else self.reason
        return f"{self.classification} ({why})"


def check(value: str | None) -> str | None:
    """``value`` as a classification, or None; anything else is refused."""
    if value is None:
        return None
    word = value.strip().lower()
    if word not in CLASSIFICATIONS:
        raise IngestionError(
            "unknown classification",
            field="classification",
            value=value,
            reason=f"use one of {', '.join(sorted(CLASSIFICATIONS))}",
        )
    return word


def find_marker(text: str) -> str | None:
    """The first restriction marker in the opening or closing part of ``text``, as written."""
    parts = [text[:HEAD_CHARS]]
    if len(text) > HEAD_CHARS:
        parts.append(text[-TAIL_CHARS:])
    for part in parts:
        phrase = _PHRASES.search(part)
        if phrase is not None:
            return " ".join(phrase.group(0).split())
        marking_spans = [(m.start("value"), m.end("value")) for m in _MARKING_LINE.finditer(part)]
        for match in _WORDS.finditer(part):
            if _is_marking(part, match, marking_spans):
                return match.group(0)
    return None


def _is_marking(text: str, match: re.Match[str], marking_spans: list[tuple[int, int]]) -> bool:
    word = match.group(0)
    if word.isupper() and (len(word) > 1):
        return True
    if word.lower() in _CAPS_ONLY:
        return False
    if any(start <= match.start() < end for start, end in marking_spans):
        return True
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return len(line.split()) <= _BANNER_WORDS and not line.rstrip().endswith((".", ","))


def classify(text: str, declared: str | None) -> Classified:
    """The classification of a document with ``text``, declared ``declared`` (or nobody)."""
    declared = check(declared)
    marker = find_marker(text)
    if marker is not None:
        return Classified(RESTRICTED, MARKER, marker)
    if declared is not None:
        return Classified(declared, DECLARED)
    return Classified(RESTRICTED, DEFAULT)


def folder_declaration(path: Path, stop: Path | None = None) -> str | None:
    """What the nearest ``.classification`` file above ``path`` declares, if any.

    The search goes up from the file's folder to ``stop`` (included) or to the root.
    A file that says something else than public or restricted is refused.
    """
    folder = path if path.is_dir() else path.parent
    folder = folder.resolve()
    limit = stop.resolve() if stop is not None else None
    for candidate in (folder, *folder.parents):
        marker_file = candidate / FOLDER_FILE
        if marker_file.is_file():
            word = marker_file.read_text(encoding="utf-8", errors="replace").strip()
            try:
                return check(word.splitlines()[0] if word else word)
            except IngestionError as exc:
                raise IngestionError(
                    "unreadable classification file", path=str(marker_file),
                    value=word[:40], reason=exc.reason,
                ) from None
        if limit is not None and candidate == limit:
            break
    return None


def strictest(*values: str | None) -> str | None:
    """``restricted`` if any value says so, ``public`` if one does, else None."""
    given = [v for v in values if v is not None]
    if not given:
        return None
    return RESTRICTED if RESTRICTED in given else PUBLIC
