"""Home: what to do next. And the one thing about you drafts need: your name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from nextround.domain.errors import InvalidInput
from nextround.services import record, views
from nextround.web.context import Ctx
from nextround.web.forms import local_path
from nextround.web.links import ACTION_LABELS, action_page
from nextround.web.render import page
from nextround.web.routes.common import Posted, redirect, text

router = APIRouter(include_in_schema=False)

SHOWN_ACTIONS = 20


@router.get("/", response_class=HTMLResponse)
def home(request: Request, ctx: Ctx, show: str = "") -> Response:
    now = ctx.now()
    view = views.home(db=ctx.db, now=now)
    return page(
        request,
        "home.html",
        view=view,
        now=now,
        limit=None if show == "all" else SHOWN_ACTIONS,
        labels=ACTION_LABELS,
        action_page=action_page,
    )


@router.get("/me", response_class=HTMLResponse)
def me(request: Request, ctx: Ctx, then: Annotated[str, Query(alias="next")] = "/") -> Response:
    name = record.get_user_name(db=ctx.db)
    return page(request, "me.html", values={"name": name or ""}, next=local_path(then))


@router.post("/me")
def set_me(request: Request, ctx: Ctx, form: Posted) -> Response:
    target = local_path(text(form, "next"))
    try:
        record.set_user_name(db=ctx.db, name=text(form, "name"))
    except InvalidInput as err:
        return page(
            request,
            "me.html",
            status_code=422,
            values={"name": text(form, "name")},
            errors={"name": str(err)},
            next=target,
        )
    return redirect(target)
