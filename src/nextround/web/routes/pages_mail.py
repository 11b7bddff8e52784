"""Mail accounts in pages: the list, a password (IMAP) account, a Microsoft one by code.

``/mail/accounts`` lists the signed-in person's accounts (on a server, theirs
only) with a button to remove each. A password account is checked against
its server before it is kept; its password goes where the app keeps secrets
(the keyring on the local app, sealed in the database on a server).

The Microsoft form checks the details and asks Microsoft for a code; the next
page shows the address and the code, and waits: with scripts on, htmx asks
every few seconds whether the code was typed; without, a button asks.
"""

from __future__ import annotations

import secrets
import urllib.parse
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from nextround.domain.errors import InvalidInput, MailError, NotFound
from nextround.domain.mailbox import Security, SignIn
from nextround.services.mail_accounts import (
    Passwords,
    PendingSignIn,
    Secrets,
    add_account,
    begin_device_sign_in,
    connector,
    finish_device_sign_in,
    list_accounts,
    remove_account,
)
from nextround.web.context import Ctx, WebContext
from nextround.web.render import page
from nextround.web.routes.common import Posted, redirect, text

router = APIRouter(include_in_schema=False)

SignInKey = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
AccountName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
PASSWORD_FIELDS = ("name", "address", "host", "port", "user", "security")
POLL_SECONDS = 5
FIELDS = ("name", "user", "address", "host", "port")


Said = Annotated[str, Query(max_length=400)]


@router.get("/mail/accounts", response_class=HTMLResponse)
def accounts(request: Request, ctx: Ctx) -> Response:
    """The signed-in person's mail accounts, each with a button to remove it."""
    return page(
        request,
        "mail_accounts.html",
        accounts=list_accounts(db=ctx.db),
        keeps=_keeps_passwords(ctx),
        server=ctx.multi_user,
    )


@router.get("/mail/accounts/password", response_class=HTMLResponse)
def new_password_account(request: Request, ctx: Ctx) -> Response:
    return page(
        request,
        "mail_password_form.html",
        ready=_keeps_passwords(ctx),
        server=ctx.multi_user,
        values={"security": Security.TLS.value},
    )


@router.post("/mail/accounts/password")
def add_password_account(request: Request, ctx: Ctx, form: Posted) -> Response:
    """Check the account signs in and has an INBOX, keep its password, store it."""
    values = {k: text(form, k).strip() for k in PASSWORD_FIELDS}
    password = text(form, "password")
    try:
        if not _keeps_passwords(ctx) or ctx.mail_secrets is None:
            raise InvalidInput("there is no place here to keep a mail password safely")
        if not password:
            raise InvalidInput("the password must not be empty")
        if values["security"] not in {s.value for s in Security}:
            raise InvalidInput("choose how the connection is secured: tls or starttls")
        added = add_account(
            db=ctx.db,
            name=values["name"],
            host=values["host"],
            username=values["user"],
            password=password,
            secrets=ctx.mail_secrets,
            verify=connector(Passwords(secrets=ctx.mail_secrets, env_password=password)),
            port=_port(values["port"]),
            security=Security(values["security"]),
            address=values["address"],
            now=ctx.now(),
        )
    except (InvalidInput, MailError) as err:
        return page(
            request,
            "mail_password_form.html",
            status_code=422,
            ready=_keeps_passwords(ctx),
            server=ctx.multi_user,
            values=values,  # never the password: it is typed again
            errors={"form": str(err)},
        )
    return redirect(f"/mail/accounts/added?name={added.name}")


@router.post("/mail/accounts/{name}/remove")
def remove(ctx: Ctx, name: AccountName) -> Response:
    """Forget the account and its secret; what it imported stays."""
    if ctx.mail_secrets is None:
        raise NotFound("mail account", repr(name))
    remove_account(db=ctx.db, name=name, secrets=ctx.mail_secrets)
    return redirect("/mail/accounts")


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
def added(request: Request, ctx: Ctx, name: Said = "") -> Response:
    return page(request, "mail_account_added.html", account_name=name[:64], server=ctx.multi_user)


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


def _keeps_passwords(ctx: WebContext) -> bool:
    """Whether a password typed here can be kept (a keyring, or a server's sealed store)."""
    return ctx.mail_secrets is not None and ctx.mail_secrets.available()


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
