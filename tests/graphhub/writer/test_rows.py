"""The writer's rows: what properties Neo4j can store."""

from __future__ import annotations

from graphhub.writer.rows import clean_props


def test_clean_props_drops_nulls_and_serialises_nested_values() -> None:
    cleaned = clean_props({"a": None, "b": 1, "c": {"x": 1}, "d": [], "e": ["x"]})
    assert cleaned == {"b": 1, "c": '{"x": 1}', "e": ["x"]}


def test_clean_props_drops_empty_text_and_serialises_lists_of_lists() -> None:
    cleaned = clean_props({"a": "", "b": [[1, 2]], "c": [{"y": 2, "x": 1}], "d": 0})
    assert cleaned == {"b": "[[1, 2]]", "c": '[{"x": 1, "y": 2}]', "d": 0}
