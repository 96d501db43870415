"""Options that several commands share."""

from __future__ import annotations

from typing import Any

import click

# How declared documents are classified (`ingest`, and the `load` kinds that take it).
CLASSIFICATION: dict[str, Any] = {
    "type": click.Choice(["public", "restricted"]),
    "default": None,
    "help": "Declare how the documents are classified. Undeclared documents are restricted; "
    "markers in a text (FOUO, confidential, an FIU note ...) make it restricted whatever "
    "is declared.",
}
