"""The README's "Layout" table of the two packages, made from the code's own docstrings.

Every package and module of ``graphhub/`` and ``ingestion/`` with the first line of its
docstring; a package's modules are listed under it, sub-packages one level down (their
modules are summed up by the package's own line). ``python scripts/readme_layout.py``
prints the table; ``--write`` puts it into README.md between the layout markers, and
``tests/test_readme.py`` fails while the README differs from it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graphhub", "ingestion")
START, END = "<!-- layout:start -->", "<!-- layout:end -->"


def _summary(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = doc.split("\n\n")[0].replace("\n", " ").replace("|", "/").strip()
    return first.split(". ")[0].rstrip(".")


def _rows(package: Path, depth: int) -> list[tuple[str, str]]:
    rows = [(f"`{package.relative_to(ROOT)}/`", _summary(package / "__init__.py"))]
    for module in sorted(package.glob("*.py")):
        if module.name != "__init__.py":
            rows.append((f"`{module.relative_to(ROOT)}`", _summary(module)))
    for sub in sorted(p for p in package.iterdir() if (p / "__init__.py").is_file()):
        if depth == 0:
            rows += _rows(sub, depth + 1)
        else:
            rows.append((f"`{sub.relative_to(ROOT)}/`", _summary(sub / "__init__.py")))
    return rows


def layout() -> str:
    """The table, as Markdown."""
    rows = [row for package in PACKAGES for row in _rows(ROOT / package, 0)]
    lines = ["| path | what it holds |", "|---|---|"]
    lines += [f"| {path} | {summary} |" for path, summary in rows]
    return "\n".join(lines) + "\n"


def readme_section(text: str) -> str:
    """What README.md holds between the layout markers."""
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def main() -> None:
    if "--write" not in sys.argv:
        sys.stdout.write(layout())
        return
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(f"{head}{START}\n{layout()}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
