"""Where the user stands: profile, the brief before an interview, what to do next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from nextround.domain.agenda import BRIEF_DAYS_AHEAD, Action, next_actions
from nextround.domain.errors import InvalidInput
from nextround.domain.insights import Profile, build_profile
from nextround.domain.model import (
    Application,
    Direction,
    Interview,
    Lesson,
    LessonStatus,
    Message,
    Polarity,
)
from nextround.store import plain

if TYPE_CHECKING:
    from nextround.store import Database, Repository


def profile(*, db: Database) -> Profile:
    with db.unit() as repo:
        return profile_in(repo)


def profile_in(repo: Repository) -> Profile:
    """The profile, read inside a unit of work already open (one transaction)."""
    return build_profile(
        lessons=repo.lessons(),
        interviews=repo.interviews(),
        threads=repo.threads(),
        messages=repo.messages(),
    )


def whats_next(*, db: plain.Reads, now: datetime) -> list[Action]:
    """What to do now, soonest first. ``db`` is a ``Database`` (any database, scoped to
    its user) or, for a local file at the newest schema, a plain ``sqlite3`` reader."""
    with db.reading() as rows:
        return whats_next_in(rows, now=now)


def whats_next_in(rows: plain.Rows, *, now: datetime) -> list[Action]:
    """What to do next, read inside a unit of work already open (one transaction; a
    ``Repository`` is one)."""
    threads = plain.open_threads(rows)
    interviews = plain.interviews_after(rows, now)
    apps = {a.id: a for a in plain.agenda_applications(rows, now)}
    return next_actions(
        threads=threads,
        interviews=interviews,
        applications={k: v for k, v in apps.items() if k is not None},
        now=now,
    )


@dataclass(frozen=True, slots=True)
class FirstSteps:
    """The first steps of what to do next, and how many there are in all."""

    actions: list[Action]  # at most the limit asked for, in ``next_actions``' order
    total: int  # every step ``whats_next`` would list
    overdue: int  # of ``total``, how many are past due (all of them come first)


def first_steps_in(rows: plain.Rows, *, now: datetime, limit: int) -> FirstSteps:
    """The first ``limit`` steps of ``whats_next_in`` and the counts of all of them.

    The database counts the steps and hands over the first ones in order
    (``store.plain.due_counts``, ``due_threads``): only the threads and
    interviews shown are read, however many are open.
    """
    until = now + timedelta(days=BRIEF_DAYS_AHEAD)
    counts = plain.due_counts(rows, now, until)
    take, coming = counts.plan(limit)
    threads = plain.due_threads(rows, now, take)
    interviews = plain.interviews_between(rows, now, until, coming)
    ids = [t.application_id for t in threads] + [i.application_id for i in interviews]
    apps = {a.id: a for a in plain.applications_by_id(rows, ids) if a.id is not None}
    actions = next_actions(threads=threads, interviews=interviews, applications=apps, now=now)
    return FirstSteps(actions=actions[:limit], total=counts.total, overdue=counts.overdue)


@dataclass(frozen=True, slots=True)
class Brief:
    application: Application
    interview: Interview | None
    interviewers: tuple[str, ...]
    talking_points: tuple[str, ...]  # this interview's own
    to_apply: tuple[Lesson, ...]
    strengths: tuple[Lesson, ...]
    company_said: tuple[Message, ...]
    earlier_talking_points: tuple[str, ...]


def brief(
    *, db: Database, interview_id: int | None = None, application_id: int | None = None
) -> Brief:
    """What to carry into an interview: open lessons, strengths, the company's past words."""
    if (interview_id is None) == (application_id is None):
        raise InvalidInput("brief needs an interview id, or --app with an application id")
    with db.unit() as repo:
        interview = repo.interview(interview_id) if interview_id is not None else None
        app_id = interview.application_id if interview else application_id
        assert app_id is not None
        app = repo.application(app_id)
        names = (
            tuple(c.name for c in repo.contacts_by_id(interview.contact_ids)) if interview else ()
        )
        lessons = repo.lessons()
        same_company = [a for a in repo.applications(company=app.company)]
        said: list[Message] = []
        points: list[str] = []
        for other in same_company:
            assert other.id is not None
            said += [
                m
                for m in repo.messages(application_id=other.id)
                if m.direction is Direction.RECEIVED
            ]
            for past in repo.interviews(application_id=other.id):
                if interview is None or past.id != interview.id:
                    points += past.talking_points
    open_weak = lessons_to_apply(lessons)
    strengths = strengths_to_lean_on(lessons)
    own = tuple(dict.fromkeys(interview.talking_points)) if interview else ()
    return Brief(
        application=app,
        interview=interview,
        interviewers=names,
        talking_points=own,
        to_apply=open_weak,
        strengths=strengths,
        company_said=tuple(said),
        earlier_talking_points=tuple(p for p in dict.fromkeys(points) if p not in own),
    )


def lessons_to_apply(lessons: Sequence[Lesson]) -> tuple[Lesson, ...]:
    """Weaknesses not yet resolved: open before practising, the most raised first."""
    return _distinct(
        sorted(
            (
                lesson
                for lesson in lessons
                if lesson.polarity is Polarity.WEAKNESS
                and lesson.status is not LessonStatus.RESOLVED
            ),
            key=lambda lesson: (
                lesson.status is not LessonStatus.OPEN,
                -lesson.raised_by,
                -(lesson.id or 0),
            ),
        )
    )


def strengths_to_lean_on(lessons: Sequence[Lesson]) -> tuple[Lesson, ...]:
    """Strengths, the most often praised first."""
    return _distinct(
        sorted(
            (lesson for lesson in lessons if lesson.polarity is Polarity.STRENGTH),
            key=lambda lesson: (-lesson.raised_by, -(lesson.id or 0)),
        )
    )


def _distinct(lessons: Sequence[Lesson]) -> tuple[Lesson, ...]:
    """One lesson per point, even if older data kept the same point twice."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for lesson in lessons:
        key = (
            lesson.theme.value,
            lesson.polarity.value,
            " ".join(lesson.statement.lower().split()),
        )
        if key not in seen:
            seen.add(key)
            kept.append(lesson)
    return tuple(kept)
