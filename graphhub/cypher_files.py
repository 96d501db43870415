"""Cypher kept in ``cypher/*.cypher`` beside the module that runs it, each file read once.

The one loader of Cypher text for every package: a module binds the directory beside it
(``cypher = CypherFiles.beside(__file__)``) and asks for a text by name (``cypher("x")``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class CypherFiles:
    """The ``.cypher`` files of one directory, by name."""

    directory: Path

    @classmethod
    def beside(cls, module_file: str) -> CypherFiles:
        """The ``cypher/`` directory beside the module whose ``__file__`` is given."""
        return cls(Path(module_file).with_name("cypher"))

    def __call__(self, name: str) -> str:
        """The text of ``<directory>/<name>.cypher``."""
        return _read(self.directory / f"{name}.cypher")

    def names(self) -> list[str]:
        """The names of every file in the directory, sorted."""
        return sorted(path.stem for path in self.directory.glob("*.cypher"))


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
