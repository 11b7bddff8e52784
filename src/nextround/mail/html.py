"""HTML bodies to plain text: selectolax (lexbor) for real mail, a linear parser for bombs.

Lexbor builds a tree, and very deep nesting makes that slow (200,000 nested
``<div>`` take minutes). Mail that nests deeper than any real message, or that
is larger than any real message, goes through the standard library's parser
instead: it keeps no tree, so its cost stays linear.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_HTML_CHARS = 2_000_000
"""HTML past this is not read: the words that matter sit at the top of a message."""
MAX_TREE_DEPTH = 300

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
_BLOCK_SELECTOR = ",".join(sorted(_BLOCK | {"blockquote", "section", "article", "hr", "td"}))
_SKIP = {"script", "style", "head", "title"}
_VOID = {
    "br",
    "hr",
    "img",
    "meta",
    "link",
    "input",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "wbr",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})\b[^>]{0,2000}?(/?)>")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def nesting_depth(markup: str, *, stop_at: int = MAX_TREE_DEPTH) -> int:
    """How deep the tags nest (roughly: unclosed tags count), stopping early past ``stop_at``."""
    depth = deepest = 0
    for found in _TAG.finditer(markup):
        closing, name, self_closing = found.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_at:
                break
    return deepest


def _linear(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _lexbor(markup: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css("script,style,title,head"):
        node.decompose()
    for node in root.css(_BLOCK_SELECTOR):
        node.insert_before("\n")
        node.insert_after("\n")
    return root.text(deep=True, separator="")


def html_to_text(markup: str) -> str:
    if len(markup) > MAX_HTML_CHARS:
        markup = markup[:MAX_HTML_CHARS]
        markup = markup[: markup.rfind(">") + 1] or markup  # not half a tag
    raw = _linear(markup) if nesting_depth(markup) > MAX_TREE_DEPTH else _lexbor(markup)
    lines = (" ".join(line.split()) for line in raw.splitlines())
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
