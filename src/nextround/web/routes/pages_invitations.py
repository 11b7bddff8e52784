"""Import an interview invitation (.ics): upload, preview, confirm.

The same use case as ``nextround interview import``. The preview runs it as
a dry run and shows what would be recorded against which application; the
confirm form carries the file's text back (the server keeps nothing between
the two requests) and the import runs for real in one unit of work. An
invitation that could be for several applications asks which, with those as
choices; one opened from an application's page is for that application.
A cancellation (``METHOD:CANCEL``) removes the interview its invitation
recorded, as on the command line.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from nextround.domain.errors import InvalidInput
from nextround.domain.model import Application
from nextround.services.invitations import (
    AmbiguousInvitation,
    ImportedInvitation,
    application_for_import,
    import_invitations,
)
from nextround.web import forms
from nextround.web.context import Ctx, WebContext
from nextround.web.forms import MAX_ID
from nextround.web.render import page
from nextround.web.routes.common import Posted, Uploaded, text

router = APIRouter(include_in_schema=False)

WEB_CHOICE = "below"  # the end of "say which ...": the choices are on the page
STAGE_CHARS = 100


def _page(request: Request, *, status_code: int = 200, **context: Any) -> Response:
    context = {
        "preview": None,
        "done": None,
        "content": "",
        "target": None,
        "candidates": [],
        "values": {},
        "errors": {},
        **context,
    }
    return page(request, "invitation_import.html", status_code=status_code, **context)


def _target(ctx: WebContext, form: FormData) -> Application | None:
    raw = text(form, "application_id")
    if not raw:
        return None
    return application_for_import(db=ctx.db, application_id=forms.ident(raw, what="application"))


def _run(
    ctx: WebContext, form: FormData, data: bytes, *, target: Application | None, dry_run: bool
) -> list[ImportedInvitation]:
    return import_invitations(
        db=ctx.db,
        data=data,
        application_id=target.id if target else None,
        stage=" ".join(text(form, "stage").split())[:STAGE_CHARS] or None,
        now=ctx.now(),
        dry_run=dry_run,
        choose=WEB_CHOICE,
    )


def _refused(
    request: Request,
    err: InvalidInput,
    *,
    target: Application | None,
    values: dict[str, str],
    content: str,
) -> Response:
    """The one line that says why; for an invitation that could be for several
    applications, those as choices, with the file kept so it need not be chosen again."""
    if isinstance(err, AmbiguousInvitation):
        return _page(
            request,
            status_code=422,
            errors={"application_id": str(err)},
            candidates=err.candidates,
            content=content,
            values=values,
        )
    return _page(request, status_code=422, errors={"file": str(err)}, target=target, values=values)


def _content(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


@router.get("/interviews/import", response_class=HTMLResponse)
def invitation_page(
    request: Request, ctx: Ctx, app: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None
) -> Response:
    target = application_for_import(db=ctx.db, application_id=app) if app else None
    return _page(request, target=target)


@router.post("/interviews/import/preview", response_class=HTMLResponse)
def preview(request: Request, ctx: Ctx, posted: Uploaded) -> Response:
    """What the file would record; the file comes as an upload, or as the text a
    previous answer kept (after choosing among several applications)."""
    form, data = posted
    if not data:
        data = text(form, "content").encode("utf-8")
    values = {"stage": text(form, "stage")}
    target = _target(ctx, form)
    try:
        if not data:
            raise InvalidInput("choose the invitation's .ics file to import")
        found = _run(ctx, form, data, target=target, dry_run=True)
    except InvalidInput as err:
        return _refused(request, err, target=target, values=values, content=_content(data))
    return _page(request, preview=found, content=_content(data), target=target, values=values)


@router.post("/interviews/import", response_class=HTMLResponse)
def confirm(request: Request, ctx: Ctx, form: Posted) -> Response:
    values = {"stage": text(form, "stage")}
    target = _target(ctx, form)
    content = text(form, "content")
    try:
        done = _run(ctx, form, content.encode("utf-8"), target=target, dry_run=False)
    except InvalidInput as err:
        return _refused(request, err, target=target, values=values, content=content)
    return _page(request, done=done, target=target, values=values)
