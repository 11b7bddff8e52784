"""Read-only views for screens: one call gathers everything a page shows.

A web page (or any other front end) calls one of these, then renders. They
fetch and arrange; the decisions stay in the domain and the other services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from nextround.domain.agenda import Action
from nextround.domain.errors import InvalidInput
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Interview,
    Lesson,
    Message,
    MessageKind,
    StatusChange,
    Tone,
    Transition,
)
from nextround.domain.thread import STATE_WORDS, FeedbackThread, ThreadState
from nextround.drafting import Step
from nextround.services.feedback import DraftResult, request_step, write_draft
from nextround.services.insights import first_steps_in, whats_next_in
from nextround.services.learn import ProposedPoint, review_reply
from nextround.services.record import USER_NAME_KEY
from nextround.store import Database, plain


def judged(message: Message) -> dict[str, Any]:
    """A message's judgement as it stands: the analysis, with the user's correction over it."""
    view: dict[str, Any] = dict(message.analysis or {})
    view.update(message.correction or {})
    if "category" in view:
        view["actionable"] = view["category"] == "actionable"
    return view


@dataclass(frozen=True, slots=True)
class HomeView:
    actions: list[Action]  # the steps shown: all of them, or the first ``limit``
    user_name: str | None
    applications: int
    total: int  # how many steps there are in all (``actions`` may show fewer)
    overdue: int  # of ``total``, how many are past due; they come first


def home(*, db: Database, now: datetime, limit: int | None = None) -> HomeView:
    """What to do now (the first ``limit`` steps, or all), and enough to tell a first
    visit from a quiet day. With a limit, only the steps shown are read."""
    with db.reading() as repo:
        if limit is None:
            actions = whats_next_in(repo, now=now)
            total, overdue = len(actions), sum(1 for a in actions if a.overdue(now))
        else:
            first = first_steps_in(repo, now=now, limit=limit)
            actions, total, overdue = first.actions, first.total, first.overdue
        applications, user_name = plain.applications_and_meta(repo, USER_NAME_KEY)
        return HomeView(
            actions=actions,
            user_name=user_name,
            applications=applications,
            total=total,
            overdue=overdue,
        )


class EntryKind(StrEnum):
    APPLIED = "applied"
    INTERVIEW = "interview"
    MESSAGE = "message"
    STEP = "step"
    STATUS = "status"  # the application's status moved (or, saved, where it started)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated thing on an application's timeline.

    A message the thread moved on carries that ``step``; a step with no
    message (a request implied by a logged call, a close for no response)
    stands alone.
    """

    at: datetime
    kind: EntryKind
    interview: Interview | None = None
    message: Message | None = None
    step: Transition | None = None
    judgement: dict[str, Any] = field(default_factory=dict)
    change: StatusChange | None = None


@dataclass(frozen=True, slots=True)
class ApplicationPage:
    application: Application
    interviews: list[Interview]
    contacts: dict[int, Contact]
    company_contacts: list[Contact]
    thread: FeedbackThread | None
    timeline: list[TimelineEntry]


