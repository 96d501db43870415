"""Cypher kept in ``cypher/*.cypher`` beside the module that runs it, each file read once.

The one loader of Cypher text for every package: a module binds the directory beside it
(``cypher = CypherFiles.beside(__file__)``) and asks for a text by name (``cypher("x")``).

A statement whose label or relationship type varies names it with a slot (``__LABEL__``,
``__TYPE__``, ``__START__``, ``__END__``, ``__EXTRA__``); ``statement`` fills the slots
from the model's enums (or fixed text) only, never from input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
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


    def statement(self, name: str, **slots: StrEnum | str) -> str:
        """The text of ``name`` with its ``__SLOT__`` names filled."""
        filled = tuple(sorted((k, str(v)) for k, v in slots.items()))
        return _filled(self(name), filled, name)


SLOT = re.compile(r"__[A-Z]+__")


@cache
def _filled(text: str, slots: tuple[tuple[str, str], ...], name: str) -> str:
    for slot, value in slots:
        text = text.replace(f"__{slot.upper()}__", value)
    if SLOT.search(text):
        raise ValueError(f"cypher/{name}.cypher has a slot left unfilled")
    return text


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
