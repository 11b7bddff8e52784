"""Finding each element and flag in a message, whoever wrote it.

Every detector takes a :class:`Doc` (the message split once into what the
checks need) and answers one question. They are deliberately forgiving about
wording and strict about meaning: "thanks for the feedback" is not a request
for feedback, and "I don't understand your decision" does not accept it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nextround.domain.model import Channel
from nextround.drafting import patterns as p
from nextround.drafting.text import STOPWORDS, significant_words, words_needed, words_of

_HEADING = re.compile(r"^\s*(?:\[[^\]]*\]|#+\s.*|[A-Z][\w '/-]{0,40}:)\s*$")
_LABEL = re.compile(r"^\s*(?:[\w ]{1,15}:\s+)?[\"“'‘]?")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'.-]*$")
SPOKEN = frozenset({Channel.CALL, Channel.VOICEMAIL})


@dataclass(frozen=True)
class Doc:
    """A message prepared for the detectors: subject removed, apostrophes straightened."""

    body: str
    lines: tuple[str, ...]
    main: str  # the body without its signature, so "Thanks,\nSam" is not counted as thanks
    signed: bool
    channel: Channel | None
    talking_points: tuple[str, ...]

    @property
    def sentences(self) -> list[str]:
        return [s for s in _SENTENCE_END.split(self.main) if s.strip()]


def prepare(text: str, channel: Channel | None, talking_points: Sequence[str]) -> Doc:
    """Split ``text`` once for all detectors; an email's ``Subject:`` line is set aside."""
    body = text.replace("’", "'").replace("‘", "'").replace("\r\n", "\n")
    first, _, rest = body.lstrip().partition("\n")
    if first.lower().startswith("subject:"):
        body = rest
    lines = tuple(line.strip() for line in body.splitlines() if line.strip())
    start = _signature_start(lines)
    signed = start is not None or (_introduces_self(body) and channel in (*SPOKEN, None))
    main = "\n".join(lines[:start] if start is not None else lines)
    return Doc(body, lines, main, signed, channel, tuple(talking_points))


def _looks_like_name(text: str, *, vouched: bool = False) -> bool:
    """One to five capitalised words that could be a name ("Zoë Ñúñez", "Ana de la Cruz").

    After a valediction (``vouched``) the words may be lower-case ("thanks, sam")
    and a lone common word ("Will", "May") is accepted as a name.
    """
    tokens = text.strip().rstrip(".").split()
    if not 1 <= len(tokens) <= 5 or p.VALEDICTION_LINE.match(" ".join(tokens)):
        return False
    first = tokens[0].lower()
    if first in _NOT_NAMES or (first in STOPWORDS and len(tokens) == 1 and not vouched):
        return False
    return all(_name_token(t, vouched=vouched) for t in tokens)


def _name_token(token: str, *, vouched: bool) -> bool:
    if not _NAME_TOKEN.match(token):
        return False
    if token[0].isupper() or token.lower() in _NAME_PARTICLES:
        return True
    # "thanks, sam" is signed; "thank you, i really appreciate it" is a sentence
    return vouched and token.lower() not in STOPWORDS


_NAME_PARTICLES = frozenset(
    words_of("de da del della der di du la le van von bin binti al el y dos das ter ten zu af")
)
_NOT_NAMES = frozenset(words_of("thank thanks regards best cheers sincerely yours hi hello dear"))


def _signature_start(lines: tuple[str, ...]) -> int | None:
    """Index of the first signature line ("Best,", "Sam Lee"), or None if unsigned."""
    end = len(lines)
    while end > 1 and p.CONTACT_LINE.search(lines[end - 1]):
        end -= 1  # an email address or phone number under the name
    if end < 2:
        return None
    last = lines[end - 1]
    joined = p.VALEDICTION_AND_NAME.match(last)
    if joined and _looks_like_name(joined["name"], vouched=True):
        return end - 1
    dashed = p.DASH_NAME.match(last)
    if dashed and _looks_like_name(dashed["name"], vouched=True):
        return end - 1
    if p.VALEDICTION_LINE.match(lines[end - 2]) and _looks_like_name(last, vouched=True):
        return end - 2
    if _looks_like_name(last) and not p.GREETING.match(last):
        return end - 1
    return None


