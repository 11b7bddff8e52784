"""JSON API: what to do next, lessons, the profile and the brief."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from nextround.domain.model import LessonStatus
from nextround.services import insights, learn
from nextround.web.context import Ctx
from nextround.web.links import action_page
from nextround.web.routes.api_records import ERRORS
from nextround.web.routes.common import AppId, InterviewId, LessonId
from nextround.web.schemas import (
    ActionOut,
    BriefOut,
    LessonIn,
    LessonOut,
    LessonPatch,
    ProfileOut,
)

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/next", tags=["what next"])
def next_actions(ctx: Ctx) -> list[ActionOut]:
    """Everything due, soonest first (the home page's list)."""
    now = ctx.now()
    return [
        ActionOut.of(a, now=now, page=action_page(a))
        for a in insights.whats_next(db=ctx.db, now=now)
    ]


@router.get("/lessons", tags=["lessons"])
def list_lessons(
    ctx: Ctx, status: Annotated[LessonStatus | None, Query()] = None
) -> list[LessonOut]:
    """Lessons, optionally only one status."""
    return [
        LessonOut.model_validate(lesson) for lesson in learn.list_lessons(db=ctx.db, status=status)
    ]


@router.post("/lessons", status_code=201, tags=["lessons"])
def create_lesson(ctx: Ctx, body: LessonIn) -> LessonOut:
    """Add a lesson by hand (a strength you were told about, say)."""
    lesson = learn.add_lesson(
        db=ctx.db,
        theme=body.theme,
        polarity=body.polarity,
        statement=body.statement,
        evidence=body.evidence,
        application_id=body.application_id,
        actions=body.actions,
        now=ctx.now(),
    )
    return LessonOut.model_validate(lesson)


@router.patch("/lessons/{lesson_id}", tags=["lessons"])
def patch_lesson(ctx: Ctx, lesson_id: LessonId, body: LessonPatch) -> LessonOut:
    """Edit a lesson or move it along: open, practising, addressed."""
    lesson = learn.edit_lesson(
        db=ctx.db,
        lesson_id=lesson_id,
        theme=body.theme,
        polarity=body.polarity,
        statement=body.statement,
        status=body.status,
        add_actions=body.add_actions,
    )
    return LessonOut.model_validate(lesson)


@router.delete("/lessons/{lesson_id}", status_code=204, tags=["lessons"])
def delete_lesson(ctx: Ctx, lesson_id: LessonId) -> Response:
    """Delete a lesson."""
    learn.delete_lesson(db=ctx.db, lesson_id=lesson_id)
    return Response(status_code=204)


@router.get("/profile", tags=["insight"])
def profile(ctx: Ctx) -> ProfileOut:
    """Strengths and weaknesses per theme, blind spots, and which channels get answers."""
    return ProfileOut.of(insights.profile(db=ctx.db))


@router.get("/interviews/{interview_id}/brief", tags=["insight"])
def interview_brief(ctx: Ctx, interview_id: InterviewId) -> BriefOut:
    """The brief before an interview: lessons to apply, strengths, what they said before."""
    return BriefOut.of(insights.brief(db=ctx.db, interview_id=interview_id))


@router.get("/applications/{app_id}/brief", tags=["insight"])
def application_brief(ctx: Ctx, app_id: AppId) -> BriefOut:
    """The brief for an application's next round."""
    return BriefOut.of(insights.brief(db=ctx.db, application_id=app_id))
