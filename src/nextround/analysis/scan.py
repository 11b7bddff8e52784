"""Finding a cue pattern's matches faster, with exactly the matches ``finditer`` gives.

Many cue patterns are long alternations of phrases ("sql|queries|...|php"). The
regex engine tries every phrase at every position of the text, which is slow,
and slower still when phrases begin with ``\\b``. A ``Scanner`` splits such a
pattern into its top-level phrases; the caller says which phrases might match
this text (see prefilter), and each of those is searched for on its own, where
the engine can skip ahead to the phrase's first letter.

The matches are then merged exactly as the whole alternation would find them:
from a cursor, the leftmost position where any phrase matches wins; at that
position the first phrase in pattern order that matches is taken; the cursor
moves to the end of that match. A phrase's search from the cursor finds its
first match at or after the cursor, which is all this needs, so the result is
the same list of spans ``pattern.finditer`` returns (a test checks this on the
corpus and on generated text).

Phrases beginning with ``\\b`` and a letter are rewritten to begin with the
letter and check the boundary behind it, ``\\bsql`` to ``s(?<=\\bs)ql``: the
same matches, found with the engine's fast first-letter scan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from nextround.analysis.regex_tree import Unsupported, min_width, parse
from nextround.domain.patterns import faster


def top_level_phrases(pattern: str) -> list[str]:
    """The pattern's top-level alternatives (one item when it is not an alternation)."""
    phrases: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # skip the class: a "]" first (after any "^") is a literal
            i += 1
            if pattern[i : i + 1] == "^":
                i += 1
            if pattern[i : i + 1] == "]":
                i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            phrases.append(pattern[start:i])
            start = i + 1
        i += 1
    phrases.append(pattern[start:])
    return phrases


def _matches_something(phrase: str) -> bool:
    """Whether every match of ``phrase`` takes at least one character (unknown syntax:
    treated as no, so the pattern is run whole)."""
    try:
        return min_width(parse(phrase)) > 0
    except Unsupported:
        return False


class Scanner:
    """One cue pattern, ready to be matched phrase by phrase."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.whole = re.compile(faster(pattern))
        parts = top_level_phrases(pattern)
        # a phrase that can match nothing would need finditer's rules for empty matches
        usable = len(parts) > 1 and all(_matches_something(p) for p in parts)
        self.texts: list[str] = parts if usable else []
        self.phrases: list[re.Pattern[str]] = [re.compile(faster(p)) for p in self.texts]

    def run(self, text: str, live: Sequence[int]) -> list[tuple[int, int]]:
        """The (start, end) of every match in ``text``, as ``finditer`` would give,
        told which phrases (by number, in pattern order) might match; ``live`` is
        ignored for a pattern that is not split into phrases."""
        if not self.phrases:
            return [m.span() for m in self.whole.finditer(text)]
        if not live:
            return []
        if len(live) == 1:
            return [m.span() for m in self.phrases[live[0]].finditer(text)]
        if 2 * len(live) > len(self.phrases):  # one pass of the whole is cheaper then
            return [m.span() for m in self.whole.finditer(text)]
        return _merged([self.phrases[i] for i in live], text)


def _merged(live: list[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    found = [p.search(text) for p in live]
    while True:
        best: re.Match[str] | None = None
        for match in found:  # in pattern order: a tie goes to the earlier phrase
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return spans
        spans.append(best.span())
        cursor = best.end()
        for k, match in enumerate(found):
            if match is not None and match.start() < cursor:
                found[k] = live[k].search(text, cursor)


@lru_cache(maxsize=4096)
def scanner(pattern: str) -> Scanner:
    return Scanner(pattern)
