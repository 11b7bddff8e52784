"""Calendar events: what the user's calendar should show, and how each event changed.

Pure functions over domain objects. ``plan_events`` says what the calendar
should hold now: an event per interview (from ``KEEP_DAYS`` ago on) and one per
feedback step that falls due. ``reconcile`` compares that with what was
exported before (one ``StoredEvent`` per UID) and gives each event the
SEQUENCE a calendar needs to take an update: unchanged events keep theirs, a
changed one goes up by one, and an event that vanished (the interview was
removed, the step was done) is sent again as cancelled, so that a calendar
that imported it takes it off instead of keeping a stale reminder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from nextround.domain.agenda import Action, ActionKind, due_steps
from nextround.domain.model import Application, Interview, Lesson
from nextround.domain.thread import FeedbackThread

KEEP_DAYS = 30  # past events stay in the feed this long, so a calendar does not drop them
INTERVIEW_MINUTES = 60
ALARM_MINUTES = 60  # an hour before an interview: time to read the brief
BRIEF_LINES = 3

_STEP_TITLES: dict[ActionKind, str] = {
    ActionKind.ASK: "Ask {company} for feedback",
    ActionKind.FOLLOW_UP: "Follow up with {company}",
    ActionKind.PROBE: "Ask {company} what in particular",
    ActionKind.DECIDE: "Decide on {company}'s feedback",
    ActionKind.CLOSE: "Close the feedback request to {company}",
    ActionKind.GRACIOUS_CLOSE: "A gracious close to {company}",
}


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One event as the calendar should show it. Times are naive local times."""

    uid: str
    title: str
    starts_at: datetime
    all_day: bool
    minutes: int = INTERVIEW_MINUTES
    description: str = ""
    attendees: tuple[tuple[str, str], ...] = ()  # (name, email) of those with an address
    alarm_minutes: int | None = None

    def content_hash(self) -> str:
        """A digest of everything a calendar shows, so any change bumps the SEQUENCE."""
        data = [
            self.title,
            self.starts_at.isoformat(),
            self.all_day,
            self.minutes,
            self.description,
            [list(pair) for pair in self.attendees],
            self.alarm_minutes,
        ]
        return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """What an event said when it was last exported."""

    uid: str
    content_hash: str
    sequence: int
    cancelled: bool
    title: str
    starts_at: datetime
    all_day: bool
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """An event ready to write: its content, SEQUENCE, whether cancelled, DTSTAMP."""

    event: PlannedEvent
    sequence: int
    cancelled: bool
    stamp: datetime


@dataclass(frozen=True, slots=True)
class Reconciled:
    events: tuple[CalendarEvent, ...]
    save: tuple[StoredEvent, ...]  # new or changed records of what was exported
    forget: tuple[str, ...]  # UIDs past KEEP_DAYS: no longer sent, no longer tracked


def brief_highlights(
    *, to_apply: Sequence[Lesson], strengths: Sequence[Lesson], talking_points: Sequence[str]
) -> tuple[str, ...]:
    """The brief's three most useful lines: the first lesson to apply, the strength to lean
    on, a point to bring up; when one kind is missing, the next of the others fills in."""
    pools = [
        [f"Apply: {lesson.statement}" for lesson in to_apply],
        [f"Lean on: {lesson.statement}" for lesson in strengths],
        [f"Bring up: {point}" for point in talking_points],
    ]
    lines: list[str] = []
    depth = 0
    while len(lines) < BRIEF_LINES and any(len(pool) > depth for pool in pools):
        for pool in pools:
            if depth < len(pool) and len(lines) < BRIEF_LINES:
                lines.append(pool[depth])
        depth += 1
    return tuple(lines)


def _round_name(stage: str) -> str:
    return stage if "interview" in stage.lower() else f"{stage} interview"


def _interview_event(
    interview: Interview,
    app: Application,
    people: Sequence[tuple[str, str]],
    highlights: Sequence[str],
    suffix: str,
) -> PlannedEvent:
    lines = [f"{app.company}: {app.role}", _round_name(interview.stage).capitalize()]
    if people:
        lines[-1] += f" with {', '.join(name for name, _ in people)}"
    if highlights:
        lines += ["", "From your brief:", *(f"- {line}" for line in highlights)]
    lines += ["", f"The whole brief: nextround brief {interview.id}"]
    return PlannedEvent(
        uid=f"interview-{interview.id}.{suffix}@nextround",
        title=f"{_round_name(interview.stage).capitalize()}: {app.company}",
        starts_at=interview.when,
        all_day=False,
        description="\n".join(lines),
        attendees=tuple((name, email) for name, email in people if email),
        alarm_minutes=ALARM_MINUTES,
    )


