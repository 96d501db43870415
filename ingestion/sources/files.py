"""Whole-file checks shared by the readers: present, not empty, not too large; its hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingestion.errors import ReadError

_BLOCK = 1 << 20


def check_file(path: Path, max_bytes: int) -> int:
    """The file's size, after making sure it exists, is not empty and is not too large."""
    if not path.is_file():
        raise ReadError("file not found", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise ReadError("file is empty", path=str(path))
    if size > max_bytes:
        raise ReadError(
            f"file is {size:,} bytes, more than the {max_bytes:,} this reader accepts",
            path=str(path),
        )
    return size


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, read in blocks (same value as ``content_hash``)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def check_utf8(path: Path, sample_bytes: int = 1 << 20) -> None:
    """Raise ReadError when the start of a text file is not UTF-8 (or is binary)."""
    with path.open("rb") as handle:
        head = handle.read(sample_bytes)
    if b"\x00" in head:
        raise ReadError("file looks binary, not text", path=str(path))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut in the middle of a multi-byte character at the sample's end is fine.
        if exc.start < len(head) - 4:
            raise ReadError(
                "file is not UTF-8 text; save it as UTF-8 and try again",
                path=str(path),
                reason=f"bad byte at offset {exc.start}",
            ) from exc
