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

from nextround.analysis.scan import Scanner, scanner
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


_Plan = list[tuple[int, Cue, Scanner]]
_PLANS: dict[int, tuple[Sequence[Cue], _Plan]] = {}


def _plan(cue_set: Sequence[Cue]) -> _Plan:
    """Each cue of a set with its scanner, worked out once per set."""
    cached = _PLANS.get(id(cue_set))
    if cached is not None and cached[0] is cue_set:
        return cached[1]
    plan = [(index, item, scanner(item.pattern.pattern)) for index, item in enumerate(cue_set)]
    if isinstance(cue_set, tuple):  # the lexicon's sets live as long as the process
        _PLANS[id(cue_set)] = (cue_set, plan)
    return plan


def find(doc: Document, cue_set: Sequence[Cue], *, sentences: range | None = None) -> list[Hit]:
    """All guarded hits of ``cue_set`` in ``doc``, in text order, one per cue and sentence.

    Patterns go through their scanner, which skips those that cannot match and
    gives exactly the matches ``finditer`` would.
    """
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    keys = doc.keys
    for index, item, scan in _plan(cue_set):
        for needed in scan.gate:  # inline: this loop runs for every cue of every text
            if needed.isdisjoint(keys):
                break  # letters the pattern cannot match without are absent
        else:
            _guarded(doc, index, item, scan.matches(doc.lowered, keys), sentences, seen, hits)
    hits.sort(key=lambda h: h.start)
    return hits


def _guarded(
    doc: Document,
    index: int,
    item: Cue,
    spans: Iterable[tuple[int, int]],
    sentences: range | None,
    seen: set[tuple[int, int]],
    hits: list[Hit],
) -> None:
    """Add the matches that pass the cue's guards to ``hits``, one per sentence."""
    for start, end in spans:
        sentence = doc.sentence_index(start)
        if sentences is not None and sentence not in sentences:
            continue
        if (index, sentence) in seen:
            continue
        if item.unless_conditional and _CONDITIONAL.search(
            _before(doc, sentence, start, _GUARD_WINDOW)
        ):
            continue
        if item.unless_negated and _NEGATION.search(
            _before(doc, sentence, start, _NEGATION_WINDOW)
        ):
            continue
        seen.add((index, sentence))
        hits.append(Hit(item.label, item.weight, sentence, start, end))


def score(hits: Iterable[Hit]) -> float:
    return sum(h.weight for h in hits)


def sentences_of(hits: Iterable[Hit]) -> list[int]:
    """Distinct sentence indices of ``hits``, in text order."""
    return sorted({h.sentence for h in hits})
