"""Mail accounts in pages: add an Outlook.com or Microsoft 365 account by device code.

The form checks the details and asks Microsoft for a code; the next page shows
the address and the code, and waits: with scripts on, htmx asks every few
seconds whether the code was typed; without, a button asks. The sign-in itself
goes to the keyring, as from the command line.
"""

from __future__ import annotations

import secrets
import urllib.parse
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from nextround.domain.errors import InvalidInput, MailError
from nextround.domain.mailbox import SignIn
from nextround.services.mail_accounts import (
    Passwords,
    PendingSignIn,
    Secrets,
    begin_device_sign_in,
    connector,
    finish_device_sign_in,
)
from nextround.web.context import Ctx, WebContext
from nextround.web.render import page
from nextround.web.routes.common import Posted, redirect, text

router = APIRouter(include_in_schema=False)

SignInKey = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
POLL_SECONDS = 5
FIELDS = ("name", "user", "address", "host", "port")


Said = Annotated[str, Query(max_length=400)]


@router.get("/mail/accounts/new", response_class=HTMLResponse)
def new_account(request: Request, ctx: Ctx, error: Said = "", name: Said = "") -> Response:
    """The form; ``error`` is why the last sign-in stopped, when the waiting page was sent
    back here by its script."""
    return page(
        request,
        "mail_account_form.html",
        ready=_ready(ctx),
        values={"name": name},
        errors={"form": error} if error else {},
    )


@router.post("/mail/accounts/new")
def start_sign_in(request: Request, ctx: Ctx, form: Posted) -> Response:
    values = {k: text(form, k).strip() for k in FIELDS}
    try:
        if not _ready(ctx):
            raise InvalidInput("no system keyring here to keep the sign-in")
        port = _port(values["port"])
        pending = begin_device_sign_in(
            db=ctx.db,
            name=values["name"],
            username=values["user"],
            provider=ctx.oauth_providers[SignIn.MICROSOFT],
            client_id=ctx.microsoft_client_id,
            host=values["host"],
            port=port,
            address=values["address"],
        )
    except (InvalidInput, MailError) as err:
        return page(
            request,
            "mail_account_form.html",
            status_code=422,
            ready=_ready(ctx),
            values=values,
            errors={"form": str(err)},
        )
    key = secrets.token_urlsafe(24)
    ctx.sign_ins[key] = pending
    return redirect(f"/mail/sign-in/{key}")


@router.get("/mail/sign-in/{key}", response_class=HTMLResponse)
def waiting(request: Request, ctx: Ctx, key: SignInKey, again: int = 0) -> Response:
    pending = _pending(ctx, key)
    return page(
        request,
        "mail_sign_in.html",
        key=key,
        code=pending.code,
        account=pending.account,
        again=bool(again),
        poll=f"every {max(POLL_SECONDS, pending.code.interval)}s",
    )


@router.post("/mail/sign-in/{key}")
def check(request: Request, ctx: Ctx, key: SignInKey) -> Response:
    """Has the code been typed? htmx gets 204 (ask again later) or where to go next."""
    pending = _pending(ctx, key)
    scripted = request.headers.get("HX-Request") == "true"
    try:
        added = finish_device_sign_in(
            db=ctx.db,
            pending=pending,
            secrets=_secrets(ctx),
            verify=connector(Passwords(secrets=_secrets(ctx), providers=ctx.oauth_providers)),
            now=ctx.now(),
        )
    except (InvalidInput, MailError) as err:
        ctx.sign_ins.pop(key, None)
        values = {"name": pending.account.name, "user": pending.account.username}
        errors = {"form": str(err)}
        if scripted:  # back to the form, saying what went wrong
            back = urllib.parse.urlencode({"error": str(err)[:400], "name": values["name"]})
            return Response(status_code=200, headers={"HX-Redirect": f"/mail/accounts/new?{back}"})
        return page(
            request,
            "mail_account_form.html",
            status_code=422,
            ready=True,
            values=values,
            errors=errors,
        )
    if added is None:
        return Response(status_code=204) if scripted else redirect(f"/mail/sign-in/{key}?again=1")
    ctx.sign_ins.pop(key, None)
    target = f"/mail/accounts/added?name={added.name}"
    if scripted:
        return Response(status_code=200, headers={"HX-Redirect": target})
    return redirect(target)


@router.get("/mail/accounts/added", response_class=HTMLResponse)
def added(request: Request, name: Said = "") -> Response:
    return page(request, "mail_account_added.html", account_name=name[:64])


def _port(value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput(f"port {value!r} is not a number")
    return int(value)


def _pending(ctx: WebContext, key: str) -> PendingSignIn:
    pending = ctx.sign_ins.get(key)
    if pending is None:
        raise InvalidInput("this sign-in is over or unknown here; start again")
    return pending


def _ready(ctx: WebContext) -> bool:
    return (
        ctx.mail_secrets is not None
        and ctx.mail_secrets.available()
        and SignIn.MICROSOFT in ctx.oauth_providers
    )


def _secrets(ctx: WebContext) -> Secrets:
    if ctx.mail_secrets is None:
        raise InvalidInput("no system keyring here to keep the sign-in")
    return ctx.mail_secrets
