"""Signing in and out of a multi-user server: a page for people, /api for programs.

A sign-in gives a new session id (the one the browser had before is not
reused), so a session id planted before sign-in is worth nothing after it.
Signing out ends the session in the database and gives the browser a fresh
anonymous one. Both need the anti-forgery token like every change.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from nextround.domain.errors import SignInRefused
from nextround.services import accounts
from nextround.web.context import Ctx, WebContext
from nextround.web.forms import local_path
from nextround.web.render import page
from nextround.web.routes.api_records import ERRORS
from nextround.web.routes.common import Posted, redirect, text
from nextround.web.schemas import ErrorOut, SignInIn, SignInOut, SignOutOut
from nextround.web.signin import session_cookie, signed_in

api = APIRouter(prefix="/api", responses=ERRORS)
pages = APIRouter(include_in_schema=False)


def _status(err: SignInRefused) -> int:
    return 429 if err.retry_after is not None else 401


def _refusal_headers(err: SignInRefused) -> dict[str, str]:
    return {"retry-after": str(err.retry_after)} if err.retry_after is not None else {}


def _start(request: Request, ctx: WebContext, email: str, password: str) -> accounts.SignedIn:
    if not ctx.multi_user:
        raise SignInRefused("this nextround serves one person and has no accounts")
    return accounts.sign_in(
        db=ctx.db, email=email, password=password, now=ctx.now(), lifetime=ctx.session_lifetime
    )


def _set_session(
    request: Request, ctx: WebContext, response: Response, done: accounts.SignedIn
) -> None:
    lifetime = int(ctx.session_lifetime.total_seconds())
    cookie = session_cookie(request, done.session_id, max_age=lifetime)
    response.headers.append("set-cookie", cookie)


def _end(request: Request, ctx: WebContext, response: Response) -> None:
    session = getattr(request.state, "session_id", "")
    if ctx.multi_user and session:
        accounts.sign_out(db=ctx.db, session_id=session)
    response.headers.append(
        "set-cookie", session_cookie(request, secrets.token_urlsafe(32), max_age=None)
    )


@api.post(
    "/login",
    tags=["session"],
    responses={
        401: {"model": ErrorOut, "description": "Wrong email or password, or a disabled account."},
        429: {"model": ErrorOut, "description": "Too many failed sign-ins; see Retry-After."},
    },
)
def login(request: Request, ctx: Ctx, body: SignInIn) -> Response:
    """Sign in; the response sets a new session cookie: then GET /api/session for its token."""
    try:
        done = _start(request, ctx, body.email, body.password)
    except SignInRefused as err:
        return JSONResponse(
            {"detail": str(err)}, status_code=_status(err), headers=_refusal_headers(err)
        )
    out = SignInOut(email=done.user.email, role=done.user.role.value)
    response = JSONResponse(out.model_dump())
    _set_session(request, ctx, response, done)
    return response


@api.post("/logout", tags=["session"])
def logout(request: Request, ctx: Ctx) -> Response:
    """Sign out: the session ends on the server; the browser gets a fresh anonymous one."""
    response = JSONResponse(SignOutOut(signed_out=True).model_dump())
    _end(request, ctx, response)
    return response


@pages.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request,
    ctx: Ctx,
    then: Annotated[str, Query(alias="next")] = "/",
    out: Annotated[str, Query(alias="signed_out", max_length=10)] = "",
) -> Response:
    if signed_in(request) is not None or not ctx.multi_user:
        return redirect(local_path(then))
    return page(
        request, "login.html", values={}, next=local_path(then), message="", signed_out=out == "1"
    )


@pages.post("/login")
def login_form(request: Request, ctx: Ctx, form: Posted) -> Response:
    target = local_path(text(form, "next"))
    email = text(form, "email")
    try:
        done = _start(request, ctx, email, text(form, "password"))
    except SignInRefused as err:
        refused = page(
            request,
            "login.html",
            status_code=_status(err),
            values={"email": email},
            next=target,
            message=str(err),
        )
        refused.headers.update(_refusal_headers(err))
        return refused
    response = redirect(target)
    _set_session(request, ctx, response, done)
    return response


@pages.post("/logout")
def logout_form(request: Request, ctx: Ctx) -> Response:
    response = redirect("/login?signed_out=1")
    _end(request, ctx, response)
    return response
