"""``create_app()``: the one place the web app is wired together.

``nextround serve`` runs it through uvicorn as a factory
(``nextround.web.app:create_app``), which reads the ``NEXTROUND_*`` settings
like every entry point. Tests and benchmarks pass a ready ``WebContext``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from nextround import __version__
from nextround.web import errors
from nextround.web.cache import PageCache
from nextround.web.context import WebContext, system_clock, unknown_version
from nextround.web.routes import (
    api_calendar,
    api_coaching,
    api_insight,
    api_jobs,
    api_loop,
    api_numbers,
    api_records,
    calendar_feed,
    docs,
    pages_applications,
    pages_coaching,
    pages_feed,
    pages_home,
    pages_import,
    pages_insight,
    pages_invitations,
    pages_loop,
    pages_mail,
    pages_progress,
    signin,
)
from nextround.web.security import Guard, require_csrf
from nextround.web.signin import NotSignedIn, not_signed_in, require_user

if TYPE_CHECKING:
    from nextround.services.adapters import Database

STATIC = Path(__file__).with_name("static")
ROUTES = (
    pages_home,
    pages_applications,
    pages_import,
    pages_invitations,
    pages_loop,
    pages_insight,
    pages_progress,
    pages_mail,
    pages_coaching,
    api_records,
    api_loop,
    api_insight,
    api_coaching,
    api_jobs,
    calendar_feed,
    docs,
)
# sign-in and sign-out: routers of their own, for pages and for /api
SIGNIN = (signin.pages, signin.api)

API_DESCRIPTION = """\
The same use cases as the pages and the command line, as JSON.

Changes (POST, PUT, PATCH, DELETE) need the session's anti-forgery token: call
`GET /api/session` once, keep the cookie it sets, and send the token back as the
`X-CSRF-Token` header. Errors come as `{"detail": "one line"}`.
"""


def build_app(ctx: WebContext, *, on_close: Callable[[], None] | None = None) -> FastAPI:
    """The app over ``ctx``; ``on_close`` runs when the server shuts down."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if on_close is not None:
            on_close()

    app = FastAPI(
        title="nextround",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url=None,  # FastAPI's own pages load their scripts from a CDN; ours is local
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(require_csrf), Depends(require_user)],
        lifespan=lifespan,
    )
    app.state.web = ctx
    errors.install(app)
    app.add_exception_handler(NotSignedIn, not_signed_in)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for routes in ROUTES:
        app.include_router(routes.router)
    for router in SIGNIN:
        app.include_router(router)
    app.include_router(api_numbers.router)
    app.include_router(api_calendar.router)
    app.include_router(pages_feed.router)
    if not ctx.multi_user:  # a page cached for one person must never reach another
        app.add_middleware(PageCache, version=ctx.data_version, clock=ctx.clock)
    app.add_middleware(Guard, secret=ctx.secret, allowed_hosts=ctx.allowed_hosts)  # outermost
    return app


def create_app() -> FastAPI:
    """The uvicorn factory: settings from the environment, database opened and migrated."""
    from nextround.config import Settings
    from nextround.domain.errors import StoreError
    from nextround.services.adapters import (
        change_probe,
        default_judge,
        open_database,
        system_keyring,
    )
    from nextround.services.mail_accounts import Passwords, connector
    from nextround.services.mail_secrets import sealed_secrets, server_secret_key
    from nextround.services.mail_status import mail_account_exists
    from nextround.services.session_secret import session_secret

    settings = Settings()
    url = settings.resolved_url()
    if settings.multi_user and not url.startswith(("postgresql", "postgres:")):
        raise StoreError("multi-user mode runs on PostgreSQL only; set NEXTROUND_DATABASE_URL")
    db = open_database(url)
    jobs = None
    if settings.multi_user:
        from nextround.services.worker import WebJobs

        jobs = WebJobs(url)
    probe = change_probe(db)
    pinned = settings.now
    mail_password = settings.mail_password.get_secret_value() if settings.mail_password else None

    def mail_account_exists_in(database: Database) -> bool:
        return mail_account_exists(db=database)

    def clock() -> datetime:
        if pinned is not None:
            return pinned.replace(tzinfo=None)
        return system_clock()

    if settings.multi_user:  # each person's secrets sealed in the database, never a keyring
        key = server_secret_key(named=settings.secret_key_file, data_dir=settings.data_dir)
        mail: dict[str, Any] = {"mail_secrets_for": sealed_secrets(key)}
    else:
        keyring = system_keyring()
        mail = {
            "mail_secrets": keyring,
            "mail_connect": connector(
                Passwords(
                    secrets=keyring,
                    env_password=mail_password,
                    providers=settings.oauth_providers(),
                )
            ),
        }
    ctx = WebContext(
        db=db,
        judge=default_judge(),
        secret=bytes.fromhex(session_secret(db=db)),
        clock=clock,
        mail_ready=mail_account_exists_in,  # on a server: the signed-in person's accounts
        allowed_hosts=settings.host_names(),
        data_version=probe.version if settings.page_cache else unknown_version,
        oauth_providers=settings.oauth_providers(),
        microsoft_client_id=settings.microsoft_client_id,
        multi_user=settings.multi_user,
        session_lifetime=timedelta(hours=settings.session_hours),
        **mail,
        jobs=jobs,
    )

    def close() -> None:
        if ctx.jobs is not None:
            ctx.jobs.close()
        probe.close()
        db.dispose()

    return build_app(ctx, on_close=close)
