"""The README's layout against the tree: the module table is the code's, every path named exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _layout_script() -> ModuleType:
    script = ROOT / "scripts" / "readme_layout.py"
    spec = importlib.util.spec_from_file_location("readme_layout", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_module_table_is_made_from_the_code() -> None:
    script = _layout_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script.readme_section(readme) == script.layout(), (
        "README's module table differs from the code: run python scripts/readme_layout.py --write"
    )


def test_every_module_is_in_the_table() -> None:
    table = _layout_script().layout()
    for package in ("graphhub", "ingestion"):
        for path in (ROOT / package).glob("*.py"):
            if path.name != "__init__.py":
                assert f"`{path.relative_to(ROOT)}`" in table


def test_every_path_the_layout_names_exists() -> None:
    section = _section("Layout")
    named = set(re.findall(r"`((?:graphhub|ingestion)/[\w/.]+)`", section))
    block = section.split("```")[1]
    named |= {line.split()[0] for line in block.splitlines() if line and not line[0].isspace()}
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert named and not missing, f"README's Layout names paths that are gone: {missing}"


def test_every_mapping_field_is_documented_and_named_in_the_help() -> None:
    from click.testing import CliRunner

    from graphhub.cli import main
    from ingestion.formats import FORMATS
    from ingestion.sources import fiu_transfers, table_mapping

    for fmt, fields in (
        ("contributions", table_mapping.FIELDS),
        ("fiu-transfers", fiu_transfers.FIELDS),
    ):
        section = _section(FORMATS[fmt].readme)
        result = CliRunner().invoke(main, ["load", fmt, "--help"], terminal_width=400)
        assert result.exit_code == 0, result.output
        help_text = " ".join(result.output.split())
        assert f"README section '{FORMATS[fmt].readme}'" in help_text
        for name in fields:
            assert f"`{name}`" in section, f"{name} is not documented in {FORMATS[fmt].readme}"
            assert name in help_text, f"{name} is not in graphhub load {fmt} --help"
    tables = _section("Contribution tables")
    for key in ("columns:", "defaults:", "split:", "separator", "pattern", "share"):
        assert key in tables, key
    assert "`mappings/fts_flows.yaml`" in tables
