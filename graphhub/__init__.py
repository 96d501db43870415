"""graphhub: a donor-coordination and financial-flows knowledge graph on Neo4j."""

__version__ = "0.1.0"
