"""Which cue patterns might match a text, found in one pass with RE2.

An email brings up a few hundred cue patterns, and Python's ``re`` can only
try them one by one, each over the whole text; most find nothing. RE2's
filtered matcher (``re2.Filter``, Google's FilteredRE2) works out, for each
pattern, the literal strings a match needs ("regret", "other candidates"...),
finds every such string in the text in one pass, and runs (in RE2's fast
automaton) only the patterns whose strings are all there. Only the patterns
that match in RE2 are then run by ``re``, which keeps the exact matches the
rules were written for.

RE2 does not speak all of Python's syntax (no look-arounds), and its ``\\w``
and ``\\b`` are ASCII only. So each pattern is given to RE2 as a *superset*:
a pattern that matches wherever the original matches, and maybe more.
Assertions (``\\b``, ``^``, look-arounds) are dropped; Python's Unicode
classes become RE2's Unicode classes; a repeat that may be skipped becomes
"anything"; anything this does not know becomes "run always". A superset can
only let a pattern run when it need not, never skip one that matches; tests
check that on the corpus and on generated text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import re2

from nextround.analysis.regex_tree import Body, Node, Unsupported, parse

_ANY = "(?s:.)"
_WORD = r"\pL\pN_"  # Python's \w on str: letters, digits (any script) and "_"
_IN_CLASS = {
    "d": r"\p{Nd}",
    "w": _WORD,
    "s": r"\s\pZ\x{0B}\x{1C}-\x{1F}\x{85}",
}
_MAX_COUNT = 1000  # RE2's limit on {m,n}


def superset(pattern: str) -> str | None:
    """An RE2 pattern matching wherever Python's ``pattern`` matches (None: no such
    translation here, so the pattern must always be run)."""
    # inline flags, "(?i)" and the like, are refused by the reader: case folding or a
    # multi-line "^" that RE2 would not mirror
    try:
        return _sequence(parse(pattern))
    except (Unsupported, RecursionError):
        return None


def _char(code: int) -> str:
    char = chr(code)
    # letters and digits as themselves keep a translation readable; the rest escaped
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:x}}}"


def _class(negated: bool, items: list[Node]) -> str:
    parts: list[str] = []
    for item in items:
        if item[0] == "char":
            parts.append(_char(item[1]))
        elif item[0] == "range":
            parts.append(f"{_char(item[1])}-{_char(item[2])}")
        elif item[1] in _IN_CLASS:
            parts.append(_IN_CLASS[item[1]])
        else:
            return _ANY  # \W, \S, \D inside a class: any character is a superset
    if negated:
        # [^\w...] would need Python's exact complement: any character is a superset
        return _ANY if any(item[0] == "category" for item in items) else f"[^{''.join(parts)}]"
    return f"[{''.join(parts)}]"


def _sequence(body: Body) -> str:
    out: list[str] = []
    for node in body:
        kind = node[0]
        if kind == "char":
            out.append(_char(node[1]))
        elif kind == "any":
            out.append(_ANY)
        elif kind == "class":
            out.append(_class(node[1], node[2]))
        elif kind == "repeat":
            out.append(_repeat(node[1], node[2], node[3]))
        elif kind == "group":
            out.append(f"(?:{_sequence(node[1])})")
        elif kind == "branch":
            out.append("(?:" + "|".join(_sequence(alt) for alt in node[1]) + ")")
        # an assertion dropped lets more through, never less
    return "".join(out)


def _repeat(low: int, high: int | None, body: Body) -> str:
    if high == 1:  # an optional part: cheap for RE2 to keep as it is
        return f"(?:{_sequence(body)}){{{low},1}}"
    if low == 0:
        # "(?:[\w-]+ ){0,6}" and the like: "anything" keeps RE2's work small
        return f"{_ANY}*"
    inner = _sequence(body)
    return f"(?:{inner}){{{min(low, _MAX_COUNT)}}}{_ANY}*"


@dataclass(frozen=True)
class _Built:
    """The filter over the first ``size`` patterns, replaced whole, never changed, so a
    thread judging while another builds always reads one consistent filter."""

    size: int  # how many patterns it was built from
    matcher: Any  # re2.Filter over the translatable ones (None: there are none)
    numbers: tuple[int, ...]  # the matcher's index -> pattern number
    always: tuple[int, ...]  # patterns with no superset: always candidates


class Prefilter:
    """Patterns added one by one, then asked which might match a text."""

    def __init__(self) -> None:
        self._patterns: list[str] = []
        self._built = _Built(0, None, (), ())
        self._lock = threading.Lock()

    def add(self, pattern: str) -> int:
        """Add a Python pattern; returns its number. The filter is rebuilt on next use."""
        self._patterns.append(pattern)
        return len(self._patterns) - 1

    def _current(self) -> _Built:
        built = self._built
        if built.size == len(self._patterns):
            return built
        with self._lock:  # one thread builds; the others wait for its filter
            if self._built.size != len(self._patterns):
                self._built = self._build(list(self._patterns))
            return self._built

    @staticmethod
    def _build(patterns: list[str]) -> _Built:
        always: list[int] = []
        numbers: list[int] = []
        matcher = re2.Filter()
        for number, pattern in enumerate(patterns):
            translated = superset(pattern)
            if translated is not None:
                try:
                    matcher.Add(translated)
                except re2.error:
                    translated = None
            (always if translated is None else numbers).append(number)
        if numbers:
            matcher.Compile()
        return _Built(len(patterns), matcher if numbers else None, tuple(numbers), tuple(always))

    def candidates(self, text: str) -> list[int]:
        """The numbers of the patterns that might match ``text``, ascending."""
        built = self._current()
        if built.matcher is None:
            return list(built.always)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: "?" stands in, one character for one
            data = text.encode("utf-8", "replace")
        found = built.matcher.Match(data) or []  # those whose superset matches
        numbers = built.numbers
        return sorted([numbers[i] for i in found] + list(built.always))
