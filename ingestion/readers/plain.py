"""Bytes to text for .txt, .md and .html files.

Accepted encodings: UTF-8 (with or without a byte-order mark) and UTF-16 (with a
byte-order mark, or without one when the NUL bytes show it: text in a Latin script
saved as UTF-16 has a NUL in nearly every odd byte (little-endian) or even byte
(big-endian) and almost none in the others). Anything else is refused with the
offset of the first bad byte rather than guessed: a cp1252 or latin-1 fallback
decodes every byte sequence "successfully" and would put mangled names into the
graph, where the resolver can no longer match them.
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
# UTF-16 without a BOM: share of NULs in the high-byte positions, and at most in the others.
_HIGH_NULS = 0.3
_LOW_NULS = 0.02


def _control_share(data: bytes) -> float:
    sample = data[:SAMPLE]
    controls = sum(
        1 for byte in sample if (byte < 0x20 or byte == 0x7F) and byte not in _ALLOWED_CONTROLS
    )
    return controls / max(len(sample), 1)


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when the NUL pattern says so, else None."""
    sample = data[: SAMPLE - SAMPLE % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_share = even.count(0) / len(even)
    odd_share = odd.count(0) / len(odd)
    if odd_share >= _HIGH_NULS and even_share <= _LOW_NULS:
        return "utf-16-le"
    if even_share >= _HIGH_NULS and odd_share <= _LOW_NULS:
        return "utf-16-be"
    return None


def _decode_utf16_guess(data: bytes, encoding: str) -> str | None:
    """The text when ``data`` decodes as ``encoding`` and reads as text, else None."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:SAMPLE]
    controls = sum(
        1
        for char in sample
        if (ord(char) < 0x20 or ord(char) == 0x7F) and ord(char) not in _ALLOWED_CONTROLS
    )
    if "\x00" in text or controls / max(len(sample), 1) > BINARY_SHARE:
        return None
    return text


def decode_text(data: bytes, path: Path) -> str:
    """Decode UTF-8 or UTF-16 text; ReadError for binary or other encodings."""
    boms = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    guess = None if data.startswith(boms) else utf16_without_bom(data)
    guessed = _decode_utf16_guess(data, guess) if guess else None
    if guessed is not None:
        text = guessed
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
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
