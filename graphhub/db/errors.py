"""Errors of the database layer, with messages a user can act on."""


class DatabaseError(Exception):
    """Root of graphhub's database errors."""


class EngineError(DatabaseError):
    """The local Neo4j engine cannot be built, started or stopped."""


class MissingToolError(EngineError):
    """Java or Maven, needed for the local engine, is not installed."""
