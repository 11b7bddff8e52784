"""Coaches, with consent: a student shares their work with a coach, and can take it back.

A coach reads a consenting student's work through the same services the
student uses, with the database seen as that student, read-only
(``Database.as_coach_of``): the student's rows only, no write of any kind
(``NotAllowed``, 403 on the web), and only while the consent stands, checked
again in every unit of work. Without consent a student is "not found" to a
coach, exactly like an id that names nobody. The one thing a coach writes is
a comment on a student's lesson or draft, which the student sees there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from nextround.domain.accounts import (
    DraftComment,
    LessonComment,
    Role,
    Share,
    User,
    comment_text,
    normal_email,
)
from nextround.domain.agenda import Action, Urgency
from nextround.domain.cohort import Cohort
from nextround.domain.cohort import cohort as ranked_cohort
from nextround.domain.drafts import Step
from nextround.domain.errors import InvalidInput, NotAllowed, NotFound
from nextround.domain.insights import Profile
from nextround.domain.model import Channel, Lesson, Tone
from nextround.domain.thread import FeedbackThread
from nextround.services.feedback import steps_to_draft
from nextround.services.insights import profile_in, whats_next_in
from nextround.services.overview import ApplicationOverview, application_overview
from nextround.services.views import (
    ApplicationPage,
    BoardView,
    DraftPage,
    ThreadPage,
    application_page,
    board,
    draft_page,
    thread_page,
)
from nextround.store import Database

log = logging.getLogger(__name__)

SERVER_ONLY = "coaches and sharing belong to a multi-user server (serve --multi-user)"
DUE_NOW = (Urgency.OVERDUE, Urgency.DUE)


def _me(db: Database) -> int:
    if db.owner is None or db.read_only:
        raise InvalidInput(SERVER_ONLY)
    return db.owner


def _coach(repo_user: User | None, email: str) -> User:
    if repo_user is None or repo_user.role is not Role.COACH:
        raise InvalidInput(f"{email} is not a coach on this server")
    if repo_user.disabled:
        raise InvalidInput(f"{email} is disabled; ask your administrator")
    return repo_user


# -- sharing: the whole server (the CLI) ------------------------------------------------


def share(*, db: Database, student: str, coach: str, now: datetime) -> tuple[Share, bool]:
    """Let ``coach`` read ``student``'s work; whether it is new (the CLI, for an admin)."""
    with db.unit() as repo:
        pupil = repo.accounts.user(normal_email(student))
        if pupil.role is not Role.STUDENT:
            raise InvalidInput(f"{pupil.email} is not a student (a {pupil.role.value})")
        teacher = _coach(repo.accounts.user(normal_email(coach)), coach.strip().lower())
        new = repo.accounts.add_share(student_id=pupil.id, coach_id=teacher.id, now=now)
        found = repo.accounts.shares(student_id=pupil.id, coach_id=teacher.id)
    log.info("%s shares with coach %s", pupil.email, teacher.email)
    return found[0], new


def unshare(*, db: Database, student: str, coach: str) -> bool:
    """Take ``coach``'s access to ``student``'s work away; whether there was any."""
    with db.unit() as repo:
        pupil = repo.accounts.user(normal_email(student))
        teacher = repo.accounts.user(normal_email(coach))
        ended = repo.accounts.end_share(student_id=pupil.id, coach_id=teacher.id)
    log.info("%s no longer shares with coach %s", pupil.email, teacher.email)
    return ended


def all_shares(*, db: Database) -> list[Share]:
    with db.unit() as repo:
        return repo.accounts.shares()


# -- sharing: the signed-in student -------------------------------------------------------


def coaches(*, db: Database) -> list[User]:
    """The coaches on this server a signed-in person may share with (enabled ones)."""
    me = _me(db)
    with db.unit() as repo:
        return [
            u
            for u in repo.accounts.users()
            if u.role is Role.COACH and not u.disabled and u.id != me
        ]


def my_shares(*, db: Database) -> list[Share]:
    """The coaches the signed-in person shares their work with now."""
    me = _me(db)
    with db.unit() as repo:
        return repo.accounts.shares(student_id=me)


def share_with(*, db: Database, coach: str, now: datetime) -> Share:
    """The signed-in student lets a coach (by email) read their work."""
    me = _me(db)
    with db.unit() as repo:
        self_ = repo.accounts.user_by_id(me)
        if self_ is None or self_.role is not Role.STUDENT:
            raise NotAllowed("only students share their work with a coach")
        try:
            found = repo.accounts.user(normal_email(coach))
        except InvalidInput:
            found = None
        teacher = _coach(found, coach.strip()[:80])
        repo.accounts.add_share(student_id=me, coach_id=teacher.id, now=now)
        return repo.accounts.shares(student_id=me, coach_id=teacher.id)[0]


