"""From a judged reply to lessons a person would keep: one per feedback point.

A reply naming two gaps gives two points; two sentences about the same gap
give one, with both sentences as its evidence. Each point gets a short
statement in the user's voice saying what to practise (or, for praise, what
to keep leaning on); the interviewer's words stay beside it, once. When the
same point comes up again (another interviewer, another company), the lesson
already kept is strengthened instead of a duplicate made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from nextround.domain.errors import InvalidInput
from nextround.domain.model import EvidenceNote, Lesson, LessonStatus, Polarity, Sighting
from nextround.domain.themes import Theme

# what to practise, in the user's own voice, per theme
PRACTISE: dict[Theme, str] = {
    Theme.TECHNICAL_SKILLS: "Go into hands-on technical depth, not just the overview",
    Theme.DOMAIN_EXPERIENCE: "Make my domain experience concrete with examples from real work",
    Theme.PROBLEM_SOLVING: "Talk through my reasoning step by step in cases and exercises",
    Theme.COMMUNICATION: "Keep answers clear and concise: lead with the point, then the detail",
    Theme.CULTURE_FIT: "Show how I work with a team, with an example or two",
    Theme.MOTIVATION: "Say specifically why this role and this company",
    Theme.LEADERSHIP: "Bring examples where I owned the outcome and led others",
    Theme.PREPARATION: "Research the company and have my examples ready before each interview",
    Theme.SENIORITY: "Pitch my level to the role, with examples of matching scope",
    Theme.LOGISTICS: "Settle salary, location and availability early in the process",
}

# what to keep doing, in the user's own voice, per theme
LEAN_ON: dict[Theme, str] = {
    Theme.TECHNICAL_SKILLS: "My technical depth lands: lean on it",
    Theme.DOMAIN_EXPERIENCE: "My domain experience counts: lead with it",
    Theme.PROBLEM_SOLVING: "My problem solving impresses: show it early",
    Theme.COMMUNICATION: "I communicate clearly: keep doing it",
    Theme.CULTURE_FIT: "Teams see me as a good fit: let that show",
    Theme.MOTIVATION: "My enthusiasm comes across: keep it genuine",
    Theme.LEADERSHIP: "My leadership examples work: keep them ready",
    Theme.PREPARATION: "My preparation shows: keep it up",
    Theme.SENIORITY: "My level reads right: keep framing it that way",
    Theme.LOGISTICS: "My practical details are in order: keep them that way",
}


@dataclass(frozen=True, slots=True)
class Point:
    """One feedback point as proposed to the user, before they review it."""

    theme: Theme
    polarity: Polarity
    statement: str
    evidence: tuple[str, ...]
    themes: tuple[Theme, ...] = field(default=())

    @property
    def quote(self) -> str:
        return " ".join(self.evidence)


def statement_for(theme: Theme, polarity: Polarity) -> str:
    return (LEAN_ON if polarity is Polarity.STRENGTH else PRACTISE)[theme]


_LEAD = (
    r"^(?:(?:but|however|honestly|also|sure|overall|and)[,.]?\s+)*"
    r"(?:(?:i|we|they|the\s+(?:panel|team|interviewers?|hiring\s+manager|manager))\s+"
    r"(?:think|thought|felt|found|said|agreed)\s+(?:that\s+)?)?"
)
# "your system design answer stayed too high-level" -> what, and how it went
_YOUR_X_WAS = re.compile(
    _LEAD + r"your\s+(?P<what>[\w' -]{3,50}?)\s+(?P<how>(?:was|were|stayed|felt|seemed|came across"
    r"|wasn't|weren't|was not|were not|could have been|lacked|needed)\b[^.;:!?]{2,80})",
    re.I,
)
# "you lacked experience with stakeholder management" -> what was missing
_LACKED = re.compile(
    r"\b(?:you\s+)?(?:lacked|lack|were lacking|were missing|needed more|need more)\s+"
    # up to the end of the clause: a dash or "which", "but", "we'd"... starts another
    r"(?P<what>[^.;:!?,]{3,70}?)(?=\s*(?:$|[.;:!?,]|\s[-\u2013\u2014]\s|\s(?:which|but|because"
    r"|so|as|and\s+(?:we|they|the)|we'd|we\s+would|they'd)\b))",
    re.I,
)
# "you never discussed how the pipeline would handle backfills" -> what to do next time
_YOU_NEVER = re.compile(
    r"\byou\s+(?:never|didn't|did not|could not|couldn't|failed to|did not really)\s+"
    r"(?P<verb>[a-z]+)\s+(?P<rest>[^.;:!?]{3,80})",
    re.I,
)
_MY = {"your": "my", "yours": "mine", "you": "I", "you're": "I'm", "yourself": "myself"}
# "your product knowledge was strong though": the "though" ties it to what came before
_TRAILING = re.compile(
    r"(?:,?\s+(?:though|tho|too|as well|also|actually|anyway|overall|for sure|to be fair))+$",
    re.I,
)


_ARTICLE = re.compile(r"^(?:a|an|the|some|any)\s+", re.I)
_SUBJECT_AFTER = frozenset(["how", "what", "when", "where", "why", "that", "if", "whether"])


def _mine(text: str) -> str:
    """Their words about the user, turned to the user's own voice ("your" -> "my"; "you"
    -> "I" where it does something, "me" where something is done to it)."""
    words: list[str] = []
    for word in text.split():
        lowered = word.lower()
        if lowered == "you" and words and words[-1].lower() not in _SUBJECT_AFTER:
            words.append("me")
        else:
            words.append(_MY.get(lowered, word))
    return " ".join(words).strip(" ,")


def _how(text: str) -> str:
    """How it went, in the user's voice, without the words that tied it to the sentence
    before: "it was strong", "they were vague"."""
    how = _TRAILING.sub("", _mine(text)).strip(" ,")
    plural = how.lower().startswith(("were ", "weren't ", "were not "))
    return f"{'they' if plural else 'it'} {how}"


def _base_verb(verb: str) -> str:
    """ "discussed" -> "discuss": enough English for the verbs feedback uses."""
    v = verb.lower()
    irregular = {"gave": "give", "showed": "show", "wrote": "write", "made": "make", "took": "take"}
    if v in irregular:
        return irregular[v]
    if v.endswith("ied"):
        return v[:-3] + "y"
    if v.endswith("ssed"):
        return v[:-2]
    if not v.endswith("ed") or len(v) < 5:
        return v
    stem = v[:-2]
    if stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]  # "stopped" -> "stop"
    if stem.endswith(("at", "iz", "ib", "iv", "ar", "ur", "ov", "uc", "ag")):
        return stem + "e"  # "prepared" -> "prepare", "described" -> "describe"
    return stem


def said_statement(sentence: str, polarity: Polarity) -> str | None:
    """A short statement in the user's voice from what they said, when it reads plainly."""
    text = " ".join(sentence.split())
    if polarity is Polarity.STRENGTH:
        m = _YOUR_X_WAS.search(text)
        if m:
            return f"Lean on my {_mine(m['what'])}: {_how(m['how'])}"
        return None
    m = _YOUR_X_WAS.search(text)
    if m:
        return f"Work on my {_mine(m['what'])}: {_how(m['how'])}"
    m = _LACKED.search(text)
    if m:
        return f"Build up and show {_mine(m['what'])}"
    m = _YOU_NEVER.search(text)
    if m:
        return f"Remember to {_base_verb(m['verb'])} {_mine(m['rest'])}"
    return None


