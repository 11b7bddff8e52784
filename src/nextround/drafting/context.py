"""What a draft is made from and what it becomes: the inputs and outputs of drafting.

These types are the drafting package's public vocabulary; templates and the
linter share them so a draft and its check always speak about the same steps.
``Step`` and ``Draft`` live in ``domain.drafts`` (the entry points show them
without reaching into drafting) and are named here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nextround.domain.drafts import Draft as Draft
from nextround.domain.drafts import Step as Step
from nextround.domain.model import Channel, Vagueness
from nextround.domain.themes import Theme


@dataclass(frozen=True)
class DraftContext:
    """Everything the user told us that a draft may use, in their own words.

    Only ``user_name`` is strictly needed (every draft is signed); the rest
    makes a draft specific, and each template degrades gracefully without it:
    no interviewer name greets the hiring team, no talking point falls back on
    "our conversation about the role". A PITCH needs ``evidence``, since a
    re-pitch without something new to show is only an argument.
    """

    user_name: str
    interviewer_name: str
    company: str
    role: str
    talking_points: tuple[str, ...] = ()
    interview_stage: str = ""
    interview_date: date | None = None
    vagueness: Vagueness | None = None
    reply_quote: str = ""
    gap: str = ""
    evidence: str = ""
    themes: tuple[Theme, ...] = ()
    reply_text: str = ""  # their last answer in full, to check a guess against their words
    said: tuple[str, ...] = ()  # the points they made, one sentence each
    asked_by: Channel | None = None  # how the question now awaited was asked
    after_pitch: bool = False  # a follow-up nudges the pitch, not the feedback request
    user_phone: str = ""
    user_email: str = ""
