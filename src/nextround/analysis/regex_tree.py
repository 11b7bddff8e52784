"""The structure of our cue patterns, read by a small parser of our own.

The prefilter (``analysis.prefilter``) turns each cue pattern into an RE2
superset, and the scanner (``analysis.scan``) needs to know whether a phrase
can match the empty string. Both need the pattern's structure. Python keeps its
own regex parser private (``re._parser``), and it changes between versions, so
this module reads the syntax our rules use, and refuses the rest:

- characters, escapes (``\\.``, ``\\n``, ``\\x41``, ``\\u00e9``...), ``.``;
- classes (``[a-z\\w-]``, ``[^,.]``) and ``\\w \\s \\d \\W \\S \\D``;
- groups ``(...)``, ``(?:...)``, ``(?P<name>...)``, atomic ``(?>...)``;
- alternation ``|``;
- repeats ``* + ? {m} {m,} {m,n} {,n}``, greedy, lazy or possessive;
- assertions: ``\\b \\B \\A \\Z ^ $`` and look-arounds ``(?=...) (?!...)
  (?<=...) (?<!...)``.

Anything else (back-references, inline flags, conditionals) raises
``Unsupported``; the caller then treats the pattern conservatively (the
prefilter always runs it). The nodes are plain tuples:

``("char", code)``, ``("any",)``, ``("class", negated, items)`` with items
``("char", code)``, ``("range", low, high)`` or ``("category", letter)``,
``("repeat", low, high or None, body)``, ``("group", body)``,
``("branch", [body, ...])`` and ``("assert",)``; a body is a list of nodes.
"""

from __future__ import annotations

from typing import Any

Node = tuple[Any, ...]
Body = list[Node]

CATEGORIES = frozenset("wsdWSD")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_ASSERT_ESCAPES = frozenset("bBAZ")
_HEX = {"x": 2, "u": 4, "U": 8}


class Unsupported(ValueError):
    """Syntax this reader does not know (or a pattern that is not valid)."""


def parse(pattern: str) -> Body:
    """The pattern's nodes; ``Unsupported`` for syntax outside the list above."""
    reader = _Reader(pattern)
    body = reader.alternation()
    if reader.at < len(pattern):
        raise Unsupported(f"unbalanced ')' at {reader.at}")
    return body


