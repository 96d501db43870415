"""Narrative documents (reports, notes, PDFs ...) into the graph.

Every file is read (``ingestion.readers``); those whose content is already in the
graph are skipped; the rest are classified, extracted in groups through the spaCy
pipeline (in an extraction process beside this one when there is more than one
group), resolved and written, each document wholly or not at all. Bad input never
stops the run: each failure is a ``FileReport`` of the run with its reason.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

import neo4j

from graphhub.writer.documents import present_documents
from ingestion.classification import Classified, check, classify, folder_declaration, strictest
from ingestion.commit import Committed, DocumentInfo, commit_extractions
from ingestion.errors import IngestionError
from ingestion.readers import SourceText, read_document
from ingestion.records import Extraction
from ingestion.resolve import Resolver
from ingestion.run import FileReport, Run

log = logging.getLogger("graphhub.ingest")

_T = TypeVar("_T")

KIND = "document"
# Documents sent to the pipeline together (nlp.pipe batches within them).
EXTRACT_GROUP = 32


Progress = Callable[[str], None]

_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


def document_year(source: SourceText) -> int | None:
    """The year a document speaks from: the first year in its title or opening lines."""
    for text in (source.title, source.text[:600]):
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def _read_all(
    paths: Iterable[tuple[Path, Path]],
    declared: str | None,
    max_bytes: int,
    run: Run,
    progress: Progress,
) -> Iterator[tuple[SourceText, str | None]]:
    """Each readable document, with what was declared of it: the caller's classification and
    the nearest ``.classification`` file up to the root it was found under (the stricter)."""
    for path, stop in paths:
        try:
            here = strictest(declared, folder_declaration(path, stop))
            yield read_document(path, max_bytes), here
        except IngestionError as exc:
            run.add(FileReport(str(path), KIND, failure=str(exc)))
            progress(str(path))
        except Exception as exc:  # the readers convert their errors; this names any other
            failure = f"could not be read ({type(exc).__name__})"
            run.add(FileReport(str(path), KIND, failure=failure))
            progress(str(path))


def _groups(items: Iterator[_T], size: int) -> Iterator[list[_T]]:
    group: list[_T] = []
    for item in items:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


Loads = list[tuple[SourceText, DocumentInfo, Extraction]]


def _load_group(
    driver: neo4j.Driver, database: str, loads: Loads, resolver: Resolver, run_id: str
) -> list[Committed | Exception]:
    items = [(doc, extraction) for _, doc, extraction in loads]
    try:
        return commit_extractions(driver, database, items, resolver, run_id=run_id)
    except (IngestionError, neo4j.exceptions.Neo4jError) as exc:
        return [exc] * len(items)


def _record(
    run: Run, loads: Loads, reports: list[Committed | Exception], progress: Progress
) -> None:
    for (source, doc, _), report in zip(loads, reports, strict=True):
        done = run.add(FileReport(str(source.path), KIND, doc_id=doc.id))
        if isinstance(report, Exception):
            done.failure = f"could not be written ({report})"
        else:
            done.status = report.status
            done.words = len(source.text.split())
            if doc.classified is not None:
                done.classification = f"{doc.classified.classification} ({doc.classified.reason})"
            done.nodes.update(report.nodes_by_label)
            done.edges.update(report.edges_by_type)
            done.warnings.extend(report.warnings)
        progress(str(source.path))


def extract_group(items: list[tuple[str, str, str]]) -> list[Extraction | str]:
    """Extractions of ``(text, doc_id, classification)`` items, in order; for a document the
    pipeline fails on, the reason as text.

    The group goes through ``nlp.pipe`` at once; should that fail, each document is
    retried alone so one bad document cannot stop the others. Runs in the ingesting
    process or in its extraction process (arguments and results are plain records).
    """
    from ingestion.extract.pipeline import extract_docs, extract_text

    try:
        return list(extract_docs(items))
    except Exception:
        log.warning("extraction of a group failed; retrying its documents one by one")
    results: list[Extraction | str] = []
    for text, doc_id, cls in items:
        try:
            results.append(extract_text(text, doc_id, cls))
        except Exception as exc:
            results.append(f"{type(exc).__name__}: {exc}")
    return results


def _done(results: list[Extraction | str]) -> Future[list[Extraction | str]]:
    future: Future[list[Extraction | str]] = Future()
    future.set_result(results)
    return future


# prctl(2) option: the signal this process gets when the process that started it ends.
_PR_SET_PDEATHSIG = 1
# How often the extraction process checks that its parent is still there (any platform).
PARENT_POLL_S = 0.5


def _die_with_parent(parent: int) -> None:
    """Initializer of the extraction process: it ends when the ingesting process ends.

    On Linux the kernel sends it SIGKILL when its parent dies (even by SIGKILL); a
    thread polling ``os.getppid()`` covers the other platforms and the moment before
    the kernel call took effect.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            log.warning("cannot ask the kernel to end the extraction process with its parent")
    if os.getppid() != parent:
        os._exit(1)  # the parent is gone already
    threading.Thread(
        target=_watch_parent, args=(parent,), name="parent-watch", daemon=True
    ).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)  # no one is left to hand results to


