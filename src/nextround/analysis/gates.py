"""What text a cue pattern cannot match without: a cheap test before the regex.

Most cue patterns cannot match a text that lacks some run of letters: "been
unsuccessful" needs "cces" somewhere, "\\bopt\\b" needs the word "opt".
``gate(pattern)`` reads the pattern's syntax tree and returns the few *keys*
it needs: a tuple of sets, and every set must share a key with the text.
``text_keys(text)`` returns the keys a text has: each four-letter run inside
its words, each word of one to three letters (marked with a leading space),
and each word's first three letters (marked with "^"). When a set is disjoint
from the text's keys the pattern cannot match, so the regex is never run; a
pattern that offers no usable key always runs. The gate only ever skips work,
never a match: a test checks that on the whole corpus and on generated text.

Words are maximal runs of the letters a-z in the lower-cased text, so a short
literal word in a pattern gives a key only when both its ends are known to be
word edges (a space or other non-letter, or ``\\b``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

GRAM = 4
MAX_SETS = 3
_GRAMS = re.compile(rf"(?=([a-z]{{{GRAM}}}))")
_SHORT = re.compile(rf"(?<![a-z])[a-z]{{1,{GRAM - 1}}}(?![a-z])")
_STARTS = re.compile(rf"(?<![a-z])[a-z]{{{GRAM - 1}}}")
_A, _Z = ord("a"), ord("z")
# how common each letter is in English text, in percent: a key of rarer letters
# is absent from more texts, so it skips more work
_LETTER_SHARE = {
    "e": 12.7, "t": 9.1, "a": 8.2, "o": 7.5, "i": 7.0, "n": 6.7, "s": 6.3, "h": 6.1, "r": 6.0,
    "d": 4.3, "l": 4.0, "c": 2.8, "u": 2.8, "m": 2.4, "w": 2.4, "f": 2.2, "g": 2.0, "y": 2.0,
    "p": 1.9, "b": 1.5, "v": 1.0, "k": 0.8, "j": 0.2, "x": 0.2, "q": 0.1, "z": 0.1,
}  # fmt: skip
# zero-width operators that say nothing about the characters around them
_TRANSPARENT = {sre.ASSERT, sre.ASSERT_NOT}
_BOUNDARIES = {
    sre.AT_BOUNDARY,
    sre.AT_UNI_BOUNDARY,
    sre.AT_BEGINNING,
    sre.AT_BEGINNING_STRING,
    sre.AT_BEGINNING_LINE,
    sre.AT_END,
    sre.AT_END_STRING,
    sre.AT_END_LINE,
}

Keys = frozenset[str]
Gate = tuple[Keys, ...]


def text_keys(text: str) -> set[str]:
    """The keys of an already lower-cased text."""
    keys = set(_GRAMS.findall(text))
    keys.update(" " + w for w in _SHORT.findall(text))
    keys.update("^" + w for w in _STARTS.findall(text))
    return keys


def admits(needed: Gate, keys: set[str]) -> bool:
    """Whether a text with ``keys`` might match a pattern with gate ``needed``."""
    return all(not group.isdisjoint(keys) for group in needed)


@lru_cache(maxsize=4096)
def gate(pattern: str) -> Gate:
    """The key sets any match of ``pattern`` needs (empty: no usable key, always run)."""
    try:
        tree = _parser.parse(pattern)
    except re.error:
        return ()
    options = set(_sequence(list(tree), left=False, right=False))
    return tuple(sorted(options, key=_cost)[:MAX_SETS])


def _cost(keys: frozenset[str]) -> tuple[float, tuple[str, ...]]:
    # a set is as likely to be found as its most common key, roughly summed
    return sum(sum(_LETTER_SHARE.get(c, 0.0) for c in k) for k in keys), tuple(sorted(keys))


def _is_letter(code: int) -> bool:
    return _A <= code <= _Z


# letters that a case-insensitive pattern could match to a-z: keep them unknown
_FOLDING = {ord(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u0131\u017f\u212a"}
_LETTERS = set(range(_A, _Z + 1))


def _literal(code: int) -> str:
    if _is_letter(code):
        return chr(code)
    return _UNKNOWN if code in _FOLDING else _EDGE


def _class_has_letter(items: Sequence[tuple[Any, Any]]) -> bool:
    """Whether a character class ``[...]`` could match a letter a-z."""
    for op, value in items:
        if op is sre.NEGATE:
            return True
        if op is sre.LITERAL and (_is_letter(value) or value in _FOLDING):
            return True
        if op is sre.RANGE and any(value[0] <= c <= value[1] for c in _FOLDING | _LETTERS):
            return True
        if op is sre.CATEGORY and value not in (sre.CATEGORY_DIGIT, sre.CATEGORY_SPACE):
            return True
    return False


# a sequence becomes a list of atoms: a letter, EDGE for a non-letter or a word
# edge, UNKNOWN for anything else, or a tuple for a group, repeat or branch
_EDGE = "|"
_UNKNOWN = "?"


def _is_run_letter(atom: object) -> bool:
    return isinstance(atom, str) and atom not in (_EDGE, _UNKNOWN)


def _atoms(items: list[tuple[Any, Any]]) -> list[object]:
    atoms: list[object] = []
    for op, value in items:
        if op in _TRANSPARENT:
            continue
        if op is sre.LITERAL:
            atoms.append(_literal(value))
        elif op is sre.AT:
            atoms.append(_EDGE if value in _BOUNDARIES else _UNKNOWN)
        elif op is sre.IN:
            atoms.append(_UNKNOWN if _class_has_letter(value) else _EDGE)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, body = value
            inner = _atoms(list(body))
            if low >= 1 and inner and all(a == _EDGE for a in inner):
                atoms.append(_EDGE)  # e.g. " +" or "\d+": one or more non-letters
            else:
                atoms.append(("repeat", low, list(body)))
        elif op is sre.SUBPATTERN:
            atoms.append(("group", list(value[-1])))
        elif op is sre.BRANCH:
            atoms.append(("branch", [list(alt) for alt in value[1]]))
        else:
            atoms.append(_UNKNOWN)
    return atoms


def _sequence(items: list[tuple[Any, Any]], *, left: bool, right: bool) -> list[Keys]:
    """Every key set a match of this sequence needs one key of."""
    atoms = _atoms(items)
    needs: list[Keys] = []
    run: list[str] = []
    run_left = left
    for i, atom in enumerate(atoms):
        before = atoms[i - 1] if i else (_EDGE if left else _UNKNOWN)
        after = atoms[i + 1] if i + 1 < len(atoms) else (_EDGE if right else _UNKNOWN)
        if _is_run_letter(atom):
            if not run:
                run_left = before == _EDGE
            run.append(str(atom))
            if not _is_run_letter(after):
                needs.extend(_run_keys("".join(run), left=run_left, right=after == _EDGE))
                run = []
        elif isinstance(atom, tuple):
            needs.extend(_compound(atom, left=before == _EDGE, right=after == _EDGE))
    return needs


def _compound(atom: tuple[Any, ...], *, left: bool, right: bool) -> list[Keys]:
    if atom[0] == "group":
        return _sequence(atom[1], left=left, right=right)
    if atom[0] == "repeat":
        # one pass of the body is certain; its neighbours across passes are not
        return _sequence(atom[2], left=False, right=False) if atom[1] >= 1 else []
    choices: set[str] = set()
    for alternative in atom[1]:
        options = _sequence(alternative, left=left, right=right)
        if not options:
            return []
        best: Keys = min(options, key=_cost)
        choices.update(best)
    return [frozenset(choices)]


def _run_keys(run: str, *, left: bool, right: bool) -> list[Keys]:
    """A literal run of letters: each of its four-letter runs is needed; a
    shorter run is needed as a whole word when both its ends are word edges,
    and a three-letter run as a word's start when its start is one."""
    if len(run) >= GRAM:
        return [frozenset({run[i : i + GRAM]}) for i in range(len(run) - GRAM + 1)]
    if left and right:
        return [frozenset({" " + run})]
    if left and len(run) == GRAM - 1:
        return [frozenset({"^" + run})]
    return []