def _introduces_self(body: str) -> bool:
    """On a call or voicemail, saying who you are ("it's Sam Lee") is the signature."""
    for match in p.SELF_INTRODUCTION.finditer(body):
        words = body[match.start("name") :].split()[:2]
        if _looks_like_name(words[0].strip(".,;:!?")):
            return True
        if len(words) == 2 and _looks_like_name(" ".join(w.strip(".,;:!?") for w in words)):
            return True
    return False


def greeting(doc: Doc) -> bool:
    """A salutation on one of the first lines (call-script headings skipped)."""
    content = [line for line in doc.lines if p.GREETING.match(line) or not _HEADING.match(line)]
    return any(
        p.GREETING.match(line) or p.GREETING.match(_LABEL.sub("", line, count=1))
        for line in content[:3]
    )


def thanks(doc: Doc) -> bool:
    return bool(p.THANKS.search(doc.main))


def appreciation(doc: Doc) -> bool:
    return bool(p.APPRECIATION.search(doc.main))


def memory_trigger(doc: Doc) -> bool:
    """A talking point recognisably named, or (without any given) a cue like "we discussed"."""
    points = [set(significant_words(t)) for t in doc.talking_points]
    points = [words for words in points if words]
    if not points:
        return bool(p.MEMORY_CUES.search(doc.main))
    present = set(significant_words(doc.main))
    return any(len(words & present) >= words_needed(len(words)) for words in points)


def accepts_decision(doc: Doc) -> bool:
    """Accepting the outcome, not merely mentioning it: "I don't accept" does not count."""
    for match in p.ACCEPTS.finditer(doc.main):
        if not p.NEGATION_BEFORE.search(doc.main[max(0, match.start() - 12) : match.start()]):
            return True
    return False


def asks_what_to_improve(doc: Doc) -> bool:
    """An actual request about what to improve: a question, or "I'd be grateful for..."."""
    return any(
        p.IMPROVE.search(s) and ("?" in s or p.REQUEST_MARKERS.search(s)) for s in doc.sentences
    )


def asks_specifics(doc: Doc) -> bool:
    """A question pointing at one particular thing, not at feedback in general."""
    return any("?" in s and p.SPECIFICS.search(s) for s in doc.sentences)


def easy_out(doc: Doc) -> bool:
    return bool(p.EASY_OUT.search(doc.main))


def keeps_door_open(doc: Doc) -> bool:
    return bool(p.DOOR_OPEN.search(doc.main))


def acknowledges_feedback(doc: Doc) -> bool:
    return bool(p.ACKNOWLEDGES.search(doc.main))


def offers_evidence(doc: Doc) -> bool:
    return bool(p.EVIDENCE.search(doc.main))


def plans_action(doc: Doc) -> bool:
    return bool(p.PLANS.search(doc.main))


def sign_off(doc: Doc) -> bool:
    return doc.signed


ELEMENTS: dict[str, Callable[[Doc], bool]] = {
    "greeting": greeting,
    "thanks": thanks,
    "appreciation": appreciation,
    "memory_trigger": memory_trigger,
    "accepts_decision": accepts_decision,
    "asks_what_to_improve": asks_what_to_improve,
    "asks_specifics": asks_specifics,
    "easy_out": easy_out,
    "keeps_door_open": keeps_door_open,
    "acknowledges_feedback": acknowledges_feedback,
    "offers_evidence": offers_evidence,
    "plans_action": plans_action,
    "sign_off": sign_off,
}

TONE_FLAGS: dict[str, re.Pattern[str]] = {
    "defensive": p.DEFENSIVE,
    "argumentative": p.ARGUMENTATIVE,
    "pushy": p.PUSHY,
}


def tone_flag(doc: Doc, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The offending phrases (up to three, in order), ignoring words in quotation marks.

    Quoted words are the interviewer's, not the user's: "you said 'you should
    reconsider your approach'" is not an argument.
    """
    found: list[str] = []
    for match in pattern.finditer(p.QUOTED.sub(" ", doc.body)):
        phrase = " ".join(match.group(0).split())
        if phrase.lower() not in (f.lower() for f in found):
            found.append(phrase)
        if len(found) == 3:
            break
    return tuple(found)


def question_count(doc: Doc) -> int:
    return doc.main.count("?")
