"""JSON API: the session token, who you are, applications, people, interviews."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from nextround.domain.model import ApplicationStatus
from nextround.services import record
from nextround.services.overview import application_overview
from nextround.services.when import happened_at
from nextround.web.context import Ctx
from nextround.web.routes.common import AppId
from nextround.web.schemas import (
    ApplicationDetailOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationPatch,
    ContactIn,
    ContactOut,
    ErrorOut,
    InterviewIn,
    InterviewOut,
    MeIn,
    MeOut,
    SessionOut,
)
from nextround.web.security import CSRF_HEADER

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A body that is not valid JSON."},
    403: {"model": ErrorOut, "description": "No valid anti-forgery token (see /api/session)."},
    404: {"model": ErrorOut, "description": "An id that names nothing."},
    409: {"model": ErrorOut, "description": "Not allowed in the thread's current state."},
    413: {"model": ErrorOut, "description": "A body over the size limit (4 MB); not read."},
    422: {"model": ErrorOut, "description": "Input that is not valid, said in one line."},
}

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/session", tags=["session"])
def session(request: Request) -> SessionOut:
    """This session's anti-forgery token (the session cookie comes with the response)."""
    return SessionOut(csrf_token=request.state.csrf_token, header=CSRF_HEADER)


@router.get("/me", tags=["you"])
def get_me(ctx: Ctx) -> MeOut:
    """The name drafts are signed with, and the phone and email they may give."""
    me = record.get_me(db=ctx.db)
    return MeOut(name=me.name, phone=me.phone, email=me.email)


@router.put("/me", tags=["you"])
def put_me(ctx: Ctx, body: MeIn) -> MeOut:
    """Set the name drafts are signed with (and, if given, your phone and email)."""
    me = record.set_me(db=ctx.db, name=body.name, phone=body.phone, email=body.email)
    return MeOut(name=me.name, phone=me.phone, email=me.email)


@router.get("/applications", tags=["applications"])
def list_applications(
    ctx: Ctx, status: Annotated[ApplicationStatus | None, Query()] = None
) -> list[ApplicationOut]:
    """Applications, oldest first; optionally only one status."""
    return [
        ApplicationOut.model_validate(a) for a in record.list_applications(db=ctx.db, status=status)
    ]


@router.post("/applications", status_code=201, tags=["applications"])
def create_application(ctx: Ctx, body: ApplicationIn) -> ApplicationOut:
    """Add an application."""
    applied = datetime.combine(body.applied_on, time(9, 0)) if body.applied_on else None
    applied = happened_at(applied, now=ctx.now(), what="applied_on") if applied else None
    app = record.add_application(
        db=ctx.db,
        company=body.company,
        role=body.role,
        source=body.source,
        status=body.status,
        applied_on=applied,
        notes=body.notes,
        job_url=body.job_url,
        location=body.location,
        salary=body.salary,
        now=ctx.now(),
    )
    return ApplicationOut.model_validate(app)


@router.get("/applications/{app_id}", tags=["applications"])
def get_application(ctx: Ctx, app_id: AppId) -> ApplicationDetailOut:
    """An application with its interviews, the people met, its messages and feedback thread."""
    view = application_overview(db=ctx.db, application_id=app_id)
    return ApplicationDetailOut.of(view)


@router.patch("/applications/{app_id}", tags=["applications"])
def patch_application(ctx: Ctx, app_id: AppId, body: ApplicationPatch) -> ApplicationOut:
    """Change an application; only the fields given change."""
    app = record.update_application(
        db=ctx.db,
        application_id=app_id,
        company=body.company,
        role=body.role,
        source=body.source,
        status=body.status,
        notes=body.notes,
        job_url=body.job_url,
        location=body.location,
        salary=body.salary,
        now=ctx.now(),
    )
    return ApplicationOut.model_validate(app)


@router.post("/applications/{app_id}/interviews", status_code=201, tags=["applications"])
def create_interview(ctx: Ctx, app_id: AppId, body: InterviewIn) -> InterviewOut:
    """Record an interview round: who you met, what you discussed, how you rate yourself."""
    interview = record.record_interview(
        db=ctx.db,
        application_id=app_id,
        stage=body.stage,
        when=body.when,
        contact_ids=body.contact_ids,
        talking_points=body.talking_points,
        notes=body.notes,
        self_assessment=body.self_assessment,
        now=ctx.now(),
    )
    return InterviewOut.model_validate(interview)


@router.get("/contacts", tags=["people"])
def list_contacts(
    ctx: Ctx, company: Annotated[str | None, Query(max_length=200)] = None
) -> list[ContactOut]:
    """People you met; optionally only those at one company."""
    return [ContactOut.model_validate(c) for c in record.list_contacts(db=ctx.db, company=company)]


@router.post("/contacts", status_code=201, tags=["people"])
def create_contact(ctx: Ctx, body: ContactIn) -> ContactOut:
    """Add a person: an interviewer, a recruiter."""
    contact = record.add_contact(
        db=ctx.db,
        name=body.name,
        company=body.company,
        title=body.title,
        email=body.email,
        phone=body.phone,
        linkedin=body.linkedin,
    )
    return ContactOut.model_validate(contact)
