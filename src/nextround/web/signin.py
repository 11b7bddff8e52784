"""Who is asking, on a multi-user server: the signed-in user of each request.

In single-user mode nothing here applies: the person at the computer owns the
database. In multi-user mode the session cookie (``web.security``) names a
server-side session (``services.accounts``); every page and API route needs
one, except the few that sign in. Without one, the API answers 401 and a
browser asking for a page is sent to the sign-in page.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from nextround.domain.accounts import User
from nextround.services.accounts import session_user
from nextround.web.context import app_context
from nextround.web.security import SESSION_COOKIE

# reachable without signing in: how to sign in, and the token a sign-in needs
OPEN_PATHS = frozenset({"/login", "/api/login", "/api/session", "/api/logout", "/logout"})
FEED_PATHS = "/calendar/"  # a calendar app fetches its feed by the secret token alone
NOT_SIGNED_IN = "sign in first: POST /api/login with your email and password"


class NotSignedIn(Exception):
    """A request on a multi-user server without a live session."""


async def require_user(request: Request) -> None:
    """Every route's dependency: on a multi-user server, find the session's user or refuse.

    ``async`` so that the single-user app, which has nothing to look up, does not pay
    for a worker thread; the lookup in the database runs on one."""
    ctx = app_context(request)
    if not ctx.multi_user:
        return
    session = getattr(request.state, "session_id", "")
    user = (
        await run_in_threadpool(session_user, db=ctx.db, session_id=session, now=ctx.now())
        if session
        else None
    )
    request.state.user = user
    path = request.url.path
    if user is None and path not in OPEN_PATHS and not path.startswith(FEED_PATHS):
        raise NotSignedIn(NOT_SIGNED_IN)


def signed_in(request: Request) -> User | None:
    user = getattr(request.state, "user", None)
    return user if isinstance(user, User) else None


def session_cookie(request: Request, session_id: str, *, max_age: int | None) -> str:
    """The Set-Cookie value for a session; Secure when the request came over https."""
    secure = request.url.scheme == "https"
    return (
        f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Strict"
        + (f"; Max-Age={max_age}" if max_age is not None else "")
        + ("; Secure" if secure else "")
    )


async def not_signed_in(request: Request, exc: Exception) -> Response:
    path = request.url.path
    wants_page = request.method in ("GET", "HEAD") and "text/html" in request.headers.get(
        "accept", ""
    )
    if not (path == "/api" or path.startswith("/api/")) and wants_page:
        target = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
    headers = {"cache-control": "no-store"}
    if path == "/api" or path.startswith("/api/"):
        return JSONResponse({"detail": str(exc)}, status_code=401, headers=headers)
    return PlainTextResponse(str(exc) + "\n", status_code=401, headers=headers)
