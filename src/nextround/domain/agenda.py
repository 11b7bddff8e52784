"""What to do now: every due step across threads and upcoming interviews."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from nextround.domain.model import Application, Interview
from nextround.domain.thread import Event, FeedbackThread, ThreadState

BRIEF_DAYS_AHEAD = 7


class ActionKind(StrEnum):
    ASK = "ask"
    FOLLOW_UP = "follow_up"
    PROBE = "probe"
    DECIDE = "decide"
    CLOSE = "close"
    BRIEF = "brief"


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    due: datetime
    application_id: int
    company: str
    role: str
    summary: str
    command: str
    thread_id: int | None = None
    interview_id: int | None = None
    optional: bool = False

    def overdue(self, now: datetime) -> bool:
        return self.due < now


def _act(
    kind: ActionKind,
    due: datetime,
    app: Application,
    thread: FeedbackThread,
    summary: str,
    command: str,
    *,
    optional: bool = False,
) -> Action:
    return Action(
        kind=kind,
        due=due,
        application_id=app.id or 0,
        company=app.company,
        role=app.role,
        summary=summary,
        command=command,
        thread_id=thread.id,
        optional=optional,
    )


def _thread_action(thread: FeedbackThread, app: Application) -> Action | None:
    tid = thread.id
    if thread.state is ThreadState.TO_ASK:
        if thread.interview_id is None:
            return None  # nothing to ask about until the interview is recorded
        if thread.after_interview is False:
            summary, optional = "screening rejection: asking is optional", True
        else:
            summary, optional = "ask for feedback while they still remember you", False
        return _act(
            ActionKind.ASK,
            thread.send_by(),
            app,
            thread,
            summary,
            f"nextround ask {tid}",
            optional=optional,
        )
    last_step = thread.transitions[-1].at if thread.transitions else thread.rejected_at
    if thread.state is ThreadState.GENERIC:
        if thread.can(Event.PROBE_SENT):
            return _act(
                ActionKind.PROBE,
                last_step,
                app,
                thread,
                "the answer was vague: ask what in particular",
                f"nextround probe {tid}",
            )
        return _act(
            ActionKind.DECIDE,
            last_step,
            app,
            thread,
            "two probes sent: thank them and keep what you learned",
            f"nextround thank {tid}",
        )
    if thread.state is ThreadState.ACTIONABLE:
        return _act(
            ActionKind.DECIDE,
            last_step,
            app,
            thread,
            "concrete feedback: pitch again, or thank them and keep the lesson",
            f"nextround pitch {tid} --evidence TEXT  or  nextround thank {tid}",
        )
    follow_up = thread.follow_up_due()
    if follow_up is not None:
        return _act(
            ActionKind.FOLLOW_UP,
            follow_up,
            app,
            thread,
            "no answer yet: one friendly nudge",
            f"nextround follow-up {tid}",
        )
    close = thread.close_due()
    if close is not None:
        return _act(
            ActionKind.CLOSE,
            close,
            app,
            thread,
            "the follow-up went unanswered: close as no response",
            f"nextround close {tid}",
        )
    return None


def _round_name(stage: str) -> str:
    return stage if "interview" in stage.lower() else f"{stage} interview"


def next_actions(
    *,
    threads: Sequence[FeedbackThread],
    interviews: Sequence[Interview],
    applications: Mapping[int, Application],
    now: datetime,
    horizon: timedelta = timedelta(days=BRIEF_DAYS_AHEAD),
) -> list[Action]:
    """Everything due, soonest first. Waiting threads appear once their nudge is due."""
    actions: list[Action] = []
    for thread in threads:
        app = applications.get(thread.application_id)
        if app is None or thread.state.is_closed:
            continue
        action = _thread_action(thread, app)
        if action is None:
            continue
        if action.kind in (ActionKind.FOLLOW_UP, ActionKind.CLOSE) and action.due > now:
            continue
        actions.append(action)
    for interview in interviews:
        app = applications.get(interview.application_id)
        if app is None or not now <= interview.when <= now + horizon:
            continue
        actions.append(
            Action(
                kind=ActionKind.BRIEF,
                due=interview.when,
                application_id=interview.application_id,
                company=app.company,
                role=app.role,
                summary=f"{_round_name(interview.stage)}: read your brief beforehand",
                command=f"nextround brief {interview.id}",
                interview_id=interview.id,
            )
        )
    return sorted(actions, key=lambda a: (a.optional, a.due, a.application_id))