def revoke(*, db: Database, coach_id: int) -> None:
    """The signed-in student takes a coach's access away, at once."""
    me = _me(db)
    with db.unit() as repo:
        if not repo.accounts.end_share(student_id=me, coach_id=coach_id):
            raise NotFound("coach you share with", coach_id)
    log.info("user %d no longer shares with coach %d", me, coach_id)


# -- what a coach sees ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StudentSummary:
    """One consenting student on a coach's dashboard."""

    student: User
    since: datetime
    open_threads: list[FeedbackThread]
    companies: dict[int, str]  # application id -> company, to name the threads
    due: list[Action]  # steps due today or overdue
    lessons: list[Lesson]
    profile: Profile


def _students(db: Database) -> list[Share]:
    me = _me(db)
    with db.unit() as repo:
        return repo.accounts.shares(coach_id=me)


def students(*, db: Database) -> list[Share]:
    """The students who share their work with the signed-in coach."""
    return [s for s in _students(db) if not s.student.disabled]


def _summary(view: Database, share_: Share, now: datetime) -> StudentSummary:
    """One student's summary in one unit of work: the consent checked once, in the same
    transaction as every read (``Database.unit``), so it is all or nothing."""
    with view.unit() as repo:
        threads = repo.threads(open_only=True)
        apps = repo.applications()
        due = [a for a in whats_next_in(repo, now=now) if a.urgency(now) in DUE_NOW]
        lessons = repo.lessons()
        standing = profile_in(repo)
    return StudentSummary(
        student=share_.student,
        since=share_.since,
        open_threads=threads,
        companies={a.id: a.company for a in apps if a.id is not None},
        due=due,
        lessons=lessons,
        profile=standing,
    )


def dashboard(*, db: Database, now: datetime) -> list[StudentSummary]:
    """Every consenting student of the signed-in coach, each as the coach may see them:
    one unit of work per student, which checks that student's consent first."""
    shown = []
    for each in students(db=db):
        view = db.as_coach_of(each.student.id, check_now=False)
        try:
            shown.append(_summary(view, each, now))
        except NotFound:
            continue  # revoked a moment ago
    return shown


def _share_of(db: Database, student_id: int) -> Share:
    for each in students(db=db):
        if each.student.id == student_id:
            return each
    raise NotFound("student", student_id)


def student(*, db: Database, student_id: int, now: datetime) -> StudentSummary:
    """One consenting student's dashboard; "not found" without consent."""
    view = db.as_coach_of(student_id)
    return _summary(view, _share_of(db, student_id), now)


def student_applications(*, db: Database, student_id: int) -> BoardView:
    return board(db=db.as_coach_of(student_id))


def student_application(*, db: Database, student_id: int, application_id: int) -> ApplicationPage:
    return application_page(db=db.as_coach_of(student_id), application_id=application_id)


def student_application_detail(
    *, db: Database, student_id: int, application_id: int
) -> ApplicationOverview:
    return application_overview(db=db.as_coach_of(student_id), application_id=application_id)


def student_thread(*, db: Database, student_id: int, thread_id: int) -> ThreadPage:
    return thread_page(db=db.as_coach_of(student_id), thread_id=thread_id)


@dataclass(frozen=True, slots=True)
class CoachThread:
    """A student's feedback thread as their coach reads it: the messages, the drafts
    the student can send now, and the coaches' comments on its drafts."""

    page: ThreadPage
    drafts: list[Step]
    comments: list[DraftComment]


def student_thread_for_coach(*, db: Database, student_id: int, thread_id: int) -> CoachThread:
    view = db.as_coach_of(student_id)
    page = thread_page(db=view, thread_id=thread_id)
    return CoachThread(
        page=page,
        drafts=steps_to_draft(page.thread),
        comments=_draft_comments(view, thread_id),
    )


def student_draft(
    *,
    db: Database,
    student_id: int,
    thread_id: int,
    step: Step,
    channel: Channel,
    tone: Tone,
    now: datetime,
) -> DraftPage:
    """The draft a consenting student would get for ``step``, read by their coach."""
    return draft_page(
        db=db.as_coach_of(student_id),
        thread_id=thread_id,
        step=step,
        channel=channel,
        tone=tone,
        now=now,
    )


def student_email(*, db: Database, student_id: int) -> str:
    return _share_of(db, student_id).student.email


# -- a cohort: counts only --------------------------------------------------------------------


