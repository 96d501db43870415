"""Neo4j: the local engine, the driver, the schema."""
