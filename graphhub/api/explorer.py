"""The explorer: GraphiQL served with the app's own copies of its scripts and styles."""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path

from graphhub.config import PROJECT_ROOT

STATIC_DIR = Path(__file__).with_name("static")
VENDOR_DIR = STATIC_DIR / "vendor"
OPERATIONS_DIR = PROJECT_ROOT / "queries"
DEFAULT_OPERATION = "who_funds_what_in_a_country.graphql"


def operations() -> dict[str, str]:
    """The named operations of ``queries/`` by file name."""
    if not OPERATIONS_DIR.is_dir():
        return {}
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(OPERATIONS_DIR.glob("*.graphql"))
    }


@cache
def _template() -> str:
    return (STATIC_DIR / "explorer.html").read_text(encoding="utf-8")


def explorer_page() -> str:
    """The explorer's HTML with the operations of queries/ as tabs."""
    ops = operations()
    default = ops.get(DEFAULT_OPERATION) or next(iter(ops.values()), "{ version }")
    tabs = [{"query": text} for name, text in ops.items() if name != DEFAULT_OPERATION]
    config = {"defaultQuery": default, "tabs": tabs}
    # A JSON data block inside <script>: no "<" at all, so nothing can close it early.
    payload = json.dumps(config).replace("<", "\\u003c")
    missing = not (VENDOR_DIR / "graphiql.min.js").exists()
    notice = (
        "<p class='missing'>The explorer's scripts are not installed: run "
        "<code>scripts/explorer-assets.sh</code> (make setup does).</p>"
        if missing
        else ""
    )
    return _template().replace("{{CONFIG}}", payload).replace("{{NOTICE}}", notice).replace(
        "{{TITLE}}", html.escape("graphhub explorer")
    )
