"""The one loader of Cypher text: files beside a module, by name, read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphhub.cypher_files import CypherFiles
from graphhub.model import Label
from graphhub.queries import cypher_files as query_cypher
from graphhub.writer import cypher as writer_cypher
from ingestion.resolve import known


def test_a_module_reads_the_directory_beside_it(tmp_path: Path) -> None:
    (tmp_path / "cypher").mkdir()
    (tmp_path / "cypher" / "one.cypher").write_text("RETURN 1\n", encoding="utf-8")
    (tmp_path / "cypher" / "two.cypher").write_text("RETURN 2\n", encoding="utf-8")
    cypher = CypherFiles.beside(str(tmp_path / "module.py"))
    assert cypher.directory == tmp_path / "cypher"
    assert cypher("one") == "RETURN 1\n"
    assert cypher.names() == ["one", "two"]


def test_each_file_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "cypher" / "once.cypher"
    path.parent.mkdir()
    path.write_text("RETURN 1", encoding="utf-8")
    cypher = CypherFiles.beside(str(tmp_path / "module.py"))
    assert cypher("once") == "RETURN 1"
    path.write_text("RETURN 2", encoding="utf-8")
    assert cypher("once") == "RETURN 1"


def test_a_missing_name_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        CypherFiles(tmp_path)("absent")


@pytest.mark.parametrize("loader", [query_cypher.cypher, writer_cypher.cypher, known.cypher])
def test_the_query_writer_and_ingestion_modules_use_it(loader: CypherFiles) -> None:
    assert isinstance(loader, CypherFiles)
    assert loader.names()
    assert all(loader(name).strip() for name in loader.names())


def test_a_statement_fills_its_slots_from_the_model(tmp_path: Path) -> None:
    (tmp_path / "cypher").mkdir()
    (tmp_path / "cypher" / "t.cypher").write_text("MATCH (n:__LABEL__) __EXTRA__ RETURN n\n")
    cypher = CypherFiles.beside(str(tmp_path / "module.py"))
    assert cypher.statement("t", label=Label.PERSON, extra="") == "MATCH (n:Person)  RETURN n\n"
    with pytest.raises(ValueError, match="slot left unfilled"):
        cypher.statement("t", label=Label.PERSON)
