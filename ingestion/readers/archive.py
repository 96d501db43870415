"""Zip containers (.docx, .xlsx): refuse bombs and entity tricks before a library opens them.

A zip states the unpacked size of each member, but the statement can lie, so both
are checked: the declared sizes first (cheap), then every member is unpacked as a
stream and counted, stopping at the limit, so memory never holds more than a block.
An XML part with a document type declaration (``<!DOCTYPE``, ``<!ENTITY``) is refused:
Office Open XML never has one, and entity definitions are how "billion laughs"
files blow up a parser.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from ingestion.errors import ReadError
from ingestion.readers.limits import ReadLimits

# More members than any real document has; each costs a header to inspect.
MAX_MEMBERS = 10_000
_BLOCK = 1 << 20
# A document type declaration sits in the prolog, before the root element.
_PROLOG = 4096
_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.0f} MB"
    return f"{size:,} bytes"


def _too_big(path: Path, total: int, limit: int, declared: bool) -> ReadError:
    if declared:
        what = f"the archive declares {_size(total)} of unpacked content"
    else:
        what = f"the archive unpacks to more than {_size(limit)}"
    return ReadError(
        f"{what}, over the limit of {_size(limit)} (GRAPHHUB_MAX_EXPANDED_MB)", path=str(path)
    )


def check_archive(
    source: bytes | Path, path: Path, limits: ReadLimits, what: str = "zip archive"
) -> None:
    """Raise ReadError unless ``source`` is a readable zip within the limits, without DOCTYPE.

    ``source`` is the file's bytes or its path; ``path`` is the name used in messages and
    ``what`` the kind of file (".docx") they speak of.
    """
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
        with handle, zipfile.ZipFile(handle) as archive:
            _check_members(archive, path, limits)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise ReadError(
            f"not a readable {what} (damaged, or another format renamed)",
            path=str(path),
            reason=str(exc) or type(exc).__name__,
        ) from exc
    except RuntimeError as exc:  # an encrypted member
        raise ReadError(
            "the archive is encrypted; remove the password and try again",
            path=str(path),
            reason=str(exc) or None,
        ) from exc


def _check_members(archive: zipfile.ZipFile, path: Path, limits: ReadLimits) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReadError(
            f"the archive has {len(members):,} parts, more than {MAX_MEMBERS:,}", path=str(path)
        )
    limit = limits.max_expanded_bytes
    declared = sum(member.file_size for member in members)
    if declared > limit:
        raise _too_big(path, declared, limit, declared=True)
    total = 0
    for member in members:
        if member.is_dir():
            continue
        xml = member.filename.lower().endswith(_XML_SUFFIXES)
        with archive.open(member) as stream:
            first = True
            while block := stream.read(_BLOCK):
                total += len(block)
                if total > limit:
                    raise _too_big(path, total, limit, declared=False)
                if xml and first:
                    _check_prolog(block[:_PROLOG], member.filename, path)
                first = False


def _check_prolog(head: bytes, part: str, path: Path) -> None:
    if any(marker in head for marker in _DECLARATIONS):
        raise ReadError(
            f"part {part} declares a document type or entities (not allowed in Office files; "
            "entity expansion can exhaust memory)",
            path=str(path),
        )
