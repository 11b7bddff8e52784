"""The words of the rules: cue patterns for emails and replies, theme lexicons, probes.

The rules themselves are data, in ``rules/*.toml`` (read by ``ruletable``):
each with an id, what it signals, its pattern and examples it must and must
not match. This module turns them into the cue sets and patterns the judges
use, under the names they have always had, and keeps the probes.

The rules were written from how recruiters, applicant-tracking systems and
interviewers phrase things, and many were revised while reading the real
validation set's `dev` split and our corpus's cross-validation errors, so
the `dev` figures flatter them; its `test` split is scored only in aggregate
and is the honest estimate (see corpus/EVALUATION.md). Patterns are lower
case, match a lower-cased, quote-normalised sentence, and use literal spaces
(see ``cues``). Weights: 3 is a statement that decides by itself, 2 a strong
hint, 1 or less a hint that only counts together with others.
"""

from __future__ import annotations

import re

from nextround.analysis.cues import Cue
from nextround.analysis.ruletable import Rule, load
from nextround.domain.model import EmailKind, Vagueness
from nextround.domain.themes import Theme

_TABLES = load()


def _cues(rules: tuple[Rule, ...]) -> tuple[Cue, ...]:
    return tuple(
        Cue(
            r.signals,
            re.compile(r.pattern),
            1.0 if r.weight is None else r.weight,
            r.unless_conditional,
            r.unless_negated,
        )
        for r in rules
    )


def _table(name: str) -> tuple[Cue, ...]:
    return _cues(_TABLES.table(name))


def _patterns(prefix: str) -> dict[Theme, tuple[str, ...]]:
    found = _TABLES.tables(prefix)
    return {theme: tuple(r.pattern for r in found.get(theme.value, ())) for theme in Theme}


# --- shared fragments ---------------------------------------------------------------------

_FRAGMENTS = _TABLES.fragments
NOT = _FRAGMENTS["NOT"]
PEOPLE = _FRAGMENTS["PEOPLE"]
OPENING = _FRAGMENTS["OPENING"]
OTHER_PEOPLE = _FRAGMENTS["OTHER_PEOPLE"]
ASSESSMENT = _FRAGMENTS["ASSESSMENT"]
UNNAMED = _FRAGMENTS["UNNAMED"]  # what a named skill/experience gap must not point at
ADVERBS = _FRAGMENTS["ADVERBS"]
ROLE_WORDS = _FRAGMENTS["ROLE_WORDS"]
FEEDBACK_WORD = _FRAGMENTS["FEEDBACK_WORD"]
# the opening itself is gone: a rejection, and a concrete reason at once
ROLE_GONE = tuple(
    _FRAGMENTS[name]
    for name in sorted(
        (n for n in _FRAGMENTS if n.startswith("ROLE_GONE_")), key=lambda n: int(n[10:])
    )
)

# --- emails -------------------------------------------------------------------------------

KIND_CUES: dict[EmailKind, tuple[Cue, ...]] = {
    kind: _table(f"kind.{kind.value}") for kind in EmailKind
}
REJECTION = KIND_CUES[EmailKind.REJECTION]
OFFER = KIND_CUES[EmailKind.OFFER]
INVITE = KIND_CUES[EmailKind.INVITE]
CONFIRMATION = KIND_CUES[EmailKind.CONFIRMATION]
ALERT = KIND_CUES[EmailKind.ALERT]
OUTREACH = KIND_CUES[EmailKind.OUTREACH]
OTHER = KIND_CUES[EmailKind.OTHER]

# Subject lines are terse labels; these only count when seen in the subject.
SUBJECT_CUES: dict[EmailKind, tuple[Cue, ...]] = {
    EmailKind(name): _cues(rules) for name, rules in _TABLES.tables("subject.").items()
}

# a refusal of something that is not a job (a loan, a claim, a permit, ...): counted
# only in mail that says nothing of a job (``JOB_CONTEXT``, or a job title in the
# subject), where it also silences the rejection cues
NOT_JOB: tuple[Cue, ...] = _table("not_job")
JOB_CONTEXT = _TABLES.only("job_context")

# the stage a rejection came at
INTERVIEW_STAGE: tuple[Cue, ...] = _table("stage.interviewed")
APPLICATION_STAGE: tuple[Cue, ...] = _table("stage.screened")

# reasons
BOILERPLATE = _TABLES.only("boilerplate")
REASON_ROLE_STATUS: tuple[Cue, ...] = _table("reason.role_status")
REASON_ELIGIBILITY: tuple[Cue, ...] = _table("reason.eligibility")
REASON_GAP: tuple[Cue, ...] = _table("reason.gap")
REASON_OVERQUALIFIED: tuple[Cue, ...] = _table("reason.overqualified")
REASON_CUES: tuple[Cue, ...] = (
    *REASON_ROLE_STATUS,
    *REASON_ELIGIBILITY,
    *REASON_GAP,
    *REASON_OVERQUALIFIED,
)

