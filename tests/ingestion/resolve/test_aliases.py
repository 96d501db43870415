"""Alias files: the bundled one, a user one that extends it, and bad ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphhub.model import Label
from ingestion.errors import IngestionError, ReadError, RecordError
from ingestion.records import Extraction, NodeRecord
from ingestion.resolve import Resolver, bundled_aliases_path, load_aliases


def extraction(*items: tuple[Any, ...], doc_id: str = "doc-1") -> Extraction:
    """An Extraction from ``(label, name[, props[, aliases]])`` tuples; refs n0, n1, ..."""
    nodes = []
    for number, item in enumerate(items):
        props: dict[str, Any] = dict(item[2]) if len(item) > 2 else {}
        aliases: list[str] = list(item[3]) if len(item) > 3 else []
        nodes.append(NodeRecord(item[0], f"n{number}", item[1], props, aliases))
    return Extraction(doc_id, nodes)


def test_bundled_file_loads_with_the_expected_donors() -> None:
    entries = load_aliases(bundled_aliases_path())
    names = {entry.name for entry in entries}
    assert {
        "European Union",
        "United Nations Office on Drugs and Crime",
        "Government of the United States",
        "NATO-Russia Council",
    } <= names
    assert all(entry.label in set(Label) for entry in entries)


def test_user_file_extends_and_overrides_the_bundled_one(
    tmp_path: Path,
) -> None:
    user = tmp_path / "aliases.yaml"
    user.write_text(
        "- name: European Union\n"
        "  aliases: [EU Directorate-General for International Partnerships]\n"
        "- name: Karimov Brothers\n  label: TraffickingGroup\n  aliases: [Bratya Karimovy]\n"
        "- name: Agency for Narcotics Control\n  aliases: [DCA]\n"
    )
    bundled_only = Resolver.with_aliases()
    extended = Resolver.with_aliases(user)
    items = (
        (Label.ORGANIZATION, "EU Directorate-General for International Partnerships"),
        (Label.TRAFFICKING_GROUP, "Bratya Karimovy gang"),
        (Label.ORGANIZATION, "European Commission"),
        (Label.ORGANIZATION, "DCA"),
    )
    before = bundled_only.resolve(extraction(*items)).nodes
    after = extended.resolve(extraction(*items)).nodes
    assert before["n0"].name != "European Union"
    assert after["n0"].name == "European Union" and after["n0"].id == after["n2"].id
    assert after["n0"].decision.method == "alias-file"
    assert "aliases.yaml" in after["n0"].decision.explanation
    assert after["n1"].name == "Karimov Brothers"
    assert (before["n3"].name, after["n3"].name) == ("DCA", "Agency for Narcotics Control")


@pytest.mark.parametrize(
    ("text", "error", "where"),
    [
        ("name: x\n", ReadError, "list of entries"),
        ("- name: [x\n", ReadError, "not a valid YAML"),
        ("- aliases: [a]\n", RecordError, "row 1, field 'name'"),
        ("- name: A\n- name: B\n  label: Donorz\n", RecordError, "row 2, field 'label'"),
        ("- name: A\n  alias: [b]\n", RecordError, "field 'alias'"),
        ("- name: A\n  aliases: b\n", RecordError, "field 'aliases'"),
    ],
)
def test_bad_alias_files_name_file_entry_and_field(
    tmp_path: Path, text: str, error: type[IngestionError], where: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(error) as caught:
        load_aliases(path)
    assert str(caught.value).startswith(str(path))
    assert where in str(caught.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read the alias file"):
        Resolver.with_aliases(tmp_path / "nope.yaml")
