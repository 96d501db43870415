"""Bytes to text for .txt, .md and .html files.

Accepted encodings: UTF-8 (with or without a byte-order mark) and UTF-16 with a
byte-order mark. Anything else is refused with the offset of the first bad byte
rather than guessed: a cp1252 or latin-1 fallback decodes every byte sequence
"successfully" and would put mangled names into the graph, where the resolver
can no longer match them.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ingestion.errors import ReadError

# Share of control characters above which content is taken for binary.
BINARY_SHARE = 0.10
# Only this many leading bytes are inspected for the binary test.
SAMPLE = 8192
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def _control_share(data: bytes) -> float:
    sample = data[:SAMPLE]
    controls = sum(
        1 for byte in sample if (byte < 0x20 or byte == 0x7F) and byte not in _ALLOWED_CONTROLS
    )
    return controls / max(len(sample), 1)


def decode_text(data: bytes, path: Path) -> str:
    """Decode UTF-8 or BOM-marked UTF-16 text; ReadError for binary or other encodings."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"not valid UTF-16 text: bad bytes at offset {exc.start}; save it as UTF-8",
                path=str(path),
            ) from exc
    else:
        if b"\x00" in data[:SAMPLE] or _control_share(data) > BINARY_SHARE:
            raise ReadError("not a text file (binary content)", path=str(path))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad = data[exc.start]
            raise ReadError(
                f"not UTF-8 text: invalid byte 0x{bad:02X} at offset {exc.start}; save it as UTF-8",
                path=str(path),
            ) from exc
    if "\x00" in text:
        raise ReadError("not a text file (binary content)", path=str(path))
    # Normalise line ends so offsets and sentence splitting see one convention.
    return text.replace("\r\n", "\n").replace("\r", "\n")
