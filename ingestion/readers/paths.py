"""Which files a list of files and folders stands for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ingestion.readers.document import SUPPORTED_SUFFIXES


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and supported files under folders given (recursive, sorted, no hidden)."""
    for path in paths:
        if path.is_dir():
            found = (
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in SUPPORTED_SUFFIXES
                and not _hidden(child, path)
            )
            yield from sorted(found)
        else:
            # A file named explicitly is passed on, so an unsupported one gets its error.
            yield path
