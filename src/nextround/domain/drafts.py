"""The drafts of the feedback loop as the rest of the app sees them.

Where in the loop a draft is sent (``Step``), the draft itself (``Draft``) and
what the linter found in one (``LintReport``). ``nextround.drafting`` writes and
checks drafts; the entry points show them through these types alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nextround.domain.model import Channel, Tone


class Step(StrEnum):
    """Where in the feedback loop a draft is sent (see DESIGN.md, "The loop")."""

    REQUEST = "request"
    SCREENING = "screening"  # the request after a screening rejection: no interview to recall
    FOLLOW_UP = "follow_up"
    PROBE = "probe"
    CLOSE = "close"
    PITCH = "pitch"
    THANKS = "thanks"


@dataclass(frozen=True)
class Draft:
    """A message ready for the user to edit and send (or, for a call, to say)."""

    step: Step
    channel: Channel
    tone: Tone
    subject: str | None
    body: str

    @property
    def text(self) -> str:
        """The whole message as it would be pasted: emails carry their subject line."""
        if self.channel is Channel.EMAIL and self.subject:
            return f"Subject: {self.subject}\n\n{self.body}"
        return self.body


@dataclass(frozen=True)
class LintReport:
    """What a draft has, lacks and should lose, with a line of advice for each finding."""

    score: int
    present: tuple[str, ...]
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    details: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Ready to send: nothing required is missing and nothing is flagged."""
        return not self.missing and not self.flags

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "score": self.score,
            "present": list(self.present),
            "missing": list(self.missing),
            "flags": list(self.flags),
        }
