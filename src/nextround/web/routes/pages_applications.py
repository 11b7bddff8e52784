"""Applications: the board, add and edit, and one application's page.

The application page hosts three small forms (an interview, a person, a
rejection); when one is refused, the page comes back with that form open,
what was typed still in it, and the reason next to it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from nextround.domain.errors import InvalidInput
from nextround.domain.model import ApplicationStatus
from nextround.services import record, views
from nextround.services.overview import application_overview
from nextround.services.rejection import record_rejection
from nextround.web import forms
from nextround.web.context import Ctx, WebContext
from nextround.web.render import page
from nextround.web.routes.common import AppId, Posted, redirect, text, texts

router = APIRouter(include_in_schema=False)

BOARD_COLUMN_LIMIT = 50


@router.get("/applications", response_class=HTMLResponse)
def board(
    request: Request,
    ctx: Ctx,
    status: str = "",
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    only = forms.optional_choice(ApplicationStatus, status, what="status")
    view = views.board(db=ctx.db, status=only, query=q)
    return page(
        request,
        "board.html",
        apps=view.applications,
        feedback=view.feedback,
        query=view.query,
        only=only,
        column_limit=BOARD_COLUMN_LIMIT,
    )


@router.get("/applications/new", response_class=HTMLResponse)
def new_application(request: Request) -> Response:
    return page(request, "application_form.html", app=None, values={"status": "applied"})


def _fields(form: FormData) -> dict[str, str]:
    names = (
        "company",
        "role",
        "source",
        "status",
        "applied_on",
        "notes",
        "job_url",
        "location",
        "salary",
    )
    return {name: text(form, name) for name in names}


@router.post("/applications")
def create_application(request: Request, ctx: Ctx, form: Posted) -> Response:
    values = _fields(form)
    try:
        app = record.add_application(
            db=ctx.db,
            company=values["company"],
            role=values["role"],
            source=values["source"],
            status=forms.choice(ApplicationStatus, values["status"] or "applied", what="status"),
            applied_on=forms.when(
                values["applied_on"], what="applied on", now=ctx.now(), happened=True
            ),
            notes=values["notes"],
            job_url=values["job_url"],
            location=values["location"],
            salary=values["salary"],
            now=ctx.now(),
        )
    except InvalidInput as err:
        return page(
            request,
            "application_form.html",
            status_code=422,
            app=None,
            values=values,
            errors=forms.errors_for(err, values),
        )
    return redirect(f"/applications/{app.id}")


@router.get("/applications/{app_id}/edit", response_class=HTMLResponse)
def edit_application(request: Request, ctx: Ctx, app_id: AppId) -> Response:
    app = application_overview(db=ctx.db, application_id=app_id).application
    values = {
        "company": app.company,
        "role": app.role,
        "source": app.source,
        "status": app.status.value,
        "notes": app.notes,
        "job_url": app.job_url,
        "location": app.location,
        "salary": app.salary,
    }
    return page(request, "application_form.html", app=app, values=values)


@router.post("/applications/{app_id}/edit")
def update_application(request: Request, ctx: Ctx, app_id: AppId, form: Posted) -> Response:
    values = _fields(form)
    try:
        record.update_application(
            db=ctx.db,
            application_id=app_id,
            company=values["company"],
            role=values["role"],
            source=values["source"],
            status=forms.choice(ApplicationStatus, values["status"] or "applied", what="status"),
            notes=values["notes"],
            job_url=values["job_url"],
            location=values["location"],
            salary=values["salary"],
            now=ctx.now(),
        )
    except InvalidInput as err:
        app = application_overview(db=ctx.db, application_id=app_id).application
        return page(
            request,
            "application_form.html",
            status_code=422,
            app=app,
            values=values,
            errors=forms.errors_for(err, values),
        )
    return redirect(f"/applications/{app_id}")


def _application(
    request: Request,
    ctx: WebContext,
    app_id: int,
    *,
    status_code: int = 200,
    open_form: str = "",
    values: dict[str, Any] | None = None,
    error: str = "",
) -> Response:
    view = views.application_page(db=ctx.db, application_id=app_id)
    return page(
        request,
        "application.html",
        status_code=status_code,
        view=view,
        now=ctx.now(),
        open_form=open_form,
        values=values or {},
        errors={open_form: error} if error else {},
    )


@router.get("/applications/{app_id}", response_class=HTMLResponse)
def show_application(request: Request, ctx: Ctx, app_id: AppId) -> Response:
    return _application(request, ctx, app_id)


@router.post("/applications/{app_id}/interviews")
def add_interview(request: Request, ctx: Ctx, app_id: AppId, form: Posted) -> Response:
    try:
        interview = record.record_interview(
            db=ctx.db,
            application_id=app_id,
            stage=text(form, "stage"),
            when=forms.required_when(text(form, "when"), what="when", now=ctx.now()),
            contact_ids=[forms.ident(v, what="person") for v in texts(form, "contact_ids")],
            talking_points=forms.lines(text(form, "talking_points")),
            notes=text(form, "notes"),
            self_assessment=forms.ratings(form),
            now=ctx.now(),
        )
    except InvalidInput as err:
        return _application(
            request,
            ctx,
            app_id,
            status_code=422,
            open_form="interview",
            values={**form, "contact_ids": texts(form, "contact_ids")},
            error=str(err),
        )
    return redirect(f"/applications/{app_id}#interview-{interview.id}")


@router.post("/applications/{app_id}/contacts")
def add_contact(request: Request, ctx: Ctx, app_id: AppId, form: Posted) -> Response:
    try:
        record.add_contact(
            db=ctx.db,
            name=text(form, "name"),
            company=text(form, "company"),
            title=text(form, "title"),
            email=text(form, "email"),
            phone=text(form, "phone"),
            linkedin=text(form, "linkedin"),
        )
    except InvalidInput as err:
        return _application(
            request,
            ctx,
            app_id,
            status_code=422,
            open_form="contact",
            values=dict(form),
            error=str(err),
        )
    return redirect(f"/applications/{app_id}#people")


@router.post("/applications/{app_id}/rejection")
def add_rejection(request: Request, ctx: Ctx, app_id: AppId, form: Posted) -> Response:
    now = ctx.now()
    try:
        record_rejection(
            db=ctx.db,
            judge=ctx.judge,
            text=text(form, "text"),
            subject=text(form, "subject"),
            received_at=forms.when(
                text(form, "received_at"), what="received", now=now, happened=True
            )
            or now,
            application_id=app_id,
            accept_non_rejection=text(form, "anyway") == "yes",
            now=now,
        )
    except InvalidInput as err:
        return _application(
            request,
            ctx,
            app_id,
            status_code=422,
            open_form="rejection",
            values=dict(form),
            error=forms.plain_words(str(err)),
        )
    return redirect(f"/applications/{app_id}#next-step")
