"""HTML to plain text with the standard library parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never text a reader sees.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head"})
# Elements that start a new line.
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "title",
    }
)
_SPACES = re.compile(r"[ \t\f\v\xa0]+")
_BLANKS = re.compile(r"\n{3,}")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title: list[str] = []
        self.heading: list[str] = []
        self.first_heading: str | None = None
        self.in_title = False
        self.in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIPPED:
            self.skip_depth += 1
        if tag in {"h1", "h2", "h3"} and self.first_heading is None:
            self.in_heading = True
        if tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        if tag in {"h1", "h2", "h3"} and self.in_heading:
            self.in_heading = False
            self.first_heading = " ".join("".join(self.heading).split()) or None
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_depth:
            return
        if self.in_heading:
            self.heading.append(data)
        self.parts.append(data)


def html_document(source: str) -> tuple[str | None, str]:
    """The title (``<title>`` or first heading) and plain text of an HTML document."""
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    text = _BLANKS.sub("\n\n", "\n".join(lines)).strip()
    title = " ".join("".join(parser.title).split()) or parser.first_heading
    return title, text
