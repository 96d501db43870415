"""The Cypher text of the query modules, kept in ``cypher/*.cypher`` beside them."""

from __future__ import annotations

from graphhub.cypher_files import CypherFiles

cypher = CypherFiles.beside(__file__)
CYPHER_DIR = cypher.directory
