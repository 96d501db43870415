"""Financial-intelligence entities: lookups, relations and full-text search."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graphhub.model import (
    ENTITY_RELATIONS,
    FULLTEXT_INDEX,
    FULLTEXT_LABELS,
    RESTRICTED_FULLTEXT_INDEX,
    Label,
    RelType,
)
from graphhub.queries.cypher_files import cypher
from graphhub.queries.errors import BadInput
from graphhub.queries.records import Node, Rel
from graphhub.queries.runner import Runner

MAX_SEARCH_RESULTS = 100
# A search text is a few names or codes. The caps keep the Lucene query well below its
# clause limit (1,024; a fuzzy word expands to up to 50 terms).
MAX_SEARCH_CHARS = 300
MAX_SEARCH_WORDS = 16
# Every character the Lucene query syntax gives a meaning to.
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LUCENE_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


@dataclass(frozen=True)
class Related:
    """A relation of an entity and the node at its other end."""

    rel: Rel
    other: Node
    outgoing: bool


@dataclass(frozen=True)
class SearchHit:
    """A node found by full-text search and its score."""

    node: Node
    score: float


def escape_lucene(term: str) -> str:
    """``term`` with every Lucene special character escaped, so it is matched literally."""
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", term)
    # Lower case keeps AND/OR/NOT words from acting as operators; the index folds case anyway.
    return escaped.lower() if escaped in _LUCENE_OPERATORS else escaped


def lucene_query(text: str, fuzzy: bool) -> str:
    """A Lucene query matching every word of ``text`` (each within an edit or two if fuzzy).

    Without fuzziness each word is a quoted phrase, so ``TAJ/E24`` must match as a whole.
    """
    words = [escape_lucene(word) for word in text.split()]
    if not words:
        raise BadInput("search text is empty")
    if fuzzy:
        return " AND ".join(f"{word}~" for word in words)
    return " AND ".join(f'"{word}"' for word in words)


def check_search_text(text: str) -> None:
    """BadInput for a search text longer than MAX_SEARCH_CHARS or MAX_SEARCH_WORDS words."""
    if len(text) > MAX_SEARCH_CHARS:
        raise BadInput(f"search text is {len(text)} characters; at most {MAX_SEARCH_CHARS}")
    words = len(text.split())
    if words > MAX_SEARCH_WORDS:
        raise BadInput(f"search text has {words} words; at most {MAX_SEARCH_WORDS}")


async def entities_by_id(runner: Runner, ids: Sequence[str]) -> dict[str, Node]:
    """The visible entities among ``ids``."""
    rows = await runner.rows(cypher("entities"), ids=list(ids))
    return {node.id: node for node in (Node.from_map(row["node"]) for row in rows)}


async def relations_of(
    runner: Runner, ids: Sequence[str], types: Iterable[RelType] = ENTITY_RELATIONS
) -> dict[str, list[Related]]:
    """The visible relations of each entity of the given types, both directions."""
    rows = await runner.rows(
        cypher("entity_relations"), ids=list(ids), types=sorted(str(t) for t in types)
    )
    out: dict[str, list[Related]] = defaultdict(list)
    for row in rows:
        rel = Rel.from_map(row["rel"])
        out[row["key"]].append(Related(rel, Node.from_map(row["other"]), rel.start == row["key"]))
    return out


async def search(
    runner: Runner,
    text: str,
    labels: Iterable[Label] = FULLTEXT_LABELS,
    fuzzy: bool = False,
    limit: int = 20,
) -> list[SearchHit]:
    """Visible nodes whose names, aliases, titles, codes or acronyms match ``text``."""
    check_search_text(text)
    if not 1 <= limit <= MAX_SEARCH_RESULTS:
        raise BadInput(f"limit must be between 1 and {MAX_SEARCH_RESULTS}, not {limit}")
    wanted = [str(label) for label in labels if label in FULLTEXT_LABELS]
    if not wanted:
        raise BadInput("none of the requested types is searchable")
    rows = await runner.rows(
        cypher("search"),
        index=FULLTEXT_INDEX,
        restricted_index=RESTRICTED_FULLTEXT_INDEX,
        query=lucene_query(text, fuzzy),
        labels=wanted,
        limit=limit,
    )
    return [SearchHit(Node.from_map(row["node"]), float(row["score"])) for row in rows]