def cohort(*, db: Database) -> Cohort:
    """Which themes come up most across the signed-in coach's consenting students (an
    administrator: every student), counts only: no name, no text."""
    me = _me(db)
    if db.dialect != "postgresql":
        raise InvalidInput(SERVER_ONLY)
    with db.unit() as repo:
        self_ = repo.accounts.user_by_id(me)
        if self_ is None or self_.role not in (Role.COACH, Role.ADMIN):
            raise NotAllowed("only coaches and administrators see a cohort")
        size, themes = repo.accounts.cohort()
    return ranked_cohort(size, themes)


# -- a coach's one write: a comment on a student's lesson -----------------------------------


def comment_on_lesson(
    *, db: Database, student_id: int, lesson_id: int, text: str, now: datetime
) -> LessonComment:
    """A consenting student's coach comments on one of their lessons."""
    said = comment_text(text)
    coach = _me(db)
    view = db.as_coach_of(student_id)
    with view.unit() as repo:
        repo.lesson(lesson_id)  # the student's, or "not found"
    with db.unit() as repo:
        if not repo.accounts.shared(student_id=student_id, coach_id=coach):
            raise NotFound("student", student_id)
        ident = repo.accounts.add_comment(
            owner_id=student_id, coach_id=coach, lesson_id=lesson_id, text=said, now=now
        )
        return next(
            c
            for c in repo.accounts.comments(owner_id=student_id, lesson_ids=[lesson_id])
            if c.id == ident
        )


def comment_on_draft(
    *, db: Database, student_id: int, thread_id: int, step: Step, text: str, now: datetime
) -> DraftComment:
    """A consenting student's coach comments on the draft for ``step`` of one of their
    feedback threads. The comment stays with the thread: if the student sends the
    draft (or the thread moves on) meanwhile, they still see it there."""
    said = comment_text(text)
    coach = _me(db)
    view = db.as_coach_of(student_id)
    with view.unit() as repo:
        repo.thread(thread_id)  # the student's, or "not found"
    with db.unit() as repo:
        if not repo.accounts.shared(student_id=student_id, coach_id=coach):
            raise NotFound("student", student_id)
        ident = repo.accounts.add_draft_comment(
            owner_id=student_id,
            coach_id=coach,
            thread_id=thread_id,
            step=step.value,
            text=said,
            now=now,
        )
        return next(
            c
            for c in repo.accounts.draft_comments(owner_id=student_id, thread_ids=[thread_id])
            if c.id == ident
        )


def draft_comments_on(*, db: Database, thread_id: int) -> list[DraftComment]:
    """Coaches' comments on the drafts of one of the signed-in person's feedback threads
    ("not found" if not theirs; none in the local app)."""
    return _draft_comments(db, thread_id)


def _draft_comments(db: Database, thread_id: int) -> list[DraftComment]:
    with db.unit() as repo:
        repo.thread(thread_id)
        return repo.accounts.draft_comments(owner_id=db.owner, thread_ids=[thread_id])


def comments_on(*, db: Database, lesson_id: int) -> list[LessonComment]:
    """Coaches' comments on one of the signed-in person's lessons ("not found" if not theirs)."""
    with db.unit() as repo:
        repo.lesson(lesson_id)
    return lesson_comments(db=db, lesson_ids=[lesson_id]).get(lesson_id, [])


def student_lesson_comments(*, db: Database, student_id: int) -> dict[int, list[LessonComment]]:
    """Every coach's comments on a consenting student's lessons, for that student's coach."""
    view = db.as_coach_of(student_id)
    with view.unit() as repo:
        ids = [lesson.id for lesson in repo.lessons() if lesson.id is not None]
    return lesson_comments(db=view, lesson_ids=ids)


def lesson_comments(*, db: Database, lesson_ids: list[int]) -> dict[int, list[LessonComment]]:
    """Coaches' comments on these lessons of the database's owner (none in the local app)."""
    with db.unit() as repo:
        found = repo.accounts.comments(owner_id=db.owner, lesson_ids=lesson_ids)
    grouped: dict[int, list[LessonComment]] = {}
    for comment in found:
        grouped.setdefault(comment.lesson_id, []).append(comment)
    return grouped


__all__ = [
    "CoachThread",
    "Share",
    "StudentSummary",
    "all_shares",
    "coaches",
    "cohort",
    "comment_on_draft",
    "comment_on_lesson",
    "comments_on",
    "dashboard",
    "draft_comments_on",
    "lesson_comments",
    "my_shares",
    "revoke",
    "share",
    "share_with",
    "student",
    "student_application",
    "student_application_detail",
    "student_applications",
    "student_draft",
    "student_email",
    "student_lesson_comments",
    "student_thread",
    "student_thread_for_coach",
    "students",
    "unshare",
]
