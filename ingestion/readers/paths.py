"""Which files a list of files and folders stands for."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from ingestion.readers.document import SUPPORTED_SUFFIXES


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def found_files(
    paths: Iterable[Path], suffixes: Collection[str] = SUPPORTED_SUFFIXES
) -> Iterator[tuple[Path, Path]]:
    """Files given, and files with one of ``suffixes`` under folders given (recursive,
    sorted, no hidden ones), each with the folder it was found under (a file given:
    its own folder), where a search for a ``.classification`` file stops."""
    for path in paths:
        if path.is_dir():
            found = (
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.name.lower().endswith(tuple(suffixes))
                and not _hidden(child, path)
            )
            yield from ((child, path) for child in sorted(found))
        else:
            # A file named explicitly is passed on, so an unsupported one gets its error.
            yield path, path.parent


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and supported documents under folders given (recursive, sorted)."""
    for path, _ in found_files(paths):
        yield path
