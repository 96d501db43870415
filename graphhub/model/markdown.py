"""The README's "Graph model" section, written from the model's declarations."""

from __future__ import annotations

from collections.abc import Iterable

from graphhub.model.graph import (
    COMMON_NODE_PROPS,
    COMMON_REL_PROPS,
    FULLTEXT_INDEXES,
    NODES,
    RELATIONSHIPS,
    fulltext_labels,
)
from graphhub.model.names import SOURCE_DOC, SOURCE_ROW

START = "<!-- model:start -->"
END = "<!-- model:end -->"


def _code(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _intro() -> list[str]:
    return [
        "Declared once in `graphhub/model/graph.py`: every label with its property keys,",
        "key and indexes, every relationship type with its ends and property keys.",
        "Migrations, the GraphQL enums, the lookups and this section derive from it; a",
        "test fails on any label, relationship type or property key a Cypher text uses",
        "that it does not declare. Regenerate this section with",
        '`python -c "import graphhub.model as m; print(m.markdown())"`.',
        "",
        f"Every node may carry {_code(COMMON_NODE_PROPS)}; every relationship",
        f"{_code(COMMON_REL_PROPS)}. Transfers of FIU exports, loaded by the million, name",
        f"their source with two scalars, `{SOURCE_DOC}` and `{SOURCE_ROW}`, instead of the",
        "`sources` and `evidence` lists: one store record less per transfer. The API serves",
        "both forms as `sources`.",
    ]


def _labels() -> list[str]:
    lines = ["| label | what | property keys | key, indexes |", "|---|---|---|---|"]
    for node in NODES:
        label = f"`{node.label}`" + (f" (also `{node.extends}`)" if node.extends else "")
        indexed = [f"unique `{node.key}`"] if node.key else []
        indexed += [f"`{prop}`" for prop in node.indexes]
        indexed += [f"full-text `{index.name}`" for index in node.fulltext]
        lines.append(
            f"| {label} | {node.description} | {_code(node.properties)} | {', '.join(indexed)} |"
        )
    return lines


def _relationships() -> list[str]:
    lines = ["| relationship | from | to | property keys |", "|---|---|---|---|"]
    for rel in RELATIONSHIPS:
        props = _code(rel.properties)
        if rel.indexes:
            props += f" (indexed: {_code(rel.indexes)})"
        lines.append(
            f"| `{rel.type}`: {rel.description} | {_code(rel.start)} | {_code(rel.end)} "
            f"| {props} |"
        )
    return lines


def _fulltext() -> list[str]:
    return [
        f"Full-text index `{index.name}` ({index.description}): {_code(index.props)} on "
        f"{_code(fulltext_labels(index))}."
        for index in FULLTEXT_INDEXES
    ]


def markdown() -> str:
    """The body of the README's "Graph model" section, between its two markers."""
    parts = [_intro(), _labels(), _relationships(), _fulltext()]
    body = "\n\n".join("\n".join(part) for part in parts)
    return f"{START}\n{body}\n{END}"
