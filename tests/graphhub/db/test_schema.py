"""Schema migration: idempotent, and the model's constraints are there."""

from __future__ import annotations

import neo4j
import pytest

from graphhub.db.schema import migrate, schema_items
from graphhub.model import FULLTEXT_INDEX, KEYED_LABELS


def test_statements_use_if_not_exists_and_model_labels() -> None:
    items = schema_items()
    assert all("IF NOT EXISTS" in item.statement for item in items)
    constraints = [item for item in items if item.kind == "constraint"]
    assert len(constraints) == len(KEYED_LABELS)
    assert any(item.name == FULLTEXT_INDEX for item in items)


@pytest.mark.neo4j
def test_second_migration_changes_nothing(driver: neo4j.Driver) -> None:
    # The session fixture already migrated once.
    again = migrate(driver, "neo4j")
    assert again.created == []
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties"
    )
    by_label = {r["labelsOrTypes"][0]: r for r in records}
    for label in KEYED_LABELS:
        assert by_label[label]["type"] == "UNIQUENESS"
        assert by_label[label]["properties"] == ["id"]
    indexes, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type, state")
    fulltext = [r for r in indexes if r["name"] == FULLTEXT_INDEX]
    assert fulltext and fulltext[0]["type"] == "FULLTEXT" and fulltext[0]["state"] == "ONLINE"


@pytest.mark.neo4j
def test_constraint_rejects_a_duplicate_id(driver: neo4j.Driver) -> None:
    driver.execute_query("CREATE (:Project {id: 'project:dup'})")
    with pytest.raises(neo4j.exceptions.ConstraintError):
        driver.execute_query("CREATE (:Project {id: 'project:dup'})")