def _timeline(
    app: Application,
    interviews: list[Interview],
    messages: list[Message],
    thread: FeedbackThread | None,
    history: Sequence[StatusChange] = (),
) -> list[TimelineEntry]:
    steps = list(thread.transitions) if thread else []
    by_message = {s.message_id: s for s in steps if s.message_id is not None}
    entries: list[tuple[datetime, int, TimelineEntry]] = []
    if app.applied_on is not None:  # when it was recorded is not when it was sent
        entries.append(
            (app.applied_on, 0, TimelineEntry(at=app.applied_on, kind=EntryKind.APPLIED))
        )
    for interview in interviews:
        entries.append(
            (
                interview.when,
                1,
                TimelineEntry(at=interview.when, kind=EntryKind.INTERVIEW, interview=interview),
            )
        )
    for message in messages:
        entry = TimelineEntry(
            at=message.at,
            kind=EntryKind.MESSAGE,
            message=message,
            step=by_message.get(message.id) if message.id is not None else None,
            judgement=judged(message) if message.analysis else {},
        )
        entries.append((message.at, 3, entry))
    for step in steps:
        if step.message_id is None:
            entries.append((step.at, 2, TimelineEntry(at=step.at, kind=EntryKind.STEP, step=step)))
    for change in history:
        if change.from_status is None and change.to_status is not ApplicationStatus.SAVED:
            continue  # where it started: the "applied" entry says it when there is a date
        entry = TimelineEntry(at=change.at, kind=EntryKind.STATUS, change=change)
        entries.append((change.at, 4, entry))
    return [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def application_page(*, db: Database, application_id: int) -> ApplicationPage:
    """An application with its interviews, people, messages and thread, as a timeline."""
    with db.reading() as repo:
        found = plain.application_record(repo, application_id)
    return ApplicationPage(
        application=found.application,
        interviews=found.interviews,
        contacts={c.id: c for c in found.met if c.id is not None},
        company_contacts=found.at_company,
        thread=found.thread,
        timeline=_timeline(
            found.application, found.interviews, found.messages, found.thread, found.history
        ),
    )


@dataclass(frozen=True, slots=True)
class ThreadPage:
    thread: FeedbackThread
    application: Application
    messages: list[Message]
    interviewer: Contact | None


def thread_page(*, db: Database, thread_id: int) -> ThreadPage:
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        return ThreadPage(
            thread=thread,
            application=repo.application(thread.application_id),
            messages=repo.messages(thread_id=thread_id),
            interviewer=repo.contact(thread.contact_id) if thread.contact_id else None,
        )


@dataclass(frozen=True, slots=True)
class ReplyPage:
    message: Message
    judgement: dict[str, Any]
    thread: FeedbackThread
    application: Application
    lessons: list[Lesson]
    points: list[ProposedPoint] = field(default_factory=list)


def reply_page(*, db: Database, message_id: int) -> ReplyPage:
    """A logged reply with its judgement (corrections applied) and the lessons kept from it."""
    with db.unit() as repo:
        message = repo.message(message_id)
        if message.kind is not MessageKind.REPLY or message.thread_id is None:
            raise InvalidInput(f"message #{message_id} is not a reply to a feedback request")
        thread = repo.thread(message.thread_id)
        app = repo.application(thread.application_id)
        kept = [
            lesson
            for lesson in repo.lessons()
            if lesson.message_id == message_id
            or any(s.message_id == message_id for s in lesson.sightings)
        ]
    return ReplyPage(
        message=message,
        judgement=judged(message),
        thread=thread,
        application=app,
        lessons=kept,
        points=[] if kept else review_reply(db=db, message_id=message_id),
    )


class DraftNeeds(StrEnum):
    """What the user must give before a draft can be written."""

    NAME = "name"
    EVIDENCE = "evidence"


@dataclass(frozen=True, slots=True)
class DraftPage:
    thread: FeedbackThread
    application: Application
    user_name: str | None
    result: DraftResult | None
    needs: DraftNeeds | None
    step: Step


def draft_page(
    *,
    db: Database,
    thread_id: int,
    step: Step,
    channel: Channel,
    tone: Tone,
    gap: str = "",
    evidence: str = "",
    now: datetime,
) -> DraftPage:
    """The draft for a step, or what is still needed to write it.

    A draft is signed with the user's name and names something from the
    interview; a re-pitch also needs the user's evidence.
    """
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        app = repo.application(thread.application_id)
        user = repo.get_meta(USER_NAME_KEY)
    step = request_step(thread, step)  # no interview recorded: the screening request
    needs = None
    if not user:
        needs = DraftNeeds.NAME
    elif step is Step.PITCH and not evidence.strip():
        needs = DraftNeeds.EVIDENCE
    result = None
    if needs is None:
        result = write_draft(
            db=db,
            thread_id=thread_id,
            step=step,
            channel=channel,
            tone=tone,
            gap=gap,
            evidence=evidence,
            now=now,
        )
        thread = result.thread
    return DraftPage(
        thread=thread, application=app, user_name=user, result=result, needs=needs, step=step
    )


@dataclass(frozen=True, slots=True)
class BoardView:
    applications: list[Application]
    feedback: dict[int, str]  # application id -> where its feedback stands, in words
    query: str


def _feedback_words(thread: FeedbackThread, kept_lesson: bool) -> str:
    if kept_lesson and thread.state.is_closed:
        return "lesson kept"
    if thread.state is ThreadState.TO_ASK:
        return f"ask by {thread.send_by():%a %d %b}"
    if kept_lesson:
        return f"lesson kept · {STATE_WORDS[thread.state]}"
    return STATE_WORDS[thread.state]


def board(*, db: Database, status: ApplicationStatus | None = None, query: str = "") -> BoardView:
    """The applications (those matching ``query`` in company, role, source or notes), each
    with where its feedback stands."""
    words = query.lower().split()
    with db.unit() as repo:
        apps = repo.applications(status=status)
        threads = {t.application_id: t for t in repo.threads()}
        with_lessons = {lesson.application_id for lesson in repo.lessons()}
    if words:
        apps = [
            a
            for a in apps
            if all(w in f"{a.company} {a.role} {a.source} {a.notes}".lower() for w in words)
        ]
    feedback = {
        a.id: _feedback_words(threads[a.id], a.id in with_lessons)
        for a in apps
        if a.id is not None and a.id in threads
    }
    return BoardView(applications=apps, feedback=feedback, query=query.strip())
