"""Cypher kept in ``cypher/*.cypher`` files beside the modules that run it.

A statement whose label or relationship type varies names it with a slot
(``__LABEL__``, ``__TYPE__``, ``__START__``, ``__END__``, ``__EXTRA__``); ``statement``
fills the slots from the model's enums (or fixed text) only, never from input.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from pathlib import Path

SLOT = re.compile(r"__[A-Z]+__")


class CypherFiles:
    """The ``.cypher`` files of one folder, each read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def beside(cls, module_file: str) -> CypherFiles:
        """The ``cypher/`` folder beside a module (pass ``__file__``)."""
        return cls(Path(module_file).with_name("cypher"))

    def __call__(self, name: str) -> str:
        return _read(self.folder / f"{name}.cypher")

    def statement(self, name: str, **slots: StrEnum | str) -> str:
        """The text of ``name`` with its ``__SLOT__`` names filled."""
        return _filled(self(name), tuple(sorted((k, str(v)) for k, v in slots.items())), name)


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def _filled(text: str, slots: tuple[tuple[str, str], ...], name: str) -> str:
    for slot, value in slots:
        text = text.replace(f"__{slot.upper()}__", value)
    if SLOT.search(text):
        raise ValueError(f"cypher/{name}.cypher has a slot left unfilled")
    return text
