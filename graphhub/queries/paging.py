"""Pages and sort orders of list queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from graphhub.queries.errors import BadInput

T = TypeVar("T")

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class PageRequest:
    """Which slice of a sorted list: ``limit`` items from ``offset``, ordered by ``sort``."""

    offset: int = 0
    limit: int = DEFAULT_PAGE_SIZE
    sort: str = "NAME"
    descending: bool = False

    def check(self, sort_keys: frozenset[str]) -> PageRequest:
        """This request, or BadInput naming what is out of range."""
        if self.offset < 0:
            raise BadInput("a cursor points before the start of the list")
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise BadInput(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {self.limit}")
        if self.sort not in sort_keys:
            raise BadInput(f"cannot sort by {self.sort}; use one of {', '.join(sorted(sort_keys))}")
        return self

    def params(self) -> dict[str, object]:
        """The Cypher parameters of this page."""
        return {
            "offset": self.offset,
            "limit": self.limit,
            "sort": self.sort,
            "descending": self.descending,
        }


@dataclass(frozen=True)
class Page(Generic[T]):
    """One slice of a list and the size of the whole list."""

    items: list[T]
    total: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total
