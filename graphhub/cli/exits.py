"""How a command ends: one table from error types to exit codes and messages.

Exit codes: 0 success; 1 the work ran but something failed (bad input, a failed
check); 2 wrong usage (click's own); 3 the environment is not ready (no Java or
Maven, no Neo4j reachable, a bad GRAPHHUB_* value). The README's table says the same.

The ``main`` group runs every command inside :func:`mapped`; a command whose errors
mean something else (``db status``, ``db migrate``) names its rule here and puts it
first.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

import click
import neo4j

from graphhub.config import ConfigError
from graphhub.db.errors import DatabaseError

FAILED = 1
USAGE = 2
ENVIRONMENT = 3


@dataclass(frozen=True)
class Rule:
    """An error of one of these types ends the command with this code and its message."""

    errors: tuple[type[Exception], ...]
    code: int
    prefix: str = ""


# Whatever goes wrong between the command and the Neo4j server.
SERVER_ERRORS: tuple[type[Exception], ...] = (
    DatabaseError,
    neo4j.exceptions.Neo4jError,
    neo4j.exceptions.DriverError,
)
# `db migrate` only talks to the server: whatever the server says, it is not ready.
SERVER_NOT_READY = Rule(SERVER_ERRORS, ENVIRONMENT)
# `db status` is a check: a server that does not answer is its failed result.
NOT_REACHABLE = Rule(SERVER_ERRORS, FAILED, "Neo4j not reachable: ")


def rules() -> tuple[Rule, ...]:
    """Every command's rules, first match wins.

    The reports and export errors are looked for only when their modules are loaded
    (no error of theirs can be raised otherwise), so that a command does not import
    packages it does not use.
    """
    refused: list[type[Exception]] = []
    if "graphhub.reports.errors" in sys.modules:
        from graphhub.reports.errors import ReportError

        refused.append(ReportError)
    if "graphhub.queries.export" in sys.modules:
        from graphhub.queries.export import ExportError

        refused.append(ExportError)
    return (
        Rule((ConfigError, DatabaseError, neo4j.exceptions.ServiceUnavailable), ENVIRONMENT),
        Rule(tuple(refused), FAILED),
    )


def fail(message: str, code: int) -> NoReturn:
    """Say what went wrong on stderr and exit with ``code``."""
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


@contextmanager
def mapped(*first: Rule) -> Iterator[None]:
    """Turn an error the rules name into its message and exit code; others propagate.

    Usable as a decorator too (``@mapped(NOT_REACHABLE)``).
    """
    try:
        yield
    except Exception as exc:
        rule = next((r for r in (*first, *rules()) if isinstance(exc, r.errors)), None)
        if rule is None:
            raise
        fail(f"{rule.prefix}{exc}", rule.code)
