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


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def home(request: Request, ctx: Ctx, show: str = "") -> Response:
    now = ctx.now()
    view = views.home(db=ctx.db, now=now, limit=None if show == "all" else SHOWN_ACTIONS)
    return page(
        request,
        "home.html",
        view=view,
        now=now,
        labels=ACTION_LABELS,
        action_page=action_page,
    )


@router.get("/me", response_class=HTMLResponse)
def me(request: Request, ctx: Ctx, then: Annotated[str, Query(alias="next")] = "/") -> Response:
    me_now = record.get_me(db=ctx.db)
    values = {"name": me_now.name or "", "phone": me_now.phone, "email": me_now.email}
    return page(request, "me.html", values=values, next=local_path(then))


@router.post("/me")
def set_me(request: Request, ctx: Ctx, form: Posted) -> Response:
    target = local_path(text(form, "next"))
    phone = text(form, "phone") if "phone" in form else None
    email = text(form, "email") if "email" in form else None
    try:
        record.set_me(db=ctx.db, name=text(form, "name"), phone=phone, email=email)
    except InvalidInput as err:
        field = "phone" if "phone" in str(err) else "email" if "email" in str(err) else "name"
        return page(
            request,
            "me.html",
            status_code=422,
            values={"name": text(form, "name"), "phone": phone or "", "email": email or ""},
            errors={field: str(err)},
            next=target,
        )
    return redirect(target)
