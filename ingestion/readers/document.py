"""Read one document file into a SourceText: size checks first, then by suffix."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from graphhub.ids import content_hash
from ingestion.errors import ReadError
from ingestion.readers.limits import ReadLimits, current_limits
from ingestion.readers.markdown import markdown_text, markdown_title
from ingestion.readers.markup import html_document
from ingestion.readers.pdf import pdf_document
from ingestion.readers.plain import decode_text
from ingestion.readers.source import SourceText, make_title
from ingestion.readers.word import docx_document

# Suffix -> kind; the order is the one shown in messages.
KINDS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(KINDS)


def human_size(size: int) -> str:
    """``2.1 GB``, ``50 MB``: a byte count for messages (1024-based units)."""
    value = float(size)
    unit = "B"
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    if unit == "B":
        return f"{size} B"
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def read_document(path: Path, max_bytes: int, limits: ReadLimits | None = None) -> SourceText:
    """Read a .txt/.md/.html/.pdf/.docx file; ReadError names the file and what is wrong.

    ``limits`` bound what the file may expand to (default: the GRAPHHUB_* settings). Any
    error of a reader, expected or not, comes out as a ReadError for this file.
    """
    limits = limits or current_limits()
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        supported = " ".join(KINDS)
        raise ReadError(
            f"unsupported file type {path.suffix or '(none)'!r}; supported: {supported}",
            path=str(path),
        )
    try:
        stat = path.stat()
    except OSError as exc:
        raise ReadError(f"cannot open the file: {exc.strerror or exc}", path=str(path)) from exc
    # Checked before reading so a huge file is never loaded into memory.
    if stat.st_size == 0:
        raise ReadError("empty file", path=str(path))
    if stat.st_size > max_bytes:
        raise ReadError(
            f"file is {human_size(stat.st_size)}, over the limit of {human_size(max_bytes)} "
            "(GRAPHHUB_MAX_FILE_MB)",
            path=str(path),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}", path=str(path)) from exc
    try:
        title, text = _parse(kind, data, path, limits)
    except ReadError:
        raise
    except Exception as exc:  # a library's own error on input it did not expect
        raise ReadError(
            f"not a readable {kind} file", path=str(path), reason=f"{type(exc).__name__}: {exc}"
        ) from exc
    if len(text) > limits.max_text_chars:
        raise ReadError(
            f"the text is {len(text):,} characters, over the limit of "
            f"{limits.max_text_chars:,} (GRAPHHUB_MAX_TEXT_CHARS)",
            path=str(path),
        )
    if not text.strip():
        raise ReadError("no text in the file", path=str(path))
    modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC).isoformat(timespec="seconds")
    return SourceText(
        path=path,
        doc_id=content_hash(data),
        title=make_title(title, text),
        kind=kind,
        text=text,
        size=len(data),
        modified=modified,
    )


def _parse(kind: str, data: bytes, path: Path, limits: ReadLimits) -> tuple[str | None, str]:
    if kind == "pdf":
        return pdf_document(data, path, limits)
    if kind == "docx":
        return docx_document(data, path, limits)
    source = decode_text(data, path)
    if kind == "markdown":
        return markdown_title(source), markdown_text(source)
    if kind == "html":
        return html_document(source)
    return None, source
