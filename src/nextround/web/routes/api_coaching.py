"""JSON API: sharing your work with a coach, and what a coach may read of it.

A coach reads a consenting student's applications, threads and lessons
read-only; without consent the student is 404 like an id that names nobody.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from nextround.services import coaching
from nextround.web.context import Ctx
from nextround.web.forms import MAX_ID
from nextround.web.links import action_page
from nextround.web.routes.api_records import ERRORS
from nextround.web.routes.common import AppId, LessonId, ThreadId
from nextround.web.schemas import (
    ActionOut,
    ApplicationDetailOut,
    ApplicationOut,
    CoachOut,
    CohortOut,
    CommentIn,
    CommentOut,
    DraftCommentIn,
    DraftCommentOut,
    LessonOut,
    ProfileOut,
    ShareIn,
    ShareOut,
    StudentDashboardOut,
    StudentOut,
    ThreadOut,
)

router = APIRouter(prefix="/api", responses=ERRORS)
StudentId = Annotated[int, Path(ge=1, le=MAX_ID, description="The student's user id.")]
CoachId = Annotated[int, Path(ge=1, le=MAX_ID, description="The coach's user id.")]


def _share(s: coaching.Share) -> ShareOut:
    return ShareOut(coach=CoachOut(id=s.coach.id, email=s.coach.email), since=s.since)


@router.get("/coaches", tags=["coaching"])
def list_coaches(ctx: Ctx) -> list[CoachOut]:
    """The coaches on this server you may share your work with."""
    return [CoachOut(id=c.id, email=c.email) for c in coaching.coaches(db=ctx.db)]


@router.get("/shares", tags=["coaching"])
def list_shares(ctx: Ctx) -> list[ShareOut]:
    """The coaches who may read your work now."""
    return [_share(s) for s in coaching.my_shares(db=ctx.db)]


@router.post("/shares", tags=["coaching"], status_code=201)
def add_share(ctx: Ctx, body: ShareIn) -> ShareOut:
    """Let a coach read your work (read-only) until you revoke it."""
    return _share(coaching.share_with(db=ctx.db, coach=body.coach_email, now=ctx.now()))


@router.delete("/shares/{coach_id}", tags=["coaching"], status_code=204)
def delete_share(ctx: Ctx, coach_id: CoachId) -> Response:
    """Revoke: the coach sees nothing of your work from now on."""
    coaching.revoke(db=ctx.db, coach_id=coach_id)
    return Response(status_code=204)


@router.get("/coach/cohort", tags=["coaching"])
def cohort(ctx: Ctx) -> CohortOut:
    """For a coach: which themes come up most across the students who share their work
    with you (an administrator: every student). Counts only: no names, no texts."""
    return CohortOut.of(coaching.cohort(db=ctx.db))


@router.get("/coach/students", tags=["coaching"])
def list_students(ctx: Ctx) -> list[StudentOut]:
    """For a coach: the students who share their work with you."""
    return [
        StudentOut(id=s.student.id, email=s.student.email, since=s.since)
        for s in coaching.students(db=ctx.db)
    ]


@router.get("/coach/students/{student_id}", tags=["coaching"])
def student_dashboard(ctx: Ctx, student_id: StudentId) -> StudentDashboardOut:
    """For a coach: a student's open feedback threads, steps due, lessons and themes."""
    now = ctx.now()
    seen = coaching.student(db=ctx.db, student_id=student_id, now=now)
    return StudentDashboardOut(
        student=StudentOut(id=seen.student.id, email=seen.student.email, since=seen.since),
        open_threads=[ThreadOut.of(t) for t in seen.open_threads],
        due=[ActionOut.of(a, now=now, page=action_page(a)) for a in seen.due],
        lessons=[LessonOut.model_validate(lesson) for lesson in seen.lessons],
        profile=ProfileOut.of(seen.profile),
    )


@router.get("/coach/students/{student_id}/applications", tags=["coaching"])
def student_applications(ctx: Ctx, student_id: StudentId) -> list[ApplicationOut]:
    """For a coach: a student's applications, read-only."""
    board = coaching.student_applications(db=ctx.db, student_id=student_id)
    return [ApplicationOut.model_validate(a) for a in board.applications]


@router.get("/coach/students/{student_id}/applications/{app_id}", tags=["coaching"])
def student_application(ctx: Ctx, student_id: StudentId, app_id: AppId) -> ApplicationDetailOut:
    """For a coach: one of a student's applications with its thread and messages, read-only."""
    view = coaching.student_application_detail(
        db=ctx.db, student_id=student_id, application_id=app_id
    )
    return ApplicationDetailOut.of(view)


@router.get("/coach/students/{student_id}/threads/{thread_id}", tags=["coaching"])
def student_thread(ctx: Ctx, student_id: StudentId, thread_id: ThreadId) -> ThreadOut:
    """For a coach: one of a student's feedback threads, read-only."""
    page = coaching.student_thread(db=ctx.db, student_id=student_id, thread_id=thread_id)
    return ThreadOut.of(page.thread)


@router.post(
    "/coach/students/{student_id}/lessons/{lesson_id}/comments",
    tags=["coaching"],
    status_code=201,
)
def comment(ctx: Ctx, student_id: StudentId, lesson_id: LessonId, body: CommentIn) -> CommentOut:
    """For a coach: a comment on a student's lesson; the student sees it with the lesson."""
    said = coaching.comment_on_lesson(
        db=ctx.db, student_id=student_id, lesson_id=lesson_id, text=body.text, now=ctx.now()
    )
    return CommentOut(
        id=said.id,
        lesson_id=said.lesson_id,
        coach_email=said.coach_email,
        text=said.text,
        at=said.at,
    )


@router.post(
    "/coach/students/{student_id}/threads/{thread_id}/comments",
    tags=["coaching"],
    status_code=201,
)
def comment_on_draft(
    ctx: Ctx, student_id: StudentId, thread_id: ThreadId, body: DraftCommentIn
) -> DraftCommentOut:
    """For a coach: a comment on the draft for one step of a student's feedback thread;
    the student sees it beside that draft."""
    said = coaching.comment_on_draft(
        db=ctx.db,
        student_id=student_id,
        thread_id=thread_id,
        step=body.step,
        text=body.text,
        now=ctx.now(),
    )
    return DraftCommentOut.model_validate(said)


@router.get("/coach/students/{student_id}/threads/{thread_id}/comments", tags=["coaching"])
def student_draft_comments(
    ctx: Ctx, student_id: StudentId, thread_id: ThreadId
) -> list[DraftCommentOut]:
    """For a coach: the comments on a consenting student's drafts of one thread."""
    shown = coaching.student_thread_for_coach(db=ctx.db, student_id=student_id, thread_id=thread_id)
    return [DraftCommentOut.model_validate(c) for c in shown.comments]


@router.get("/threads/{thread_id}/comments", tags=["feedback loop"])
def draft_comments(ctx: Ctx, thread_id: ThreadId) -> list[DraftCommentOut]:
    """Your coaches' comments on the drafts of one of your feedback threads."""
    return [
        DraftCommentOut.model_validate(c)
        for c in coaching.draft_comments_on(db=ctx.db, thread_id=thread_id)
    ]


@router.get("/lessons/{lesson_id}/comments", tags=["lessons"])
def lesson_comments(ctx: Ctx, lesson_id: LessonId) -> list[CommentOut]:
    """Your coaches' comments on one of your lessons."""
    return [
        CommentOut(id=c.id, lesson_id=c.lesson_id, coach_email=c.coach_email, text=c.text, at=c.at)
        for c in coaching.comments_on(db=ctx.db, lesson_id=lesson_id)
    ]
