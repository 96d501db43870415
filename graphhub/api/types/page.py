"""Relay-style cursor pagination: connections, edges, page info, cursors."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from graphhub.api.errors import InvalidInput
from graphhub.queries.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest

T = TypeVar("T")
R = TypeVar("R")
_PREFIX = "offset:"


def encode_cursor(offset: int) -> str:
    """The opaque cursor of the item at ``offset``."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset a cursor points at; InvalidInput for anything this API did not issue."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput("after is not a cursor from this API") from None
    if not text.startswith(_PREFIX) or not text[len(_PREFIX) :].isdigit():
        raise InvalidInput("after is not a cursor from this API")
    return int(text[len(_PREFIX) :])


def page_request(
    first: int | None, after: str | None, sort: str, descending: bool = False
) -> PageRequest:
    """The slice that ``first`` and ``after`` ask for, with the page-size cap applied."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"first must be between 1 and {MAX_PAGE_SIZE}, not {size}")
    offset = decode_cursor(after) + 1 if after else 0
    return PageRequest(offset, size, sort, descending)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    total_count: int
    page_info: PageInfo
    edges: list[Edge[T]]

    @strawberry.field(description="The nodes of the edges, for callers that need no cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(page: Page[R], convert: Callable[[R], T]) -> Connection[T]:
    """A GraphQL connection from a page of query results."""
    edges = [
        Edge(cursor=encode_cursor(page.offset + index), node=convert(item))
        for index, item in enumerate(page.items)
    ]
    return Connection(
        total_count=page.total,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
