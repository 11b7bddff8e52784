"""Safe by default: who may reach us, and proof that a change came from our own page.

Three layers, each cheap:

1. **Host check.** Only the names in ``allowed_hosts`` (loopback unless the
   user bound elsewhere) are answered; a web page that rebinds its own DNS
   name to 127.0.0.1 gets a 400, not our data.
2. **Session and anti-forgery token.** Every browser gets a random session id
   in an HttpOnly, SameSite=Strict cookie. Its token is the HMAC of that id
   under the database's secret (``services.session_secret``): pages put it in
   every form (``csrf_token``) and in a header for HTMX (``X-CSRF-Token``);
   API clients read it from ``GET /api/session``. A POST, PUT, PATCH or
   DELETE without the token of its own session is refused with 403 — as are
   requests a browser marks cross-site or sends from another origin. What can
   be refused from the headers is refused before a byte of the body is read,
   and no body over ``MAX_BODY_BYTES`` is read at all (413).
3. **Headers.** A Content-Security-Policy that allows only this origin (no
   inline script, no CDN, no remote image), no framing, no referrer sent to
   other sites, no MIME sniffing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nextround.web.context import ANY_HOST

SESSION_COOKIE = "nextround_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_BODY_BYTES = 4_000_000  # a message of a megabyte, escaped as JSON or a form, fits

_OUT_OF_DATE = (
    "this form is out of date (or came from somewhere else); reload the page and try "
    f"again. API clients: GET /api/session and send its token as {CSRF_HEADER}"
)
_TOO_LARGE = f"the request is larger than {MAX_BODY_BYTES // 1_000_000} MB; nothing was read"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
)


class Forbidden(Exception):
    """A change without proof that it came from our own page."""


def csrf_token(secret: bytes, session_id: str) -> str:
    return hmac.new(secret, session_id.encode("ascii"), hashlib.sha256).hexdigest()


def _valid_session(value: str | None) -> bool:
    return value is not None and 32 <= len(value) <= 64 and value.isascii() and value.isprintable()


def host_name(host_header: str) -> str:
    """The name in a Host header: ``127.0.0.1:8000`` -> ``127.0.0.1``, ``[::1]:80`` -> ``::1``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """Pure ASGI middleware: host check, session cookie, security headers."""

    def __init__(self, app: ASGIApp, *, secret: bytes, allowed_hosts: frozenset[str]) -> None:
        self.app = app
        self.secret = secret
        self.allowed_hosts = allowed_hosts

    def _host_allowed(self, host: str) -> bool:
        return ANY_HOST in self.allowed_hosts or host_name(host) in self.allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = cookies = ""
        for key, value in scope["headers"]:
            if key == b"host":
                host = value.decode("latin-1")
            elif key == b"cookie":
                cookies = value.decode("latin-1")
        if not self._host_allowed(host):
            await _refuse_host(send)
            return
        session = cookie_parser(cookies).get(SESSION_COOKIE) if cookies else None
        new_session = not _valid_session(session)
        if new_session or session is None:
            session = secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state["session_id"] = session
        state["csrf_token"] = csrf_token(self.secret, session)
        if scope["method"] in UNSAFE_METHODS:
            refused = _before_the_body(scope, state["csrf_token"])
            if refused is not None:
                await _refuse(send, scope, *refused)
                return
            receive = _capped(receive)
        secure = scope.get("scheme") == "https"
        cookie = f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict" + (
            "; Secure" if secure else ""
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers.append(name, value)
                if new_session:
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _before_the_body(scope: Scope, expected: str) -> tuple[int, str] | None:
    """Why a change is refused before a byte of its body is read (status, one line), if it is.

    A cross-site or cross-origin request, a token that does not match, a body
    with no token that could carry one (not a form), or a declared size over
    the limit: none of them costs reading what was sent.
    """
    if _header(scope, b"sec-fetch-site") == "cross-site":
        return 403, "refused: the request came from another site"
    origin = _header(scope, b"origin")
    host = (_header(scope, b"host") or "").lower()
    if origin not in (None, "null") and urlsplit(origin).netloc.lower() != host:
        return 403, "refused: the request came from another origin"
    sent = _header(scope, CSRF_HEADER.lower().encode())
    kind = (_header(scope, b"content-type") or "").split(";", 1)[0].strip().lower()
    is_form = kind in ("application/x-www-form-urlencoded", "multipart/form-data")
    if sent is not None and not hmac.compare_digest(
        sent.encode("utf-8", "replace"), expected.encode()
    ):
        return 403, _OUT_OF_DATE
    if sent is None and not is_form:
        return 403, _OUT_OF_DATE
    length = _header(scope, b"content-length")
    if length is not None and (not length.strip().isdigit() or int(length) > MAX_BODY_BYTES):
        return 413, _TOO_LARGE
    return None


def _capped(receive: Receive) -> Receive:
    """``receive``, refusing (413) a streamed body once it passes the limit."""
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise HTTPException(status_code=413, detail=_TOO_LARGE)
        return message

    return capped


async def _refuse(send: Send, scope: Scope, status: int, message: str) -> None:
    """A refusal from the middleware: one JSON line under /api, one text line elsewhere."""
    path = str(scope.get("path", ""))
    if path == "/api" or path.startswith("/api/"):
        body, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, kind = (message + "\n").encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),  # the unread body is not waited for
                *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _refuse_host(send: Send) -> None:
    body = (
        b"This address is not one nextround answers to. "
        b"Open it at http://127.0.0.1 with the port `nextround serve` printed.\n"
    )
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return kind in ("application/x-www-form-urlencoded", "multipart/form-data")


async def require_csrf(request: Request) -> None:
    """Refuse a change that does not carry this session's token (a FastAPI dependency)."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise Forbidden("refused: the request came from another site")
    origin = request.headers.get("origin")
    # "null" is what a browser sends when it will not say (a strict referrer policy);
    # the token below still has to match
    if (
        origin not in (None, "null")
        and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()
    ):
        raise Forbidden("refused: the request came from another origin")
    sent = request.headers.get(CSRF_HEADER)
    form = None
    if sent is None and _is_form(request):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    expected = request.state.csrf_token
    if not sent or not hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode()):
        if form is not None:
            await form.close()  # an uploaded file refused unread: let its temporary file go
        raise Forbidden(_OUT_OF_DATE)
