"""Lessons, the profile (with its chart), and the printable brief."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nextround.domain.errors import InvalidInput
from nextround.domain.model import LessonStatus, Polarity
from nextround.domain.themes import Theme
from nextround.services import coaching, insights, learn
from nextround.web import forms
from nextround.web.chart import profile_svg
from nextround.web.context import Ctx
from nextround.web.render import page
from nextround.web.routes.common import AppId, InterviewId, LessonId, Posted, redirect, text

router = APIRouter(include_in_schema=False)


@router.get("/lessons", response_class=HTMLResponse)
def lessons(request: Request, ctx: Ctx, status: str = "", deleted: str = "") -> Response:
    only = forms.optional_choice(LessonStatus, status, what="status")
    rows = learn.list_lessons(db=ctx.db, status=only)
    undo = learn.deleted_lesson(db=ctx.db)
    return page(
        request,
        "lessons.html",
        lessons=rows,
        only=only,
        companies=learn.company_names(db=ctx.db),
        undo=undo if deleted and deleted == str(undo) else None,
        comments=coaching.lesson_comments(
            db=ctx.db, lesson_ids=[r.id for r in rows if r.id is not None]
        ),
    )


@router.post("/lessons")
def add_lesson(request: Request, ctx: Ctx, form: Posted) -> Response:
    try:
        lesson = learn.add_lesson(
            db=ctx.db,
            theme=forms.choice(Theme, text(form, "theme"), what="theme"),
            polarity=forms.choice(Polarity, text(form, "polarity") or "weakness", what="kind"),
            statement=text(form, "statement"),
            evidence=text(form, "evidence"),
            actions=forms.lines(text(form, "actions")),
            now=ctx.now(),
        )
    except InvalidInput as err:
        rows = learn.list_lessons(db=ctx.db)
        return page(
            request,
            "lessons.html",
            status_code=422,
            lessons=rows,
            companies=learn.company_names(db=ctx.db),
            comments={},
            undo=None,
            only=None,
            values=dict(form),
            errors=forms.errors_for(err, {"theme": "", "statement": ""}),
        )
    return redirect(f"/lessons#lesson-{lesson.id}")


@router.post("/lessons/{lesson_id}/edit")
def edit_lesson(request: Request, ctx: Ctx, lesson_id: LessonId, form: Posted) -> Response:
    learn.edit_lesson(
        db=ctx.db,
        lesson_id=lesson_id,
        status=forms.optional_choice(LessonStatus, text(form, "status"), what="status"),
        theme=forms.optional_choice(Theme, text(form, "theme"), what="theme"),
        polarity=forms.optional_choice(Polarity, text(form, "polarity"), what="kind"),
        statement=text(form, "statement") or None,
        add_actions=forms.lines(text(form, "action")),
    )
    return redirect(f"/lessons#lesson-{lesson_id}")


@router.post("/lessons/{lesson_id}/delete")
def delete_lesson(request: Request, ctx: Ctx, lesson_id: LessonId) -> Response:
    learn.delete_lesson(db=ctx.db, lesson_id=lesson_id)
    return redirect(f"/lessons?deleted={lesson_id}")


@router.post("/lessons/{lesson_id}/restore")
def restore_lesson(request: Request, ctx: Ctx, lesson_id: LessonId) -> Response:
    learn.restore_lesson(db=ctx.db, lesson_id=lesson_id)
    return redirect(f"/lessons#lesson-{lesson_id}")


@router.get("/profile", response_class=HTMLResponse)
def profile(request: Request, ctx: Ctx) -> Response:
    return page(request, "profile.html", profile=insights.profile(db=ctx.db))


@router.get("/profile/chart.svg")
def profile_chart(ctx: Ctx) -> Response:
    svg = profile_svg(insights.profile(db=ctx.db))
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "no-store"})


@router.get("/interviews/{interview_id}/brief", response_class=HTMLResponse)
def interview_brief(request: Request, ctx: Ctx, interview_id: InterviewId) -> Response:
    return page(request, "brief.html", brief=insights.brief(db=ctx.db, interview_id=interview_id))


@router.get("/applications/{app_id}/brief", response_class=HTMLResponse)
def application_brief(request: Request, ctx: Ctx, app_id: AppId) -> Response:
    return page(request, "brief.html", brief=insights.brief(db=ctx.db, application_id=app_id))
