"""The schema of the graph model: constraints, lookup indexes and the full-text index.

Statements are derived from ``graphhub.model``; ``migrate`` applies them with
``IF NOT EXISTS`` and reports what it created, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from graphhub.model import FULLTEXT_INDEXES, NODES, RELATIONSHIPS, fulltext_labels


@dataclass(frozen=True)
class SchemaItem:
    """One constraint or index: its name and the statement that creates it."""

    name: str
    kind: str
    statement: str


def _snake(name: str) -> str:
    out = [f"_{ch.lower()}" if ch.isupper() else ch for ch in name]
    return "".join(out).lstrip("_")


def schema_items() -> list[SchemaItem]:
    """Every constraint and index the graph model needs, in the order to create them."""
    items = [
        SchemaItem(
            f"{_snake(node.label)}_{node.key}",
            "constraint",
            f"CREATE CONSTRAINT {_snake(node.label)}_{node.key} IF NOT EXISTS "
            f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE",
        )
        for node in NODES
        if node.key
    ]
    items += [
        SchemaItem(
            f"{_snake(node.label)}_{prop}",
            "index",
            f"CREATE INDEX {_snake(node.label)}_{prop} IF NOT EXISTS "
            f"FOR (n:{node.label}) ON (n.{prop})",
        )
        for node in NODES
        for prop in node.indexes
    ]
    items += [
        SchemaItem(
            f"{rel.type.lower()}_{prop}",
            "index",
            f"CREATE INDEX {rel.type.lower()}_{prop} IF NOT EXISTS "
            f"FOR ()-[r:{rel.type}]-() ON (r.{prop})",
        )
        for rel in RELATIONSHIPS
        for prop in rel.indexes
    ]
    for index in FULLTEXT_INDEXES:
        labels = "|".join(fulltext_labels(index))
        props = ", ".join(f"n.{prop}" for prop in index.props)
        items.append(
            SchemaItem(
                index.name,
                "fulltext",
                f"CREATE FULLTEXT INDEX {index.name} IF NOT EXISTS "
                f"FOR (n:{labels}) ON EACH [{props}]",
            )
        )
    return items


@dataclass(frozen=True)
class MigrationReport:
    """What ``migrate`` did."""

    created: list[str]
    present: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.created)


def existing_names(driver: neo4j.Driver, database: str) -> set[str]:
    """Names of the constraints and indexes the database holds now."""
    names: set[str] = set()
    for query in ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name"):
        records, _, _ = driver.execute_query(query, database_=database)
        names.update(str(record["name"]) for record in records)
    return names


def migrate(driver: neo4j.Driver, database: str) -> MigrationReport:
    """Create whatever the model needs and is missing; wait for indexes to come online."""
    before = existing_names(driver, database)
    created: list[str] = []
    present: list[str] = []
    for item in schema_items():
        if item.name in before:
            present.append(item.name)
            continue
        driver.execute_query(item.statement, database_=database)
        created.append(item.name)
    if created:
        driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return MigrationReport(created, present)