def min_width(body: Body) -> int:
    """The fewest characters a match of ``body`` can take."""
    total = 0
    for node in body:
        kind = node[0]
        if kind in ("char", "any", "class"):
            total += 1
        elif kind == "repeat":
            total += node[1] * min_width(node[3])
        elif kind == "group":
            total += min_width(node[1])
        elif kind == "branch":
            total += min(min_width(alt) for alt in node[1])
    return total


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0

    def _peek(self, ahead: int = 0) -> str:
        where = self.at + ahead
        return self.text[where] if where < len(self.text) else ""

    def _take(self) -> str:
        if self.at >= len(self.text):
            raise Unsupported("the pattern ends too soon")
        char = self.text[self.at]
        self.at += 1
        return char

    def alternation(self) -> Body:
        alternatives = [self.sequence()]
        while self._peek() == "|":
            self.at += 1
            alternatives.append(self.sequence())
        if len(alternatives) == 1:
            return alternatives[0]
        return [("branch", alternatives)]

    def sequence(self) -> Body:
        body: Body = []
        while self.at < len(self.text) and self._peek() not in "|)":
            atom = self._atom()
            if atom is None:
                continue
            body.append(self._repeated(atom))
        return body

    def _repeated(self, atom: Node) -> Node:
        char = self._peek()
        bounds: tuple[int, int | None] | None = None
        if char == "*":
            bounds = (0, None)
        elif char == "+":
            bounds = (1, None)
        elif char == "?":
            bounds = (0, 1)
        elif char == "{":
            bounds = self._braces()
            if bounds is None:
                return atom  # "{" that is not a repeat is a literal, read by _atom next
        if bounds is None:
            return atom
        if char != "{":
            self.at += 1
        if atom[0] == "assert":
            raise Unsupported("a repeated assertion")
        if self._peek() in ("?", "+"):  # lazy or possessive: the same matches can be found
            self.at += 1
        if self._peek() in ("*", "+", "?", "{") and self._braces_or_repeat():
            raise Unsupported("a repeat of a repeat")
        low, high = bounds
        return ("repeat", low, high, [atom])

    def _braces_or_repeat(self) -> bool:
        return self._peek() != "{" or self._braces(consume=False) is not None

    def _braces(self, *, consume: bool = True) -> tuple[int, int | None] | None:
        end = self.text.find("}", self.at)
        if end < 0:
            return None
        inside = self.text[self.at + 1 : end]
        low_text, comma, high_text = inside.partition(",")
        if not (low_text.isdigit() or (comma and not low_text)):
            return None
        if high_text and not high_text.isdigit():
            return None
        low = int(low_text) if low_text else 0
        high = (int(high_text) if high_text else None) if comma else low
        if high is not None and high < low:
            raise Unsupported("a repeat whose bounds are reversed")
        if consume:
            self.at = end + 1
        return low, high

    def _atom(self) -> Node | None:
        char = self._take()
        if char == ".":
            return ("any",)
        if char in "^$":
            return ("assert",)
        if char == "[":
            return self._class()
        if char == "(":
            return self._group()
        if char == "\\":
            return self._escape(in_class=False)
        if char in "*+?":
            raise Unsupported(f"nothing to repeat at {self.at - 1}")
        return ("char", ord(char))

    def _group(self) -> Node:
        if self._peek() != "?":
            body = self.alternation()
            self._close()
            return ("group", body)
        self.at += 1
        kind = self._take()
        if kind == ":" or kind == ">":
            body = self.alternation()
            self._close()
            return ("group", body)
        if kind == "P" and self._peek() == "<":
            end = self.text.find(">", self.at)
            if end < 0:
                raise Unsupported("a group name without its '>'")
            self.at = end + 1
            body = self.alternation()
            self._close()
            return ("group", body)
        if kind in "=!" or (kind == "<" and self._peek() in "=!"):
            if kind == "<":
                self.at += 1
            self.alternation()  # read and dropped: an assertion
            self._close()
            return ("assert",)
        raise Unsupported(f"(?{kind}...) is not read here")

    def _close(self) -> None:
        if self._peek() != ")":
            raise Unsupported("a group without its ')'")
        self.at += 1

    def _class(self) -> Node:
        negated = self._peek() == "^"
        if negated:
            self.at += 1
        items: list[Node] = []
        first = True
        while True:
            char = self._take()
            if char == "]" and not first:
                break
            first = False
            item = self._escape(in_class=True) if char == "\\" else ("char", ord(char))
            if self._peek() == "-" and self._peek(1) not in ("]", "") and item[0] == "char":
                self.at += 1
                end_char = self._take()
                end = self._escape(in_class=True) if end_char == "\\" else ("char", ord(end_char))
                if end[0] != "char" or end[1] < item[1]:
                    raise Unsupported("a class range that is not a range of characters")
                items.append(("range", item[1], end[1]))
                continue
            items.append(item)
        return ("class", negated, items)

    def _escape(self, *, in_class: bool) -> Node:
        char = self._take()
        if char in CATEGORIES:
            return ("category", char) if in_class else ("class", False, [("category", char)])
        if char in _ASSERT_ESCAPES and not in_class:
            return ("assert",)
        if char == "b" and in_class:
            return ("char", 8)
        if char in _SIMPLE_ESCAPES:
            return ("char", ord(_SIMPLE_ESCAPES[char]))
        if char in _HEX:
            digits = self.text[self.at : self.at + _HEX[char]]
            if len(digits) != _HEX[char] or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise Unsupported(f"\\{char} needs {_HEX[char]} hex digits")
            self.at += _HEX[char]
            return ("char", int(digits, 16))
        if char.isalnum():  # back-references, \N{...}, \0 and letters Python refuses
            raise Unsupported(f"\\{char} is not read here")
        return ("char", ord(char))
