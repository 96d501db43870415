"""Markdown to plain text: keep the words, drop markup that confuses sentence splitting."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(\S(?:.*?\S)?)\1")
_CODE = re.compile(r"`([^`]*)`")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def markdown_title(source: str) -> str | None:
    """The text of the first heading, if any."""
    for line in source.splitlines():
        match = _HEADING.match(line)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


def markdown_text(source: str) -> str:
    """Plain text of a Markdown document, one output line per input line."""
    lines: list[str] = []
    for line in source.splitlines():
        if _FENCE.match(line) or _RULE.match(line) or _TABLE_RULE.match(line):
            lines.append("")
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1", line)
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(r"\1", line)
        line = _CODE.sub(r"\1", line)
        line = _EMPHASIS.sub(r"\2", line)
        if line.strip().startswith("|"):
            # Table rows: cells become a list of phrases.
            line = "; ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(line.rstrip())
    return "\n".join(lines)
