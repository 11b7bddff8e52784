"""Company, role and person from an email's subject, sentences, sign-off and sender.

Candidates are collected from every place they can appear, each with a weight
for how trustworthy the place is (a sign-off line beats a guess from the sender's
domain), and the best-supported one wins.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from nextround.analysis.lexicon import ROLE_WORDS
from nextround.analysis.ruletable import load as _load_rules
from nextround.domain.patterns import folded

_CAP = r"[A-Z0-9][A-Za-z0-9&'+-]*(?:\.[A-Za-z0-9&'+-]+)*"
_CONNECTOR = r"(?: (?:&|and|of|de|du|la|von|van|der|y|e|für))?"
# words joined by spaces; a full stop may only end the name ("Acme Inc."), never sit inside it
NAME = rf"{_CAP}(?:{_CONNECTOR} {_CAP}){{0,4}}\.?"

# the word lists are data: rules/words.toml
_WORDS = _load_rules().words

_NOT_COMPANY = frozenset(_WORDS["not_company"])
_COMPANY_SUFFIX_NOISE = frozenset(_WORDS["company_suffix_noise"])
# role words that are also common in company names ("Bain Capital Partners")
_COMPANY_ROLE_WORDS = frozenset(_WORDS["company_role_words"])
_GENERIC_DOMAINS = frozenset(_WORDS["generic_domains"])
_ROLE_WORD = re.compile(rf"\b(?:{ROLE_WORDS})s?\b", re.IGNORECASE)
_ROLE_TOKEN = (
    r"(?!(?:the|a|an|this|that|our|your|for|at|with|to|in|on|we|you|i|is|was|be|has|have"
    r"|and|it|its|from|by|as|which|who|unfortunately)\b)[\w/&+#().'-]+"
)
_ROLE_PHRASE = rf"(?P<role>{_ROLE_TOKEN}(?: (?:of |and |& )?{_ROLE_TOKEN}){{0,6}}?)"
_ROLE_NOUN = (
    r"(?i:position|role|job|opening|vacancy|opportunity|post|req|requisition|internship"
    r"|program|programme|fellowship|apprenticeship|posting)"
)
_ROLE_NOT = frozenset(_WORDS["role_not"])

# Words a role or company pattern opens with, right before a fixed word ("position" before
# " at "): kept apart, to tell the pattern's rule what to look for (see _Rule).
_ROLE_OF_WORDS = _WORDS["role_of_words"]
_ROLE_FOR_WORDS = _WORDS["role_for_words"]
_COMPANY_AT_WORDS = _WORDS["company_at_words"]
_COMPANY_IN_WORDS = _WORDS["company_in_words"]
_COMPANY_JOIN_WORDS = _WORDS["company_join_words"]
_ROLE_WORDS = tuple(ROLE_WORDS.split("|"))

_ROLE_PATTERNS = (
    re.compile(rf"(?i:\b(?:the|this|our|your|an?)) {_ROLE_PHRASE} {_ROLE_NOUN}\b"),
    re.compile(
        rf"(?i:\b(?:{'|'.join(_ROLE_OF_WORDS)})) (?i:of|as) (?i:an? )?{_ROLE_PHRASE}"
        rf"(?= (?i:at|with|in|on|within)\b|[,.;:!?)]|$)"
    ),
    re.compile(
        rf"(?i:\b(?:{'|'.join(_ROLE_FOR_WORDS)})) (?i:for|to) (?i:the |our |a |an )?"
        rf"{_ROLE_PHRASE}(?: {_ROLE_NOUN})?(?= (?i:at|with|here)\b|[,.;:!?)]| \(|$)"
    ),
    re.compile(rf"^{_ROLE_PHRASE}(?: {_ROLE_NOUN})? (?i:at|@|with) {NAME}"),
)

_COMPANY_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    (
        re.compile(
            rf"(?i:\b(?:{'|'.join(_COMPANY_AT_WORDS)})) (?i:at|with) (?:the )?(?P<c>{NAME})"
        ),
        2.0,
    ),
    (
        re.compile(
            rf"(?i:\b(?:{'|'.join(_COMPANY_IN_WORDS)})) (?i:in joining |in working (?:at|for|with) "
            rf"|to |at |with |in )(?:the )?(?P<c>{NAME})"
        ),
        2.0,
    ),
    (
        re.compile(rf"(?i:\b(?:{'|'.join(_COMPANY_JOIN_WORDS)})) (?:the )?(?P<c>{NAME})"),
        1.5,
    ),
    (
        re.compile(rf"(?i:\b(?:{ROLE_WORDS})s?) (?i:at) (?:the )?(?P<c>{NAME})"),
        1.5,
    ),
    (
        re.compile(
            rf"(?P<c>{NAME}) (?i:talent acquisition|recruiting|recruitment|careers|hiring|people"
            rf"|hr|talent|university recruiting|campus recruiting|early careers|human resources)"
            rf"\b"
        ),
        1.5,
    ),
)


# every byte but those of ASCII word characters (\w) becomes a space
_WORD_BYTES = bytes(c if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(128)) + (
    b" " * 128
)


def _words_of(text: str) -> list[str]:
    r"""The ASCII runs of word characters (``\w+``) in a text, and maybe a few more.

    Every other character becomes a space through a byte table, about twice as
    fast as ``findall``; a character beyond ASCII becomes one too, so a word that
    touches one ("café") leaves a spurious piece ("caf"), but no whole ASCII word
    is lost, which is what the rules need.
    """
    return text.encode("ascii", "replace").translate(_WORD_BYTES).decode().split()


def _is_word_char(char: str) -> bool:
    r"""Whether ``\w`` matches ``char`` (a test checks every character)."""
    return char.isalnum() or char == "_"


class _Lines:
    """Texts (an email's subject and sentences) searched together: one lower-cased
    text for all of them, and which of the rules' words are whole words in it.

    Looking for a word once in the whole email, and only in the sentences where it
    is, costs far less than testing every sentence for every rule.
    """

    __slots__ = ("lowered", "starts", "texts", "words")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        # "\n" is in no pattern, needle or word, so nothing found spans two texts;
        # folding keeps the length, and every character a word character or not,
        # so positions and word boundaries carry over (a test checks every one)
        self.lowered = folded("\n".join(texts))
        self.starts: list[int] = []
        offset = 0
        for text in texts:
            self.starts.append(offset)
            offset += len(text) + 1
        self.words = _RULE_WORDS.intersection(_words_of(self.lowered))

    def line_at(self, position: int) -> int:
        """The index of the text that holds a position of ``lowered``."""
        return bisect_right(self.starts, position) - 1

    def end(self, line: int) -> int:
        """Where the text after ``line`` starts in ``lowered`` (its length after the last)."""
        return self.starts[line + 1] if line + 1 < len(self.starts) else len(self.lowered)


# the texts where a rule can match, by index, each with the places a match can start
# there (None: anywhere)
_Places = Mapping[int, list[int] | None]


class _Rule:
    r"""A pattern, and what every match of it holds, to find the only places where it
    can match.

    Most sentences match none of the patterns, and a case-insensitive pattern that
    opens with a long alternation tries every alternative at every position: slow.
    So a rule names what every match holds, lower-cased, and the pattern only runs
    where that is:

    - ``openers`` and ``anchors``: every match starts, at the start of a word, with
      an opener right before an anchor ("position" before " at "). The pattern is
      then only tried (``match``) where an opener stands before an anchor.
    - ``needles``: every match holds one of them; the pattern is only searched for
      in the texts that hold one.

    Every word of an opener, anchor or needle is a whole word (``\w+`` run) in any
    match, so when one is missing from ``_Lines.words`` nothing is searched for.

    The matches are exactly ``pattern.finditer(text)``'s; tests check that on the
    corpus and on generated text.
    """

    __slots__ = ("anchor_words", "anchors", "items", "pattern", "words")

    def __init__(
        self,
        pattern: re.Pattern[str],
        *,
        openers: Sequence[str] = (),
        anchors: Sequence[str] = (),
        needles: Sequence[str] = (),
    ) -> None:
        assert bool(openers) == bool(anchors) != bool(needles)
        assert all(a.startswith(" ") for a in anchors)
        self.pattern = pattern
        self.anchors = tuple(anchors)
        self.items = tuple(openers or needles)
        anchor_words = [_words_of(a) for a in anchors]
        # None when there are no anchors, or one has no word (" ", " @ ") and so can be
        # anywhere
        self.anchor_words = (
            frozenset(w for words in anchor_words for w in words)
            if anchor_words and all(anchor_words)
            else None
        )
        self.words = frozenset(
            [*(w for item in self.items for w in _words_of(item)), *(self.anchor_words or ())]
        )

    def matches(self, text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, given where in ``text`` a match can start (in
        order; None: anywhere)."""
        if starts is None:
            yield from self.pattern.finditer(text)
            return
        end = 0  # finditer's matches: the first one from each place on, none overlapping
        for start in starts:
            if start >= end and (match := self.pattern.match(text, start)) is not None:
                yield match
                end = match.end()


class _Search:
    """Rules searched for together: an opener or needle that several rules share
    ("position", "application") is looked for once."""

    def __init__(self, rules: Sequence[_Rule]) -> None:
        self.rules = tuple(rules)
        # each opener or needle, by its first word ("" when it has none), with all
        # its words and the rules it is of
        index: dict[str, dict[str, list[int]]] = {}
        for number, rule in enumerate(self.rules):
            for item in rule.items:
                first = next(iter(_words_of(item)), "")
                index.setdefault(first, {}).setdefault(item, []).append(number)
        self._index = {
            first: tuple(
                (
                    item,
                    frozenset(_words_of(item)),
                    tuple((number, self.rules[number].anchors) for number in numbers),
                )
                for item, numbers in items.items()
            )
            for first, items in index.items()
        }
        assert all(
            bool(anchors) == bool(rules[0][1])
            for entries in self._index.values()
            for _item, _words, rules in entries
            for _number, anchors in rules
        ), "a text is an opener of all the rules it is of, or a needle of all"
        self._keys = frozenset(self._index) - {""}
        self._anchored = tuple(
            (number, rule.anchor_words)
            for number, rule in enumerate(self.rules)
            if rule.anchor_words is not None
        )

    def places(self, lines: _Lines, until: int | None = None) -> Sequence[_Places]:
        """For each rule, the texts of ``lines`` where it can match, by index, each with
        the only positions where a match can start (None: anywhere); only the texts
        before text ``until`` when given."""
        end = len(lines.lowered)
        if until is not None and until < len(lines.starts):
            end = lines.starts[until]
        found: list[dict[int, list[int] | None]] = [{} for _rule in self.rules]
        words = lines.words
        # rules whose anchors all have words, none of them in the texts, cannot match
        dead = {number for number, anchor_words in self._anchored if anchor_words.isdisjoint(words)}
        for first in (*(self._keys & words), ""):
            for item, item_words, rules in self._index.get(first, ()):
                if item_words <= words:
                    self._look_for(item, rules, dead, lines, end, found)
        for places in found:
            for starts in places.values():
                if starts is not None:
                    starts.sort()
        return found

    @staticmethod
    def _look_for(
        item: str,
        rules: tuple[tuple[int, tuple[str, ...]], ...],
        dead: set[int],
        lines: _Lines,
        end: int,
        found: list[dict[int, list[int] | None]],
    ) -> None:
        """Note where ``item``, an opener (of rules with anchors) or a needle (of
        rules without), makes a match of each of ``rules`` possible."""
        lowered = lines.lowered
        at = lowered.find(item, 0, end)
        if not rules[0][1]:
            # a needle: the texts that hold one are searched whole, so one is enough
            while at >= 0:
                line = lines.line_at(at)
                for number, _anchors in rules:
                    if number not in dead:
                        found[number][line] = None
                at = lowered.find(item, lines.end(line), end)
            return
        while at >= 0:
            starts_word = at == 0 or not _is_word_char(lowered[at - 1])
            for number, anchors in rules:
                if (
                    starts_word
                    and number not in dead
                    and lowered.startswith(anchors, at + len(item))
                ):
                    line = lines.line_at(at)
                    starts = found[number].setdefault(line, [])
                    assert starts is not None  # a rule has openers or needles, not both
                    starts.append(at - lines.starts[line])
            at = lowered.find(item, at + 1, end)


_ROLE_SEARCH = (
    _Rule(
        _ROLE_PATTERNS[0],
        needles=[
            " " + noun
            for noun in (
                "position",
                "role",
                "job",
                "opening",
                "vacancy",
                "opportunity",
                "post",
                "req",
                "requisition",
                "internship",
                "program",
                "programme",
                "fellowship",
                "apprenticeship",
                "posting",
            )
        ],
    ),
    _Rule(_ROLE_PATTERNS[1], openers=_ROLE_OF_WORDS, anchors=(" of ", " as ")),
    _Rule(_ROLE_PATTERNS[2], openers=_ROLE_FOR_WORDS, anchors=(" for ", " to ")),
    _Rule(_ROLE_PATTERNS[3], needles=(" at ", " @ ", " with ")),
)
_COMPANY_SEARCH: tuple[tuple[_Rule, float], ...] = tuple(
    zip(
        (
            _Rule(_COMPANY_PATTERNS[0][0], openers=_COMPANY_AT_WORDS, anchors=(" at ", " with ")),
            _Rule(
                _COMPANY_PATTERNS[1][0],
                openers=_COMPANY_IN_WORDS,
                anchors=(" in ", " to ", " at ", " with "),
            ),
            _Rule(_COMPANY_PATTERNS[2][0], openers=_COMPANY_JOIN_WORDS, anchors=(" ",)),
            _Rule(
                _COMPANY_PATTERNS[3][0],
                openers=[w + s for w in _ROLE_WORDS for s in ("", "s")],
                anchors=(" at ",),
            ),
            _Rule(
                _COMPANY_PATTERNS[4][0],
                needles=[
                    " " + word
                    for word in (
                        "talent",
                        "recruiting",
                        "recruitment",
                        "careers",
                        "hiring",
                        "people",
                        "hr",
                        "university",
                        "campus",
                        "early",
                        "human",
                    )
                ],
            ),
        ),
        (weight for _pattern, weight in _COMPANY_PATTERNS),
        strict=True,
    )
)
_TEAM_LINE = re.compile(rf"^(?i:the )?(?P<c>{NAME}) (?i:team|family|crew)\W*$")

_PERSON = r"[A-Z][a-z'-]+(?: [A-Z]\.)?(?: (?:de |van |von |da |di |le |la |mc)?[A-Z][a-z'-]+){0,2}"
_PERSON_LINE = re.compile(rf"^(?P<p>{_PERSON})\W*$")
_CLOSING = re.compile(
    r"^(?i:(?:with )?(?:best|kind|warm|warmest|many|kindest)? ?(?:regards|wishes|thanks|best)"
    r"|best|cheers|sincerely|yours(?: sincerely| truly| faithfully)?|thanks(?: again)?"
    r"|thank you(?: again)?|many thanks|respectfully|take care|all the best|best of luck"
    r"|good luck)(?P<rest>[,.!]?(?: .*)?)$"
)
_INLINE_SIGNOFF = re.compile(rf"^[,.!]? ?(?P<p>{_PERSON})(?: |$|,)")
_INTRO = re.compile(
    rf"(?i:\bmy name is|\bthis is|\bi'm|\bi am) (?P<p>{_PERSON})(?=,| (?i:from|at|and|with|a"
    rf"|an|the|here)\b|\.|$)"
)
_NOT_PERSON = frozenset(_WORDS["not_person"])
_TITLES = (
    *(r"recruit\w*", "talent", "acquisition", "manager", "partner", "coordinator"),
    *("specialist", "lead", "director", "hr", "human resources", "head", "people"),
    *("operations", r"engineer\w*", "founder", "ceo", "cto", "coo", "cfo", "vp", "chief"),
    *("officer", "sourcer", "associate", "generalist", "assistant", "consultant"),
    *("advisor", "team", "president", "executive", "analyst", "designer", "scientist"),
    *("senior", "junior", "principal", "staff"),
)
_TITLE_WORDS = re.compile(rf"\b(?:{'|'.join(_TITLES)})\b", re.IGNORECASE)
_SPLIT_SIGNATURE = re.compile(r"\s*(?:,|\||@| at | - | \u2013 | / |\bat\b)\s*")
_SENDER = re.compile(r"^\s*\"?(?P<display>[^\"<]*?)\"?\s*<?(?P<address>[^<>\s]+@[^<>\s]+?)>?\s*$")
_SUBJECT_PREFIX = re.compile(r"^(?:(?:re|fw|fwd|aw|sv|tr)\s*:\s*)+", re.IGNORECASE)
_SUBJECT_SEPARATOR = re.compile(r"\s+(?:-|\||:|\u2013|\u2014|/|@)\s+|:\s+")
_TRAILING_ID = re.compile(
    r"\s*(?:\((?:[^)]*)\)|#\s*\w+|\b(?:req(?:uisition)?|job)(?: id| no\.?| number)?\s*[:#]?"
    r"\s*[\w-]*\d[\w-]*|[-:,]?\s*[\w-]*\d{3,}[\w-]*)\s*$",
    re.IGNORECASE,
)


_MAX_SENDER = 320


_LEADING_NOISE = re.compile(
    r"^(?:(?:re|fw|fwd):\s*)*(?:(?:your|my|an?)\s+)?(?:(?:application|candidacy|interest"
    r"|applying|update|regarding|re)\b(?:\s+(?:for|to|on|regarding))?(?:\s+the)?[\s:,-]*)?"
    r"(?:[\w-]*\d{4,}[\w-]*\s+)?",
    re.IGNORECASE,
)
_TRAILING_NOISE = re.compile(
    r"(?:\s+(?:application|applications|update|status|opportunity|position|role|job|vacancy"
    r"|posting|opening))+$",
    re.IGNORECASE,
)

_NAME = re.compile(NAME)
_PERSON_NAME = re.compile(_PERSON)
_PERSON_AT = re.compile(rf"^(?P<p>{_PERSON}) (?i:at|from|@) (?P<c>{NAME})$")
_LABEL_WORDS = re.compile(r"[-_]")
_TRAINEE = re.compile(r"(?i)intern|fellow|apprentice")
_INTRO_RULE = _Rule(_INTRO, needles=("my name is ", "this is ", "i'm ", "i am "))
_SEARCH = _Search([*(rule for rule, _weight in _COMPANY_SEARCH), *_ROLE_SEARCH])
_INTRO_SEARCH = _Search([_INTRO_RULE])  # only wanted when the sign-off names no one
# every word a rule looks for: the only ones _Lines keeps
_RULE_WORDS = frozenset().union(
    *(rule.words for rule in _ROLE_SEARCH),
    *(rule.words for rule, _weight in _COMPANY_SEARCH),
    _INTRO_RULE.words,
)

# _ROLE_WORD's matches, as sets: in ASCII text (where ignoring case is lower-casing) a
# one-word role is a whole run of word characters, and a longer one is looked for apart
_ROLE_WORD_FORMS = frozenset(w + s for w in _ROLE_WORDS for s in ("", "s"))
_ONE_WORD_ROLES = frozenset(w for w in _ROLE_WORD_FORMS if w.isalpha())
_LONGER_ROLES = re.compile(rf"\b(?:{'|'.join(w for w in _ROLE_WORDS if not w.isalpha())})s?\b")


def _is_role_word(text: str) -> bool:
    """``_ROLE_WORD.fullmatch(text)``, without running the long alternation when ASCII."""
    if text.isascii():
        return text.lower() in _ROLE_WORD_FORMS
    return _ROLE_WORD.fullmatch(text) is not None


# _TITLE_WORDS's matches, as sets, the way _ROLE_WORD's are
_ONE_WORD_TITLES = frozenset(t for t in _TITLES if t.isalpha())
_TITLE_STEMS = tuple(t.removesuffix(r"\w*") for t in _TITLES if t.endswith(r"\w*"))
_LONGER_TITLES = re.compile(rf"\b(?:{'|'.join(t for t in _TITLES if ' ' in t)})\b")


def _has_title_word(text: str) -> bool:
    """``_TITLE_WORDS.search(text)``, by words when ASCII, as ``_has_role_word``."""
    if not text.isascii():
        return _TITLE_WORDS.search(text) is not None
    lowered = text.lower()
    return (
        any(w in _ONE_WORD_TITLES or w.startswith(_TITLE_STEMS) for w in _words_of(lowered))
        or _LONGER_TITLES.search(lowered) is not None
    )


def _has_role_word(text: str) -> bool:
    """``_ROLE_WORD.search(text)``: a set look-up per word instead of trying ninety
    alternatives at every position (about ten times faster)."""
    if not text.isascii():
        return _ROLE_WORD.search(text) is not None
    lowered = text.lower()
    return (
        not _ONE_WORD_ROLES.isdisjoint(_words_of(lowered))
        or _LONGER_ROLES.search(lowered) is not None
    )


# how _CLOSING's lines can start, lower-cased: most lines start otherwise, and this
# test is cheaper than the case-insensitive pattern
_CLOSING_STARTS = _WORDS["closing_starts"]
_CLOSING_START_LENGTH = max(map(len, _CLOSING_STARTS))


def _closing(line: str) -> re.Match[str] | None:
    """``_CLOSING.match(line)``, skipped for ASCII lines that cannot start a sign-off."""
    if line.isascii() and not line[:_CLOSING_START_LENGTH].lower().startswith(_CLOSING_STARTS):
        return None
    return _CLOSING.match(line)


def _team_line(line: str) -> re.Match[str] | None:
    """``_TEAM_LINE.match(line)``, skipped when the line has no team word."""
    lowered = folded(line)
    if " team" in lowered or " family" in lowered or " crew" in lowered:
        return _TEAM_LINE.match(line)
    return None


# every match of _TRAILING_ID holds a digit, a "#" or a ")"
_MAYBE_TRAILING_ID = re.compile(r"[\d#)]")
# every match of _SPLIT_SIGNATURE holds one of these
_MAYBE_SIGNATURE_SEPARATOR = re.compile("[,|@/\u2013-]|at")


def _signature_parts(line: str) -> list[str]:
    """``_SPLIT_SIGNATURE.split(line)``, without the slow split when nothing can split it."""
    if _MAYBE_SIGNATURE_SEPARATOR.search(line) is None:
        return [line]
    return _SPLIT_SIGNATURE.split(line)


@dataclass(frozen=True, slots=True)
class Entities:
    company: str | None
    role: str | None
    person: str | None


class _Votes:
    def __init__(self) -> None:
        self._weights: dict[str, float] = {}
        self._spelling: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def add(self, value: str | None, weight: float) -> None:
        if not value:
            return
        key = value.lower()
        self._weights[key] = self._weights.get(key, 0.0) + weight
        self._spelling.setdefault(key, value)
        self._order.setdefault(key, len(self._order))

    def best(self) -> str | None:
        if not self._weights:
            return None
        key = max(self._weights, key=lambda k: (self._weights[k], -self._order[k]))
        return self._spelling[key]


# The cached functions here and below depend on a short string only, and the same company,
# role or sign-off line comes back in mail after mail (a batch is often one person's
# search): the cache spares the patterns that clean or split them. A bound keeps a
# long-running process from growing.
_CACHED = 4096


@lru_cache(maxsize=_CACHED)
def _clean_company(raw: str) -> str | None:
    words = raw.strip(" .,'-").split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    while words and words[-1].lower().strip(".,") in _COMPANY_SUFFIX_NOISE:
        words = words[:-1]
    while words and words[-1].lower() in {"&", "and", "of", "de", "du", "la", "y", "e"}:
        words = words[:-1]
    # (when the first word is not such a word, not all of them are)
    if not words or words[0].lower().strip(".,'") in _NOT_COMPANY:
        return None
    name = " ".join(words).strip(" .,'-")
    if len(name) < 2:
        return None
    for word in name.split():
        if _is_role_word(word) and word.lower() not in _COMPANY_ROLE_WORDS:
            return None  # "Data Scientist Bachelors" is a role someone mistook for a company
    return name


@lru_cache(maxsize=_CACHED)
def _clean_role(raw: str) -> str | None:
    role = _LEADING_NOISE.sub("", raw.strip(" .,;:-'\""))
    if _MAYBE_TRAILING_ID.search(role):
        role = _TRAILING_ID.sub("", role)
    role = role.strip(" .,;:-'\"")
    role = _TRAILING_NOISE.sub("", role).strip(" .,;:-'\"")
    if role.count("(") != role.count(")"):
        role = role.split("(")[0].strip(" .,;:-")
    words = role.split()
    while words and words[0].lower() in _ROLE_NOT:
        words = words[1:]
    role = " ".join(words)
    if not role or len(role) > 80 or not _has_role_word(role):
        return None
    if role.lower() in {"position", "role", "job", "lead", "head", "team"}:
        return None
    return role


def _clean_person(raw: str) -> str | None:
    words = raw.strip(" .,").split()
    if not words or len(words) > 4:
        return None
    if any(w.lower().strip(".,") in _NOT_PERSON for w in words):
        return None
    return " ".join(words)


def _role_in(sentence: str, rules: Sequence[tuple[_Rule, _Places]], line: int) -> str | None:
    """The role a sentence names, given where each role rule can match (the sentence
    is text ``line`` of the texts the places are in)."""
    for rule, places in rules:
        if line not in places:
            continue
        for match in rule.matches(sentence, places[line]):
            raw = match.group("role")
            noun = sentence[match.end("role") : match.end()].strip().lower()
            role = _clean_role(raw)
            if (
                role
                and noun.startswith(("internship", "fellowship", "apprenticeship"))
                and not _TRAINEE.search(role)
            ):
                role = f"{role} {noun.split()[0].capitalize()}"
            if role:
                return role
    return None


def _subject_parts(subject: str) -> list[str]:
    plain = _SUBJECT_PREFIX.sub("", subject).strip()
    return [p.strip(" .!") for p in _SUBJECT_SEPARATOR.split(plain) if p.strip(" .!")]


def _companies_in(
    text: str,
    rules: Sequence[tuple[_Rule, float, _Places]],
    line: int,
    companies: _Votes,
    bonus: float = 0.0,
) -> None:
    """Vote for the companies a text names, given where each company rule can match
    (the text is text ``line`` of the texts the places are in)."""
    for rule, weight, places in rules:
        if line in places:
            for match in rule.matches(text, places[line]):
                companies.add(_clean_company(match.group("c")), weight + bonus)


def _from_subject(
    parts: Sequence[str], companies: _Votes, role_rules: Sequence[tuple[_Rule, _Places]], line: int
) -> str | None:
    """The role the subject names, from its parts (text ``line`` on of the texts the
    places of ``role_rules`` are in), voting for a part that is a company name."""
    role = None
    for index, part in enumerate(parts, start=line):
        found = _role_in(part, role_rules, index)
        if found is None and _has_role_word(part) and len(part.split()) <= 8:
            found = _clean_role(part)
        elif found is None and _NAME.fullmatch(part) and len(part.split()) <= 4:
            companies.add(_clean_company(part), 1.0)
        role = role or found
    return role


@lru_cache(maxsize=_CACHED)
def _signed_companies(line: str) -> tuple[str | None, ...]:
    """The companies a line under a sign-off names ("Acme Corp", "The Acme Team"),
    each cleaned (None: nothing left)."""
    team = _team_line(line.strip())
    if team:
        return (_clean_company(team.group("c")),)
    return tuple(
        _clean_company(part)
        for part in (p.strip(" .") for p in _signature_parts(line))
        if part and _NAME.fullmatch(part) and not _has_title_word(part)
    )


def _signature(lines: Sequence[str], companies: _Votes) -> str | None:
    """The person who signed, and the company on the line under their name."""
    tail = list(lines[-12:])
    for i in range(len(tail) - 1, -1, -1):
        closing = _closing(tail[i])
        if not closing:
            continue
        rest = closing.group("rest")
        inline = _INLINE_SIGNOFF.match(rest) if rest else None
        after = [t for t in tail[i + 1 : i + 4] if t.strip()]
        person = None
        if inline:
            person = _clean_person(inline.group("p"))
            company_lines = [rest[inline.end() :], *after]
        elif after and _PERSON_LINE.match(after[0]):
            person = _clean_person(after[0])
            company_lines = after[1:]
        else:
            company_lines = after
        for line in company_lines:
            for company in _signed_companies(line):
                companies.add(company, 2.0)
        return person
    for line in tail[-3:]:
        team = _team_line(line.strip())
        if team:
            companies.add(_clean_company(team.group("c")), 2.0)
    return None


def _from_sender(sender: str, companies: _Votes) -> str | None:
    sender = sender[:_MAX_SENDER]
    match = _SENDER.match(sender)
    display = (match.group("display") if match else sender).strip()
    address = match.group("address") if match else ""
    person = None
    if display:
        at = _PERSON_AT.match(display)
        if at:
            person = _clean_person(at.group("p"))
            companies.add(_clean_company(at.group("c")), 1.0)
        elif _PERSON_NAME.fullmatch(display) and 2 <= len(display.split()) <= 3:
            person = _clean_person(display)
        elif _NAME.fullmatch(display):
            companies.add(_clean_company(display), 1.0)
    if address:
        domain = address.rsplit("@", 1)[-1].lower().split(".")
        label = domain[-2] if len(domain) >= 2 else domain[0]
        if label and label not in _GENERIC_DOMAINS and not label.isdigit():
            companies.add(" ".join(w.capitalize() for w in _LABEL_WORDS.split(label) if w), 0.5)
    return person


def extract_entities(*, subject: str, sentences: Sequence[str], sender: str = "") -> Entities:
    """Best guesses for company, role and person; None where nothing convincing is found."""
    companies = _Votes()
    # searched together: the subject (when there is one), the sentences, the subject's parts
    first = 1 if subject else 0
    parts = _subject_parts(subject) if subject else []
    texts = (subject, *sentences, *parts) if subject else tuple(sentences)
    lines = _Lines(texts)
    places_by_rule = _SEARCH.places(lines)
    company_rules = [
        (rule, weight, places)
        for (rule, weight), places in zip(_COMPANY_SEARCH, places_by_rule, strict=False)
        if places
    ]
    role_rules = [
        (rule, places)
        for rule, places in zip(_ROLE_SEARCH, places_by_rule[len(_COMPANY_SEARCH) :], strict=True)
        if places
    ]
    role = None
    if subject:
        _companies_in(subject, company_rules, 0, companies, bonus=0.5)
        role = _from_subject(parts, companies, role_rules, first + len(sentences))
    to_read = {line for _rule, _weight, places in company_rules for line in places}
    if role is None:
        to_read.update(line for _rule, places in role_rules for line in places)
    for line in sorted(to_read):
        if not first <= line < first + len(sentences):
            continue
        _companies_in(texts[line], company_rules, line, companies)
        if role is None:
            role = _role_in(texts[line], role_rules, line)
    person = _signature(sentences, companies)
    if person is None:
        # in the first six sentences (not the subject, nor its parts after the sentences)
        intro_places = _INTRO_SEARCH.places(lines, until=first + min(6, len(sentences)))[0]
        for line in sorted(intro_places):
            if line >= first:
                intro = next(_INTRO_RULE.matches(texts[line], intro_places[line]), None)
                if intro:
                    person = _clean_person(intro.group("p"))
                    break
    sender_person = _from_sender(sender, companies) if sender else None
    person = person or sender_person
    company = companies.best()
    if person and company and person.lower() == company.lower():
        person = None
    return Entities(company=company, role=role, person=person)
