"""Errors are ours: one clear message on a page (or in JSON under /api), never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match

from nextround.domain.errors import (
    AnalysisError,
    InvalidInput,
    InvalidTransition,
    MailError,
    NextroundError,
    NotAllowed,
    NotFound,
    StoreError,
)
from nextround.web.forms import plain_words
from nextround.web.render import page
from nextround.web.security import Forbidden

log = logging.getLogger("nextround.web")

STATUS: dict[type[NextroundError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    NotAllowed: 403,
    InvalidTransition: 409,
    StoreError: 503,
    MailError: 502,
    AnalysisError: 503,
}

TITLES = {
    400: "That request did not make sense",
    403: "Refused",
    404: "Not found",
    405: "Not allowed here",
    413: "Too large",
    409: "Not now",
    422: "Please check what you entered",
    500: "Something went wrong on our side",
    502: "The mail server did not cooperate",
    503: "The database is not available",
}


def status_of(err: NextroundError) -> int:
    for kind in type(err).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    message = plain_words(message)
    return page(
        request,
        "error.html",
        status_code=status,
        title=TITLES.get(status, "Something is not right"),
        message=message,
        status=status,
    )


async def _ours(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NextroundError)
    return _error(request, status_of(exc), str(exc))


async def _forbidden(request: Request, exc: Exception) -> Response:
    return _error(request, 403, str(exc))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {
        404: "There is no page at this address.",
        405: "This address does not take that kind of request.",
    }.get(exc.status_code, str(exc.detail))
    response = _error(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == 405:
        response.headers["allow"] = ", ".join(_methods_at(request))
    return response


_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def _methods_at(request: Request) -> list[str]:
    """Every method some route takes at this path (the router names only its first match's)."""
    routes: list[BaseRoute] = list(request.app.router.routes)
    return [
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]


MAX_PROBLEMS = 5


def _readable(exc: RequestValidationError) -> str:
    """What was wrong, in one line: where and why, never the input itself (it may be huge)."""
    problems = exc.errors()
    parts = []
    for problem in problems[:MAX_PROBLEMS]:
        loc = problem.get("loc", ())
        where = ".".join(str(p) for p in loc if p not in ("body", "query", "path"))[:80]
        why = " ".join(str(problem.get("msg", "invalid")).split())[:200]
        parts.append(f"{where or 'input'}: {why}")
    more = len(problems) - MAX_PROBLEMS
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "") or "not valid"


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return _error(request, 422, _readable(exc))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(
        request,
        500,
        "Something unexpected went wrong; nothing was half-done. "
        "The details are in the terminal running `nextround serve`.",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(NextroundError, _ours)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
