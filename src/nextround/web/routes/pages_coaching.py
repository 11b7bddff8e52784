"""Pages: sharing your work with a coach, and a coach's view of their students."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from nextround.domain.drafts import Step
from nextround.domain.errors import InvalidInput, NotAllowed
from nextround.domain.model import Channel, Tone
from nextround.services import coaching
from nextround.web import forms
from nextround.web.context import Ctx
from nextround.web.forms import MAX_ID
from nextround.web.render import page
from nextround.web.routes.common import AppId, LessonId, Posted, ThreadId, redirect, text

router = APIRouter(include_in_schema=False)
StudentId = Annotated[int, Path(ge=1, le=MAX_ID)]
CoachId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _share_page(
    request: Request, ctx: Ctx, *, status_code: int = 200, message: str = ""
) -> Response:
    shares = coaching.my_shares(db=ctx.db)
    coaches = coaching.coaches(db=ctx.db)
    taken = {s.coach.id for s in shares}
    available = [(c.email, c.email) for c in coaches if c.id not in taken]
    return page(
        request,
        "share.html",
        status_code=status_code,
        shares=shares,
        coaches=coaches,
        available=available,
        message=message,
    )


@router.get("/share", response_class=HTMLResponse)
def share_page(request: Request, ctx: Ctx) -> Response:
    return _share_page(request, ctx)


@router.post("/share")
def share(request: Request, ctx: Ctx, form: Posted) -> Response:
    try:
        coaching.share_with(db=ctx.db, coach=text(form, "coach_email"), now=ctx.now())
    except (InvalidInput, NotAllowed) as err:
        return _share_page(request, ctx, status_code=422, message=str(err))
    return redirect("/share")


@router.post("/share/{coach_id}/revoke")
def revoke(ctx: Ctx, coach_id: CoachId) -> Response:
    coaching.revoke(db=ctx.db, coach_id=coach_id)
    return redirect("/share")


@router.get("/coach", response_class=HTMLResponse)
def coach_home(request: Request, ctx: Ctx) -> Response:
    return page(request, "coach_home.html", students=coaching.dashboard(db=ctx.db, now=ctx.now()))


@router.get("/coach/cohort", response_class=HTMLResponse)
def cohort(request: Request, ctx: Ctx) -> Response:
    return page(request, "coach_cohort.html", cohort=coaching.cohort(db=ctx.db))


@router.get("/coach/students/{student_id}", response_class=HTMLResponse)
def student(request: Request, ctx: Ctx, student_id: StudentId) -> Response:
    now = ctx.now()
    seen = coaching.student(db=ctx.db, student_id=student_id, now=now)
    return page(
        request,
        "coach_student.html",
        s=seen,
        now=now,
        applications=coaching.student_applications(db=ctx.db, student_id=student_id).applications,
        comments=coaching.student_lesson_comments(db=ctx.db, student_id=student_id),
    )


@router.get("/coach/students/{student_id}/applications/{app_id}", response_class=HTMLResponse)
def student_application(
    request: Request, ctx: Ctx, student_id: StudentId, app_id: AppId
) -> Response:
    view = coaching.student_application(db=ctx.db, student_id=student_id, application_id=app_id)
    return page(
        request,
        "coach_application.html",
        view=view,
        student_id=student_id,
        student_email=coaching.student_email(db=ctx.db, student_id=student_id),
    )


@router.get("/coach/students/{student_id}/threads/{thread_id}", response_class=HTMLResponse)
def student_thread(
    request: Request, ctx: Ctx, student_id: StudentId, thread_id: ThreadId
) -> Response:
    shown = coaching.student_thread_for_coach(db=ctx.db, student_id=student_id, thread_id=thread_id)
    return page(
        request,
        "coach_thread.html",
        view=shown.page,
        drafts=shown.drafts,
        comments=shown.comments,
        student_id=student_id,
        student_email=coaching.student_email(db=ctx.db, student_id=student_id),
    )


Choice = Annotated[str, Query(max_length=40)]


@router.get("/coach/students/{student_id}/threads/{thread_id}/draft", response_class=HTMLResponse)
def student_draft(
    request: Request,
    ctx: Ctx,
    student_id: StudentId,
    thread_id: ThreadId,
    step: Choice = "request",
    channel: Choice = "",
    tone: Choice = "warm",
) -> Response:
    """The draft the student would get for a step, read-only, with the coach's comments."""
    chosen = forms.choice(Step, step, what="step")
    medium = forms.choice(Channel, channel or forms.default_channel(chosen), what="channel")
    shown = coaching.student_thread_for_coach(db=ctx.db, student_id=student_id, thread_id=thread_id)
    view = coaching.student_draft(
        db=ctx.db,
        student_id=student_id,
        thread_id=thread_id,
        step=chosen,
        channel=medium,
        tone=forms.choice(Tone, tone, what="tone"),
        now=ctx.now(),
    )
    return page(
        request,
        "coach_draft.html",
        view=view,
        step=view.step,
        channel=medium,
        comments=[c for c in shown.comments if c.step == view.step.value],
        student_id=student_id,
        student_email=coaching.student_email(db=ctx.db, student_id=student_id),
    )


@router.post("/coach/students/{student_id}/threads/{thread_id}/comment")
def comment_on_draft(
    ctx: Ctx, student_id: StudentId, thread_id: ThreadId, form: Posted
) -> Response:
    step = forms.choice(Step, text(form, "step"), what="step")
    coaching.comment_on_draft(
        db=ctx.db,
        student_id=student_id,
        thread_id=thread_id,
        step=step,
        text=text(form, "text"),
        now=ctx.now(),
    )
    return redirect(
        f"/coach/students/{student_id}/threads/{thread_id}/draft?step={step.value}#comments"
    )


@router.post("/coach/students/{student_id}/lessons/{lesson_id}/comment")
def comment(ctx: Ctx, student_id: StudentId, lesson_id: LessonId, form: Posted) -> Response:
    coaching.comment_on_lesson(
        db=ctx.db,
        student_id=student_id,
        lesson_id=lesson_id,
        text=text(form, "text"),
        now=ctx.now(),
    )
    return redirect(f"/coach/students/{student_id}#lesson-{lesson_id}")
