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
    GRACIOUS_CLOSE = "gracious_close"  # after a refusal: a note that leaves the door open
    BRIEF = "brief"


class Urgency(StrEnum):
    """How a due time stands against now, said honestly."""

    OVERDUE = "overdue"  # the time has passed
    DUE = "due"  # today
    SOON = "soon"  # within the next SOON_DAYS days
    LATER = "later"


SOON_DAYS = 2


def urgency(due: datetime, now: datetime) -> Urgency:
    if due < now:
        return Urgency.OVERDUE
    if due.date() == now.date():
        return Urgency.DUE
    if due - now <= timedelta(days=SOON_DAYS):
        return Urgency.SOON
    return Urgency.LATER


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

    def urgency(self, now: datetime) -> Urgency:
        return urgency(self.due, now)


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


def _screening(thread: FeedbackThread) -> bool:
    """A rejection before any interview we know of: asking is optional."""
    return thread.after_interview is False or (
        thread.interview_id is None and thread.after_interview is None
    )


@dataclass(frozen=True, slots=True)
class StepDue:
    """When the user's next step on a thread falls due, and whether it may be skipped."""

    due: datetime
    optional: bool
    waiting: bool  # the thread awaits an answer: the step shows only once it is due


def step_due(thread: FeedbackThread) -> StepDue | None:
    """The due time of the step ``next_actions`` offers on ``thread`` (None: no step).

    It depends on the thread alone, so the store keeps it beside the thread
    (``threads.due_at``) and the home page asks the database for the few
    steps due first instead of building every open thread's step.
    """
    state = thread.state
    if state.is_closed:
        return None
    if state is ThreadState.TO_ASK:
        return StepDue(thread.send_by(), optional=_screening(thread), waiting=False)
    if state.awaits_answer:
        nudge = thread.follow_up_due()
        due = nudge if nudge is not None else thread.close_due()
        return None if due is None else StepDue(due, optional=False, waiting=True)
    act = thread.act_by()
    if act is None:
        return None
    return StepDue(act, optional=state is ThreadState.DECLINED, waiting=False)


def agenda_order(action: Action, now: datetime) -> tuple[bool, bool, datetime, int]:
    """Overdue steps first (an optional one too), then the rest: required before
    optional, soonest first. ``store.plain.due_threads`` sorts the same way in SQL."""
    return (action.due >= now, action.optional, action.due, action.application_id)


def _ask_action(thread: FeedbackThread, app: Application) -> Action:
    """A rejection not yet asked about: never silent while the two-day clock runs."""
    tid = thread.id
    if _screening(thread):
        summary = (
            "screening rejection: ask the recruiter what would have made your application "
            "stronger, or close it as not worth asking"
        )
        command = f"nextround ask {tid}  or  nextround close {tid}"
        return _act(ActionKind.ASK, thread.send_by(), app, thread, summary, command, optional=True)
    if thread.interview_id is None:
        summary = (
            "ask for feedback; record the interview first (who you met, what you discussed) "
            "so the request can name it"
        )
        command = f"nextround interview add {app.id} ...  then  nextround ask {tid}"
        return _act(ActionKind.ASK, thread.send_by(), app, thread, summary, command)
    return _act(
        ActionKind.ASK,
        thread.send_by(),
        app,
        thread,
        "ask for feedback while they still remember you",
        f"nextround ask {tid}",
    )


def _user_move(thread: FeedbackThread, app: Application) -> Action | None:
    """The step that waits on the user after an answer, due within a short window."""
    tid = thread.id
    due = thread.act_by()
    if due is None:
        return None
    if thread.state is ThreadState.GENERIC:
        if thread.can(Event.PROBE_SENT):
            return _act(
                ActionKind.PROBE,
                due,
                app,
                thread,
                "the answer was vague: ask what in particular",
                f"nextround probe {tid}",
            )
        return _act(
            ActionKind.DECIDE,
            due,
            app,
            thread,
            "two probes sent: thank them and keep what you learned",
            f"nextround thank {tid}",
        )
    if thread.state is ThreadState.ACTIONABLE:
        return _act(
            ActionKind.DECIDE,
            due,
            app,
            thread,
            "concrete feedback: pitch again, or thank them and keep the lesson",
            f"nextround pitch {tid} --evidence TEXT  or  nextround thank {tid}",
        )
    if thread.state is ThreadState.DECLINED:
        return _act(
            ActionKind.GRACIOUS_CLOSE,
            due,
            app,
            thread,
            "they give no feedback: a gracious close leaves the door open",
            f"nextround close {tid}",
            optional=True,
        )
    return _act(  # NOT_NOW
        ActionKind.DECIDE,
        due,
        app,
        thread,
        "they said not now to your pitch: thank them and keep the lesson",
        f"nextround thank {tid}",
    )


def _waiting_action(thread: FeedbackThread, app: Application) -> Action | None:
    tid = thread.id
    pitched = thread.state is ThreadState.PITCHED
    follow_up = thread.follow_up_due()
    if follow_up is not None:
        return _act(
            ActionKind.FOLLOW_UP,
            follow_up,
            app,
            thread,
            "no answer to your pitch yet: one friendly nudge"
            if pitched
            else "no answer yet: one friendly nudge",
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


def _thread_action(thread: FeedbackThread, app: Application) -> Action | None:
    if thread.state is ThreadState.TO_ASK:
        return _ask_action(thread, app)
    if thread.state.awaits_answer:
        return _waiting_action(thread, app)
    return _user_move(thread, app)


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
    """Everything due, overdue first, then soonest first (``agenda_order``). Waiting
    threads appear once their nudge is due."""
    actions: list[Action] = []
    for thread in threads:
        app = applications.get(thread.application_id)
        if app is None or thread.state.is_closed:
            continue
        action = _thread_action(thread, app)
        if action is None:
            continue
        if thread.state.awaits_answer and action.due > now:
            continue  # waiting threads appear once their nudge (or close) is due
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
    return sorted(actions, key=lambda a: agenda_order(a, now))


def due_steps(
    *, threads: Sequence[FeedbackThread], applications: Mapping[int, Application]
) -> list[Action]:
    """The user's next step on every open thread, whenever it falls due (for a calendar,
    which wants a follow-up next week as much as a request due today)."""
    steps: list[Action] = []
    for thread in threads:
        app = applications.get(thread.application_id)
        if app is None or thread.state.is_closed:
            continue
        action = _thread_action(thread, app)
        if action is not None:
            steps.append(action)
    return sorted(steps, key=lambda a: (a.due, a.application_id))
