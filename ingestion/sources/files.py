"""Whole-file checks shared by the readers (present, not empty, not too large, UTF-8) and the
id of one load of a file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ingestion.errors import ReadError


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


def load_fingerprint(content_hash: str, options: Mapping[str, object]) -> str:
    """The id of one load of a file: its content hash combined with the options of the load.

    ``options`` holds everything besides the file that changes what is loaded (the column
    mapping and its defaults, the classification, ...), each under a stable name; an
    option left at its default is given as None (or left out). With no option set the
    id is the content hash itself, so a plain load keeps the id it always had. The
    options are hashed as canonical JSON: key order and the file they came from do not
    matter, only their values.
    """
    chosen = {key: value for key, value in options.items() if value not in (None, "", {}, [])}
    if not chosen:
        return content_hash
    canonical = json.dumps(
        chosen, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(f"{content_hash}\n{canonical}".encode()).hexdigest()


def read_mapping(source: Path) -> Any:
    """A column mapping's YAML as read (an empty file is ``{}``); ReadError when the file
    cannot be read or is not YAML."""
    try:
        return yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReadError(
            "cannot read the column mapping", path=str(source), reason=str(exc)
        ) from exc