def _step_event(action: Action, thread: FeedbackThread, suffix: str) -> PlannedEvent:
    # the UID names the step the due date is counted from: once that step is done the
    # event is cancelled, and the next one is a new event
    step = len(thread.transitions)
    title = _STEP_TITLES[action.kind].format(company=action.company)
    return PlannedEvent(
        uid=f"thread-{thread.id}-{action.kind.value}-{step}.{suffix}@nextround",
        title=title,
        starts_at=datetime.combine(action.due.date(), datetime.min.time()),
        all_day=True,
        minutes=24 * 60,
        description=(
            f"{action.company}: {action.role}\n{action.summary}\n\n"
            f"Due {action.due:%Y-%m-%d %H:%M}. In nextround: {action.command}"
        ),
    )


def plan_events(
    *,
    interviews: Sequence[Interview],
    threads: Sequence[FeedbackThread],
    applications: Mapping[int, Application],
    people: Mapping[int, Sequence[tuple[str, str]]],
    highlights: Mapping[int, Sequence[str]],
    now: datetime,
    suffix: str,
) -> list[PlannedEvent]:
    """What the calendar should hold: interviews from KEEP_DAYS ago on, and every open
    feedback step. ``people`` ((name, email) pairs) and ``highlights`` are keyed by
    interview id; ``suffix``
    keeps one database's UIDs apart from another's."""
    since = now - timedelta(days=KEEP_DAYS)
    planned: list[PlannedEvent] = []
    for interview in interviews:
        app = applications.get(interview.application_id)
        if app is None or interview.id is None or interview.when < since:
            continue
        planned.append(
            _interview_event(
                interview,
                app,
                people.get(interview.id, ()),
                highlights.get(interview.id, ()),
                suffix,
            )
        )
    by_id = {t.id: t for t in threads}
    for action in due_steps(threads=threads, applications=applications):
        thread = by_id[action.thread_id]
        if action.due >= since:
            planned.append(_step_event(action, thread, suffix))
    return planned


def reconcile(
    planned: Sequence[PlannedEvent], stored: Sequence[StoredEvent], *, now: datetime
) -> Reconciled:
    """Give each event its SEQUENCE and DTSTAMP against what was exported before."""
    before = {s.uid: s for s in stored}
    events: list[CalendarEvent] = []
    save: list[StoredEvent] = []
    for event in planned:
        digest = event.content_hash()
        old = before.get(event.uid)
        if old is not None and not old.cancelled and old.content_hash == digest:
            events.append(CalendarEvent(event, old.sequence, cancelled=False, stamp=old.changed_at))
            continue
        sequence = 0 if old is None else old.sequence + 1
        events.append(CalendarEvent(event, sequence, cancelled=False, stamp=now))
        save.append(
            StoredEvent(
                uid=event.uid,
                content_hash=digest,
                sequence=sequence,
                cancelled=False,
                title=event.title,
                starts_at=event.starts_at,
                all_day=event.all_day,
                changed_at=now,
            )
        )
    current = {e.uid for e in planned}
    forget: list[str] = []
    since = now - timedelta(days=KEEP_DAYS)
    for old in stored:
        if old.uid in current:
            continue
        if old.starts_at < since:
            forget.append(old.uid)
            continue
        if not old.cancelled:
            old = StoredEvent(
                uid=old.uid,
                content_hash=old.content_hash,
                sequence=old.sequence + 1,
                cancelled=True,
                title=old.title,
                starts_at=old.starts_at,
                all_day=old.all_day,
                changed_at=now,
            )
            save.append(old)
        gone = PlannedEvent(
            uid=old.uid,
            title=old.title,
            starts_at=old.starts_at,
            all_day=old.all_day,
            minutes=24 * 60 if old.all_day else INTERVIEW_MINUTES,
        )
        events.append(CalendarEvent(gone, old.sequence, cancelled=True, stamp=old.changed_at))
    events.sort(key=lambda e: (e.event.starts_at, e.event.uid))
    return Reconciled(events=tuple(events), save=tuple(save), forget=tuple(forget))


@dataclass(frozen=True, slots=True)
class Invitation:
    """A calendar invitation as read from a .ics file; times are naive local times."""

    uid: str
    sequence: int
    summary: str
    starts_at: datetime
    organizer_email: str = ""
    organizer_name: str = ""
    attendees: tuple[tuple[str, str], ...] = ()  # (name, email) each
    location: str = ""
    description: str = ""
    cancelled: bool = False
