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

from nextround.analysis.prefilter import Prefilter
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


class Family:
    """Cue sets judged together, with one prefilter over all their patterns.

    Each scanner's phrases (or its whole pattern) are the prefilter's entries;
    for a document the prefilter says once which entries might match, and
    every set of the family then runs only its cues with such an entry.
    """

    def __init__(self) -> None:
        self.prefilter = Prefilter()
        self.scanners: list[Scanner] = []
        self._numbers: dict[str, int] = {}  # pattern -> scanner number
        self._entries: list[tuple[int, int]] = []  # entry -> (scanner number, phrase)
        self._memo = f"cues:{id(self)}"  # where a document keeps this family's answer

    def number(self, scan: Scanner) -> int:
        """The scanner's number in this family, adding its entries the first time."""
        known = self._numbers.get(scan.pattern)
        if known is not None:
            return known
        number = len(self.scanners)
        self.scanners.append(scan)
        self._numbers[scan.pattern] = number
        for phrase, text in enumerate(scan.texts or [scan.pattern]):
            self.prefilter.add(text)
            self._entries.append((number, phrase))
        return number

    def prepare(self, docs: Sequence[Document]) -> None:
        """Run the prefilter over many documents now, one after another, while its
        tables are warm in the processor's cache: interleaved with the rest of the
        judging, each pass costs about three times as much."""
        for doc in docs:
            self.live(doc)

    def live(self, doc: Document) -> dict[int, list[int]]:
        """Scanner number -> its phrases that might match ``doc`` (in pattern order),
        kept on the document while the family is unchanged."""
        kept = doc.memo.get(self._memo)
        if kept is not None and kept[0] == len(self._entries):
            return kept[1]  # type: ignore[no-any-return]
        live: dict[int, list[int]] = {}
        entries = self._entries
        for entry in self.prefilter.candidates(doc.lowered):
            number, phrase = entries[entry]
            live.setdefault(number, []).append(phrase)
        doc.memo[self._memo] = (len(self._entries), live)
        return live


@dataclass(frozen=True, slots=True)
class _Plan:
    """A cue set's cues by scanner number in its family, worked out once per set."""

    family: Family
    cues: dict[int, list[tuple[int, Cue]]]  # scanner number -> (position in the set, cue)
    numbers: frozenset[int]


_PLANS: dict[int, tuple[Sequence[Cue], _Plan]] = {}


def family(*cue_sets: Sequence[Cue]) -> Family:
    """Put cue sets that are judged on the same documents into one family: one
    prefilter pass per document then serves them all. A set outside any family
    gets a family of its own on first use."""
    group = Family()
    for cue_set in cue_sets:
        _plan(cue_set, group)
    return group


def _plan(cue_set: Sequence[Cue], group: Family | None = None) -> _Plan:
    cached = _PLANS.get(id(cue_set))
    if cached is not None and cached[0] is cue_set:
        return cached[1]
    group = group or Family()
    by_number: dict[int, list[tuple[int, Cue]]] = {}
    for position, item in enumerate(cue_set):
        number = group.number(scanner(item.pattern.pattern))
        by_number.setdefault(number, []).append((position, item))
    plan = _Plan(group, by_number, frozenset(by_number))
    if isinstance(cue_set, tuple):  # the lexicon's sets live as long as the process
        _PLANS[id(cue_set)] = (cue_set, plan)
    return plan


def find(doc: Document, cue_set: Sequence[Cue], *, sentences: range | None = None) -> list[Hit]:
    """All guarded hits of ``cue_set`` in ``doc``, in text order, one per cue and sentence.

    Only the cues the prefilter says might match this text are run, and each
    through its scanner, so the matches are exactly those ``finditer`` gives.
    """
    plan = _plan(cue_set)
    live = plan.family.live(doc)
    if plan.numbers.isdisjoint(live):
        return []
    running = [
        (position, item, number)
        for number in plan.numbers & live.keys()
        for position, item in plan.cues[number]
    ]
    running.sort(key=lambda r: r[0])  # in the set's order, as a plain loop would add hits
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    scanners = plan.family.scanners
    for position, item, number in running:
        spans = scanners[number].run(doc.lowered, live[number])
        if spans:
            _guarded(doc, position, item, spans, sentences, seen, hits)
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
