"""What every command starts from: the settings the ``main`` group read."""

from __future__ import annotations

import click

from graphhub.config import Settings


def settings() -> Settings:
    """This invocation's settings (read once, from the environment, by ``main``)."""
    found = click.get_current_context().find_object(Settings)
    return found if found is not None else Settings.from_env()
