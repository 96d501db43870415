"""Rewrite the README's Graph model section from the model (``--write``), or check it."""

from __future__ import annotations

import sys
from pathlib import Path

from graphhub.model import markdown
from graphhub.model.markdown import END, START

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    begin, end = text.index(START), text.index(END) + len(END)
    fresh = text[:begin] + markdown() + text[end:]
    if "--write" in sys.argv:
        README.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != text:
        print("README's Graph model section is out of date: run scripts/readme_model.py --write")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
