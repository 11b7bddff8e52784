"""What every request may use, built once when the app starts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from nextround.domain.mailbox import SignIn
from nextround.services.ingest import Connect
from nextround.services.mail_accounts import Passwords, PendingSignIn, Secrets, connector

if TYPE_CHECKING:
    from nextround.services.adapters import Database, Judge, Provider
    from nextround.services.worker import WebJobs

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
ANY_HOST = "*"


def system_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


def no_mail(db: Database) -> bool:
    del db
    return False


def unknown_version() -> int | None:
    return None


@dataclass(frozen=True)
class WebContext:
    """The adapters the routes hand to the services, and the app's own settings.

    ``allowed_hosts`` are the names the browser may use to reach us (the Host
    header); ``"*"`` allows any, for a server deliberately bound beyond loopback.
    ``data_version`` changes after every commit to the database, or is None
    when that cannot be told; pages are cached only while it can
    (``web.cache``). ``mail_connect`` opens a mail account's mailbox, to put a
    draft in its Drafts folder; None when the app was built without mail.
    ``mail_secrets`` is where a new account's sign-in is kept (the keyring);
    ``sign_ins`` holds the device-code sign-ins a user is finishing, in this
    process (the page that shows the code asks the same process).
    ``multi_user`` serves many people who sign in (``web.signin``); a session
    then lasts ``session_lifetime``. There, ``mail_secrets_for`` gives each
    person's secrets (sealed in the database) for their scoped database, and
    ``web_context`` hands a route that person's ``mail_secrets`` and
    ``mail_connect``; never the server's keyring. ``jobs`` queues work for its
    workers (mail sync, model training; None in the local app, which has none).
    """

    db: Database
    judge: Judge
    secret: bytes
    clock: Callable[[], datetime] = system_clock
    mail_ready: Callable[[Database], bool] = no_mail
    allowed_hosts: frozenset[str] = field(default=LOOPBACK_HOSTS)
    data_version: Callable[[], int | None] = unknown_version
    mail_connect: Connect | None = None
    mail_secrets: Secrets | None = None
    oauth_providers: Mapping[SignIn, Provider] = field(default_factory=dict)
    microsoft_client_id: str = ""
    sign_ins: dict[str, PendingSignIn] = field(default_factory=dict)
    multi_user: bool = False
    session_lifetime: timedelta = timedelta(hours=12)
    mail_secrets_for: Callable[[Database], Secrets] | None = None
    jobs: WebJobs | None = None

    def now(self) -> datetime:
        return self.clock()

    def mail_is_set_up(self) -> bool:
        return self.mail_ready(self.db)


def app_context(request: Request) -> WebContext:
    """The app's own context: its database seen whole (signing in, sessions)."""
    ctx = request.app.state.web
    assert isinstance(ctx, WebContext)
    return ctx


NOBODY = 0  # no user has this id: a request without one sees no rows and writes none


async def web_context(request: Request) -> WebContext:
    """What a route uses: on a multi-user server, the database as the signed-in user sees it.

    ``async`` though it awaits nothing: it only looks things up, and FastAPI would
    otherwise run it on a worker thread of its own, a hop every request pays for."""
    ctx = app_context(request)
    if not ctx.multi_user:
        return ctx
    user = getattr(request.state, "user", None)
    owner = getattr(user, "id", NOBODY)
    db = ctx.db.scoped(owner if isinstance(owner, int) else NOBODY)
    if ctx.mail_secrets_for is None:
        return replace(ctx, db=db, mail_secrets=None, mail_connect=None)
    secrets = ctx.mail_secrets_for(db)
    passwords = Passwords(secrets=secrets, providers=ctx.oauth_providers)
    return replace(ctx, db=db, mail_secrets=secrets, mail_connect=connector(passwords))


Ctx = Annotated[WebContext, Depends(web_context)]