# --- replies ----------------------------------------------------------------------------------

DECLINED: tuple[Cue, ...] = _table("declined")
# the marks of criticism or a stated need, which make a named topic feedback
CRITIQUE = _TABLES.only("critique")
POSITIVE = _TABLES.only("positive")

# Each theme: "named" cues are concrete enough to act on; "broad" cues only point at the area.
THEME_NAMED: dict[Theme, tuple[str, ...]] = _patterns("theme.named.")
THEME_BROAD: dict[Theme, tuple[str, ...]] = _patterns("theme.broad.")

# generic shapes that point at no theme (or at the role as a whole)
GENERIC_FIT = _TABLES.only("generic.fit")
GENERIC_SKILLS = _TABLES.only("generic.skills")
GENERIC_COMPETITION = _TABLES.only("generic.competition")
GENERIC_COMPANY = _TABLES.only("generic.company")

# probes: one per kind of vagueness, with a sharper version when a theme is named
PROBES: dict[Vagueness, str] = {
    Vagueness.EXPERIENCE: (
        "Thank you for being open with me. Could you tell me which area of experience in "
        "particular you felt was missing, so I know what to build on?"
    ),
    Vagueness.FIT: (
        "Thanks for explaining. Was there a particular part of the role where you felt my "
        "background didn't line up, so I know what to strengthen?"
    ),
    Vagueness.COMPETITION: (
        "I understand it was a close decision. What did the successful candidate bring that I "
        "could work towards for next time?"
    ),
    Vagueness.SKILLS: (
        "That's helpful to hear. Which skill, or which part of the interview, would you "
        "suggest I work on first?"
    ),
    Vagueness.CULTURE: (
        "Thank you for telling me. Could you share what gave you that impression, so I can "
        "understand how I came across to the team?"
    ),
    Vagueness.POSITIVE: (
        "That's kind of you to say. If you had to pick one thing I could do better next time, "
        "what would it be?"
    ),
    Vagueness.OTHER: (
        "I appreciate you getting back to me. Is there one thing I could do differently that "
        "would make me a stronger candidate next time?"
    ),
}

THEME_PROBES: dict[Theme, str] = {
    Theme.TECHNICAL_SKILLS: (
        "That's helpful to hear. Was there a particular technical area, or a moment in the "
        "technical interview, that you'd suggest I work on first?"
    ),
    Theme.DOMAIN_EXPERIENCE: PROBES[Vagueness.EXPERIENCE],
    Theme.PROBLEM_SOLVING: (
        "Thank you. Could you point me to the part of the exercise where my approach fell "
        "short, so I can practise it?"
    ),
    Theme.COMMUNICATION: (
        "Thank you for that. An example would help me a lot: was there a particular answer "
        "where I could have been clearer or better structured?"
    ),
    Theme.CULTURE_FIT: PROBES[Vagueness.CULTURE],
    Theme.MOTIVATION: (
        "Thanks for letting me know. Was there something in how I talked about the role or "
        "the company that made my interest seem less clear than it is?"
    ),
    Theme.LEADERSHIP: (
        "Thank you. Is there a kind of leadership or ownership you would have wanted to hear "
        "more about from me?"
    ),
    Theme.PREPARATION: (
        "Thanks for being honest. Was there something about the company or the role you'd "
        "have expected me to know or ask about?"
    ),
    Theme.SENIORITY: (
        "Thank you. Which parts of the role's scope did you feel I wasn't yet ready for?"
    ),
    Theme.LOGISTICS: (
        "Thanks for explaining. Is that constraint fixed, or is there flexibility I could "
        "help with on my side?"
    ),
}

# which vagueness a broad theme label is
BROAD_VAGUENESS: dict[Theme, Vagueness] = {
    Theme.TECHNICAL_SKILLS: Vagueness.SKILLS,
    Theme.DOMAIN_EXPERIENCE: Vagueness.EXPERIENCE,
    Theme.PROBLEM_SOLVING: Vagueness.SKILLS,
    Theme.COMMUNICATION: Vagueness.SKILLS,
    Theme.CULTURE_FIT: Vagueness.CULTURE,
    Theme.MOTIVATION: Vagueness.OTHER,
    Theme.LEADERSHIP: Vagueness.SKILLS,
    Theme.PREPARATION: Vagueness.OTHER,
    Theme.SENIORITY: Vagueness.EXPERIENCE,
    Theme.LOGISTICS: Vagueness.OTHER,
}
