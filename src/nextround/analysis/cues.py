"""Cue patterns and the hits they make in a Document.

A cue is a lower-case regular expression with a weight. Patterns are written
with literal spaces (never ``\\s``) so a match stays inside one sentence. Two
guards keep rules honest about grammar:

* conditional: "*if* you are not selected we will keep your CV" is not a
  rejection, so a hit shortly after if / should / in the event ... is dropped;
* negated: "we are *not* able to offer you" is not an offer, so positive cues
  can ask to be dropped right after a negation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nextround.analysis.text import Document

_CONDITIONAL = re.compile(
    r"\b(?:if|should (?:you|your|we|it|this|the)|in the event|in case|unless|whether"
    r"|provided that|assum(?:e|ing))\b[^,;:]*$"
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|unable|cannot|can't|won't|don't|didn't|isn't|aren't|wasn't"
    r"|weren't|haven't|hasn't|wouldn't|couldn't|nor|without)\b[^,;]*$"
)
_GUARD_WINDOW = 80
_NEGATION_WINDOW = 40


@dataclass(frozen=True, slots=True)
class Cue:
    label: str
    pattern: re.Pattern[str]
    weight: float = 1.0
    unless_conditional: bool = True
    unless_negated: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    label: str
    weight: float
    sentence: int
    start: int
    end: int


def cue(
    label: str,
    pattern: str,
    weight: float = 1.0,
    *,
    unless_conditional: bool = True,
    unless_negated: bool = False,
) -> Cue:
    return Cue(label, re.compile(pattern), weight, unless_conditional, unless_negated)


def cues(
    label: str,
    patterns: Iterable[str],
    weight: float = 1.0,
    *,
    unless_conditional: bool = True,
    unless_negated: bool = False,
) -> tuple[Cue, ...]:
    return tuple(
        cue(
            label,
            p,
            weight,
            unless_conditional=unless_conditional,
            unless_negated=unless_negated,
        )
        for p in patterns
    )


def words(*phrases: str) -> str:
    """An alternation of plain phrases, escaped, as one non-capturing group."""
    return "(?:" + "|".join(re.escape(p) for p in phrases) + ")"


def _before(doc: Document, sentence: int, start: int, window: int) -> str:
    sentence_start = doc.starts[sentence]
    return doc.lowered[max(sentence_start, start - window) : start]


def find(doc: Document, cue_set: Sequence[Cue], *, sentences: range | None = None) -> list[Hit]:
    """All guarded hits of ``cue_set`` in ``doc``, in text order, one per cue and sentence."""
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    for index, item in enumerate(cue_set):
        for match in item.pattern.finditer(doc.lowered):
            sentence = doc.sentence_index(match.start())
            if sentences is not None and sentence not in sentences:
                continue
            if (index, sentence) in seen:
                continue
            if item.unless_conditional and _CONDITIONAL.search(
                _before(doc, sentence, match.start(), _GUARD_WINDOW)
            ):
                continue
            if item.unless_negated and _NEGATION.search(
                _before(doc, sentence, match.start(), _NEGATION_WINDOW)
            ):
                continue
            seen.add((index, sentence))
            hits.append(Hit(item.label, item.weight, sentence, match.start(), match.end()))
    hits.sort(key=lambda h: h.start)
    return hits


def score(hits: Iterable[Hit]) -> float:
    return sum(h.weight for h in hits)


def sentences_of(hits: Iterable[Hit]) -> list[int]:
    """Distinct sentence indices of ``hits``, in text order."""
    return sorted({h.sentence for h in hits})
