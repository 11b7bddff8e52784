"""Our own reader of cue-pattern syntax (instead of Python's private ``re._parser``):
what it reads, what it refuses, and the shortest match it works out."""

from __future__ import annotations

import re

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from nextround.analysis.prefilter import superset
from nextround.analysis.regex_tree import Unsupported, min_width, parse
from nextround.analysis.scan import top_level_phrases


@pytest.mark.parametrize(
    ("pattern", "width"),
    [
        ("abc", 3),
        (r"\bsql\b", 3),
        ("(?:a|bc)d", 2),
        ("x?", 0),
        ("(?:ab){2,5}", 4),
        ("a{3}", 3),
        ("a{,3}", 0),
        (r"[\w-]+ (?:of|in)", 4),
        ("(?<!not )selected(?= now)", 8),
        ("(?P<c>[A-Z][a-z]+) Ltd", 6),
        ("(?>ab|a)c", 2),
        (r"\x41\u00e9\.", 3),
        ("a{x}", 4),  # not a repeat: "{x}" is three characters
        ("[]a]", 1),  # a "]" first in a class is a character
        ("^$", 0),
        ("a*?b+?c??", 1),
    ],
)
def test_the_shortest_match(pattern: str, width: int) -> None:
    re.compile(pattern)  # every example is a pattern Python takes
    assert min_width(parse(pattern)) == width


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a)\1",  # a back-reference
        "(?i)abc",  # inline flags
        "x(?i:s)",
        "(?(1)a|b)",  # a conditional
        r"\N{DASH}",
        "(abc",
        "abc)",
        "[abc",
        "*a",
        "[z-a]",
    ],
)
def test_what_it_does_not_read_is_refused(pattern: str) -> None:
    with pytest.raises(Unsupported):
        parse(pattern)
    assert superset(pattern) is None  # so the prefilter always runs such a pattern


_ATOMS = st.sampled_from(
    ["a", "b", "ab", r"\w", r"\s", r"\d", ".", "[a-c]", "[^a]", r"\b", "^", "$", "(?=a)", "(?<!b)"]
)


@st.composite
def _patterns(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        atom = draw(_ATOMS) if depth > 1 or draw(st.booleans()) else None
        if atom is None:
            inner = "|".join(draw(_patterns(depth + 1)) for _ in range(draw(st.integers(1, 3))))
            atom = draw(st.sampled_from(["(?:{})", "({})", "(?>{})"])).format(inner)
        if not atom.startswith(("\\b", "^", "$", "(?=", "(?<!")):
            atom += draw(st.sampled_from(["", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "*?"]))
        parts.append(atom)
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(_patterns(), st.text(alphabet="ab c1é-", max_size=12))
def test_generated_patterns_agree_with_python(pattern: str, text: str) -> None:
    """What Python matches, the superset matches; no match is shorter than the width
    worked out; and a pattern that matches the empty string has width 0."""
    python = re.compile(pattern)
    width = min_width(parse(pattern))
    for found in python.finditer(text):
        assert found.end() - found.start() >= width
    if python.fullmatch(""):
        assert width == 0
    translated = superset(pattern)
    assert translated is not None
    if python.search(text):
        assert re2.search(translated, text), (pattern, translated, text)


def test_every_phrase_of_every_shipped_cue_is_read() -> None:
    """No shipped cue falls back to "always run" for want of syntax this reader knows."""
    from tests.unit.test_analysis_speedups import CUES

    unread = [
        phrase
        for item in CUES
        for phrase in top_level_phrases(item.pattern.pattern)
        if superset(phrase) is None
    ]
    assert unread == []