def what_they_named(said: Sequence[str]) -> str | None:
    """What their feedback was about, as the user says it: "my system design answer"."""
    for sentence in said:
        text = " ".join(sentence.split())
        m = _YOUR_X_WAS.search(text)
        if m:
            return f"my {_mine(m['what'])}"
        m = _LACKED.search(text)
        if m:
            what = _ARTICLE.sub("", _mine(m["what"]))  # "a plan" -> "my plan"
            return what if what.lower().startswith("my ") else f"my {what}"
    return None


def statement_from(said: Sequence[str], theme: Theme, polarity: Polarity) -> str:
    for sentence in said:
        found = said_statement(sentence, polarity)
        if found:
            return found[:1].upper() + found[1:]
    return statement_for(theme, polarity)


def points_from_reply(
    *,
    notes: Sequence[EvidenceNote],
    themes: Sequence[Theme],
    evidence: Sequence[str],
) -> list[Point]:
    """One point per gap or strength the reply names, its sentences kept once.

    ``notes`` (per sentence) decide when the judge gave them; an older
    judgement without notes pairs each named theme with the evidence.
    """
    grouped: dict[tuple[Theme, Polarity], list[str]] = {}
    related: dict[tuple[Theme, Polarity], list[Theme]] = {}
    for note in notes:
        if not note.themes:
            continue
        polarity = Polarity.STRENGTH if note.strength else Polarity.WEAKNESS
        key = (note.themes[0], polarity)
        said = grouped.setdefault(key, [])
        if note.sentence not in said:
            said.append(note.sentence)
        related.setdefault(key, []).extend(note.themes)
    if not grouped:
        for theme in themes:
            grouped[(theme, Polarity.WEAKNESS)] = list(dict.fromkeys(evidence))
            related[(theme, Polarity.WEAKNESS)] = [theme]
    else:  # a theme the reply names that no sentence carried still counts, on all of it
        carried = {theme for key in related for theme in related[key]}
        for theme in themes:
            if theme not in carried:
                critical = [n.sentence for n in notes if not n.strength] or list(evidence)
                grouped[(theme, Polarity.WEAKNESS)] = list(dict.fromkeys(critical))
                related[(theme, Polarity.WEAKNESS)] = [theme]
    return [
        Point(
            theme=theme,
            polarity=polarity,
            statement=statement_from(said, theme, polarity),
            evidence=tuple(said),
            themes=tuple(dict.fromkeys(related[(theme, polarity)])),
        )
        for (theme, polarity), said in grouped.items()
    ]


