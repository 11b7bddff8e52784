"""Checking a draft the user is editing, against what the thread knows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nextround.domain.drafts import LintReport, Step
from nextround.domain.model import Channel
from nextround.drafting import lint_draft

if TYPE_CHECKING:
    from nextround.store import Database


def check_draft(
    text: str,
    *,
    talking_points: Sequence[str] = (),
    step: Step = Step.REQUEST,
    channel: Channel | None = None,
) -> LintReport:
    """Check any draft as a ``step`` message: what it has, lacks and should lose."""
    return lint_draft(text, talking_points=talking_points, step=step, channel=channel)


def check_thread_draft(
    *,
    db: Database,
    thread_id: int,
    text: str,
    step: Step,
    channel: Channel,
    subject: str = "",
) -> LintReport:
    """Lint ``text`` as the thread's ``step`` message, with the interview's talking points.

    An email's subject, when given, is checked with the body, as it would be sent.
    """
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        interview = repo.interview(thread.interview_id) if thread.interview_id else None
    points = tuple(interview.talking_points) if interview else ()
    if channel is Channel.EMAIL and subject.strip():
        text = f"Subject: {subject.strip()}\n\n{text}"
    return check_draft(text, talking_points=points, step=step, channel=channel)
