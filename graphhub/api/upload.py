"""Documents uploaded through the API: kept under the state directory, then ingested.

The text arrives in the request; it is saved as ``<state_dir>/uploads/<hash>/<name>``
(the Document keeps that path as its origin) and ingested by the same run as
``graphhub ingest``, in a worker thread with a driver of its own, since ingestion
is synchronous and may take a while.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import strawberry
from starlette.concurrency import run_in_threadpool

from graphhub.api.types.ingest_run import IngestRun, counts
from graphhub.config import Settings
from graphhub.db.driver import open_driver
from graphhub.ids import content_hash
from graphhub.queries.errors import BadInput
from ingestion.jobs import RunSummary, ingest_paths

# Uploads come as text; binary formats (PDF, DOCX) go through `graphhub ingest`.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
MAX_NAME_CHARS = 200
# Messages of failures whose details (driver text, Cypher) stay in the server log.
_LOGGED_ONLY = ("could not be written", "extraction failed")

log = logging.getLogger("graphhub.api")


def public_messages(messages: list[str], path: Path, name: str) -> list[str]:
    """``messages`` of a run as a caller may read them: the document named by its file name,
    never by where the server keeps it, and no driver or Cypher text."""
    out: list[str] = []
    for message in messages:
        text = message.replace(str(path), name).replace(str(path.parent), "upload")
        for marker in _LOGGED_ONLY:
            if marker in text:
                log.error("upload %s: %s", name, message)
                text = f"{name}: {marker}; the server log has the details"
                break
        out.append(text)
    return out


def upload_path(settings: Settings, filename: str, data: bytes) -> Path:
    """Where an upload is kept; BadInput for a name that is not a plain text file name."""
    name = filename.strip()
    if not name or name != Path(name).name or name.startswith(".") or len(name) > MAX_NAME_CHARS:
        raise BadInput(f"filename {filename!r} must be a plain file name such as report.txt")
    if Path(name).suffix.lower() not in TEXT_SUFFIXES:
        allowed = ", ".join(sorted(TEXT_SUFFIXES))
        raise BadInput(f"filename {name!r} must end in one of {allowed}")
    limit = settings.max_file_mb * 1024 * 1024
    if len(data) > limit:
        raise BadInput(f"content is larger than {settings.max_file_mb} MB")
    if not data.strip():
        raise BadInput("content is empty")
    return settings.state_dir / "uploads" / content_hash(data)[:16] / name


def _ingest(
    settings: Settings, uri: str | None, path: Path, classification: str | None
) -> RunSummary:
    with open_driver(settings, uri) as driver:
        return ingest_paths(
            driver,
            settings.neo4j_database,
            [path],
            max_bytes=settings.max_file_mb * 1024 * 1024,
            aliases_file=settings.aliases_file,
            command="api upload",
            classification=classification,
        )


async def ingest_upload(
    settings: Settings,
    uri: str | None,
    filename: str,
    content: str,
    classification: str | None = None,
) -> RunSummary:
    """Save the uploaded text and ingest it as declared (undeclared: restricted)."""
    data = content.encode("utf-8")
    path = upload_path(settings, filename, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    summary = await run_in_threadpool(_ingest, settings, uri, path, classification)
    return replace(
        summary,
        errors=public_messages(summary.errors, path, path.name),
        warnings=public_messages(summary.warnings, path, path.name),
    )


def ingest_run(summary: RunSummary) -> IngestRun:
    """The API's view of the run ``summary``."""
    return IngestRun(
        run_id=strawberry.ID(summary.run_id),
        documents=counts(summary.documents),
        nodes=counts(summary.nodes),
        edges=counts(summary.edges),
        words=summary.words,
        errors=list(summary.errors),
        warnings=list(summary.warnings),
        classified=counts(summary.classified),
    )
