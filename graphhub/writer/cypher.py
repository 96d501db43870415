"""The writer's Cypher, in ``cypher/*.cypher`` beside its modules."""

from __future__ import annotations

from graphhub.cypher_files import CypherFiles

cypher = CypherFiles.beside(__file__)
statement = cypher.statement