_PLAIN = frozenset(
    [
        "work",
        "make",
        "show",
        "build",
        "bring",
        "keep",
        "lean",
        "into",
        "from",
        "with",
        "that",
        "this",
        "them",
        "they",
        "their",
        "your",
        "mine",
        "what",
        "when",
        "have",
        "more",
        "less",
        "about",
        "just",
        "also",
        "very",
        "really",
        "into",
        "only",
        "over",
        "each",
        "every",
        "before",
        "after",
        "next",
        "time",
        "interview",
        "interviews",
        "role",
        "company",
        "remember",
        "stayed",
        "were",
        "was",
        "felt",
        "seemed",
        "came",
        "across",
        "could",
        "would",
        "should",
        "lacked",
        "lacking",
        "missing",
        "need",
        "needed",
    ]
)


def _key_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if len(w) > 3} - _PLAIN


def same_point(
    lessons: Sequence[Lesson], theme: Theme, polarity: Polarity, statement: str = ""
) -> Lesson | None:
    """The lesson already kept on this point, if any.

    The same point is the same polarity and either the same thing named
    ("my system design answer", whatever theme the judge gave it) or the same
    theme where neither says more than the theme's own advice.
    """
    words = _key_words(statement)
    generic = not statement or statement == statement_for(theme, polarity)
    for lesson in lessons:
        if lesson.polarity is not polarity:
            continue
        shared = words & _key_words(lesson.statement)
        if len(shared) >= 2 or (shared and len(words) <= 2):
            return lesson
    for lesson in lessons:
        same_theme = lesson.polarity is polarity and lesson.theme is theme
        if same_theme and (generic or lesson.statement == statement_for(theme, polarity)):
            return lesson
    return None


def initial_status(polarity: Polarity) -> LessonStatus:
    return LessonStatus.KEPT if polarity is Polarity.STRENGTH else LessonStatus.OPEN


def check_status(polarity: Polarity, status: LessonStatus) -> None:
    """Strengths are kept; only a weakness moves between open, practising and resolved."""
    if polarity is Polarity.STRENGTH and status is not LessonStatus.KEPT:
        raise InvalidInput(
            "a strength is kept as a strength; only a weakness is open, practising or resolved"
        )
    if polarity is Polarity.WEAKNESS and status is LessonStatus.KEPT:
        raise InvalidInput("a weakness is open, practising or resolved")


def strengthen(lesson: Lesson, sighting: Sighting) -> Lesson:
    """The same point raised again: one more sighting (once per reply), nothing duplicated."""
    if sighting.message_id is not None and any(
        s.message_id == sighting.message_id for s in lesson.sightings
    ):
        return lesson
    return replace(lesson, sightings=[*lesson.sightings, sighting])


def raised_words(lesson: Lesson) -> str:
    """ "raised by 3 interviewers, last on 2 Dec", or "" for a point raised once."""
    count = lesson.raised_by
    last = lesson.last_raised
    if count < 2 or last is None:
        return ""
    return f"raised by {count} interviewers, last on {last.day} {last:%b}"


def sighting(
    *, message_id: int | None, application_id: int | None, evidence: str, at: datetime
) -> Sighting:
    return Sighting(message_id=message_id, application_id=application_id, evidence=evidence, at=at)