class _Extractor:
    """Runs ``extract_group`` in a process of its own once a run has more than one group.

    spaCy's compiled code holds Python's global lock for long stretches, which starved a
    writer thread beside it: with the pipeline in its own process, one group is resolved
    and written here while the next is parsed there. A run of one group stays in this
    process (no second model to load). Should the process die, the rest runs here.
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def submit(
        self, items: list[tuple[str, str, str]], parallel: bool
    ) -> Future[list[Extraction | str]]:
        if not items:  # every document of the group is already in the graph
            return _done([])
        if parallel and self._pool is None and not self._broken:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=get_context("spawn"),
                initializer=_die_with_parent,
                initargs=(os.getpid(),),
            )
            log.info("documents are parsed in an extraction process")
        if self._pool is not None:
            try:
                return self._pool.submit(extract_group, items)
            except BrokenProcessPool:
                self._stop()
        return _done(extract_group(items))

    def result(
        self, future: Future[list[Extraction | str]], items: list[tuple[str, str, str]]
    ) -> list[Extraction | str]:
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("the extraction process stopped; extracting in this process")
            self._stop()
            return extract_group(items)

    def _stop(self) -> None:
        """No extraction process for the rest of the run."""
        self.close()
        self._pool, self._broken = None, True

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


@dataclass
class _Group:
    """A group of fresh documents on its way through extraction."""

    sources: list[SourceText]
    items: list[tuple[str, str, str]]  # (text, doc_id, classification) per source
    future: Future[list[Extraction | str]]
    classified: list[Classified] = field(default_factory=list)


def _loads(
    group: _Group, results: list[Extraction | str], run: Run, progress: Progress
) -> Loads:
    loads: Loads = []
    for source, classified, result in zip(group.sources, group.classified, results, strict=True):
        if isinstance(result, str):
            failure = f"extraction failed ({result})"
            run.add(FileReport(str(source.path), KIND, doc_id=source.doc_id, failure=failure))
            progress(str(source.path))
            continue
        doc = DocumentInfo(
            id=source.doc_id,
            title=source.title,
            kind=source.kind,
            path=str(source.path.resolve()),
            classification=classified.classification,
            props={
                "size": source.size,
                "modified": source.modified,
                "classified_by": classified.reason,
                "marker": classified.marker,
            },
            year=document_year(source),
            classified=classified,
        )
        loads.append((source, doc, result))
    return loads


def _with_lookahead(groups: Iterator[list[_T]]) -> Iterator[tuple[list[_T], bool]]:
    """Each group, and whether another follows it."""
    current = next(groups, None)
    while current is not None:
        following = next(groups, None)
        yield current, following is not None
        current = following


def _write(
    driver: neo4j.Driver,
    database: str,
    group: _Group,
    extractor: _Extractor,
    resolver: Resolver,
    run: Run,
    progress: Progress,
) -> None:
    loads = _loads(group, extractor.result(group.future, group.items), run, progress)
    if loads:
        _record(run, loads, _load_group(driver, database, loads, resolver, run.run_id), progress)


def ingest_documents(
    driver: neo4j.Driver,
    database: str,
    files: Iterable[tuple[Path, Path]],
    run: Run,
    *,
    max_bytes: int,
    resolver: Resolver,
    progress: Progress = lambda _: None,
    group_size: int = EXTRACT_GROUP,
    classification: str | None = None,
) -> None:
    """Ingest narrative documents into ``run``: each file with the folder its
    ``.classification`` search stops at (``ingestion.load`` finds them).

    Documents go through the spaCy pipeline in groups of ``group_size``; when there is
    more than one group, the pipeline runs in an extraction process and parses the next
    group while this one is resolved and written. At most one group waits, so memory
    stays bounded, and documents are resolved in order. The extraction process is
    spawned: a script calling this must guard its entry point with
    ``if __name__ == "__main__":`` (without it the run extracts in this process).

    ``classification`` is what the caller declares of every document (``public`` or
    ``restricted``); a ``.classification`` file in a folder declares it for the documents
    under it, and the stricter of the two applies. Markers in a text raise it to
    restricted; a document nobody declared is restricted (``ingestion.classification``).
    """
    declared = check(classification)
    sources = _read_all(files, declared, max_bytes, run, progress)
    extractor = _Extractor()
    pending: _Group | None = None
    try:
        for group, more in _with_lookahead(_groups(sources, group_size)):
            present = present_documents(driver, database, [s.doc_id for s, _ in group])
            fresh: list[SourceText] = []
            classes: list[Classified] = []
            for source, declared_here in group:
                if source.doc_id in present:
                    run.add(FileReport(str(source.path), KIND, "unchanged", source.doc_id))
                    progress(str(source.path))
                else:
                    fresh.append(source)
                    classes.append(classify(source.text, declared_here))
            items = [
                (s.text, s.doc_id, c.classification) for s, c in zip(fresh, classes, strict=True)
            ]
            parallel = more or pending is not None
            group_now = _Group(fresh, items, extractor.submit(items, parallel), classes)
            if pending is not None:
                _write(driver, database, pending, extractor, resolver, run, progress)
                run.progress(driver, database)
            pending = group_now
        if pending is not None:
            _write(driver, database, pending, extractor, resolver, run, progress)
    finally:
        extractor.close()
