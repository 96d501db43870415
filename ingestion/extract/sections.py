"""Long texts in sections: cut at paragraph breaks, each parsed on its own.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters) and its memory grows
with the length of what it parses, so a long document is cut into sections of at most
``SECTION_CHARS`` characters. A cut falls at the last blank line of the window's second
half; failing that at the last line break, then after the last sentence-ending
punctuation, then at the last space, and only for text with none of these at a hard
cut. Every section but the last is thus between half and all of ``SECTION_CHARS`` long.
The sections joined give back the text exactly; each knows where it starts in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SECTION_CHARS = 100_000
# Where a section may end, best first: after a blank line, a line break, the end of a
# sentence, a space.
_BREAKS = (
    re.compile(r"\n[ \t\r\f\v]*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?;][\"”’')\]]*[ \t]"),
    re.compile(r"[ \t]"),
)


@dataclass(frozen=True)
class Section:
    """A part of a document's text and the character offset it starts at."""

    offset: int
    text: str


def split_sections(text: str, size: int = SECTION_CHARS) -> list[Section]:
    """The text in sections of at most ``size`` characters, cut as the module says."""
    return [Section(start, text[start:end]) for start, end in section_bounds(text, size)]


def section_bounds(text: str, size: int = SECTION_CHARS) -> Iterator[tuple[int, int]]:
    """Start and end offsets of the sections, in order (no copy of the text is made)."""
    if size < 2:
        raise ValueError("a section holds at least two characters")
    start = 0
    while len(text) - start > size:
        end = _cut(text, start + size // 2, start + size)
        yield start, end
        start = end
    yield start, len(text)


def _cut(text: str, low: int, high: int) -> int:
    """Where to end a section whose end lies between ``low`` and ``high``: just after the
    last break of the best kind found there."""
    for form in _BREAKS:
        ends = [match.end() for match in form.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high
