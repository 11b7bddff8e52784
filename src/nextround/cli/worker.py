"""`nextround worker`: run a multi-user server's jobs (mail sync, model training)."""

from __future__ import annotations

from typing import Annotated

import typer

from nextround.cli.common import state
from nextround.domain.errors import InvalidInput


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)


def refuse_sqlite(url: str) -> None:
    if not url.startswith(("postgresql", "postgres:")):
        raise InvalidInput(
            "the worker serves a multi-user server, on PostgreSQL only: give --db "
            "postgresql://... (on a SQLite file, `nextround mail sync` reads your mail)"
        )


def worker(
    ctx: typer.Context,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="How many jobs this process runs at once.")
    ] = 1,
) -> None:
    """Run a server's jobs: every account's mail sync on a schedule, models on demand.

    Start as many as you like, on this machine or others that reach the
    database; they share the work. Ctrl+C (or SIGTERM) stops it once the jobs
    under way are done. How often mail is synced: NEXTROUND_MAIL_SYNC_MINUTES.

    \b
    Examples:
      nextround worker             (NEXTROUND_DATABASE_URL=postgresql://...)
      nextround worker --concurrency 4
    """
    from nextround.cli.mail import passwords
    from nextround.services.worker import cron_every, run_worker, worker_tools

    st = state(ctx)
    url = st.database_url()
    refuse_sqlite(url)
    every = st.settings.mail_sync_minutes
    cron_every(every)  # a schedule that cannot be written is one line, now
    from nextround.services.mail_secrets import sealed_secrets, server_secret_key

    settings = st.settings
    # each user's mail secrets, sealed with the server's key (refused now if unsafe)
    key = server_secret_key(named=settings.secret_key_file, data_dir=settings.data_dir)
    tools = worker_tools(
        db=st.db,
        passwords=passwords(st, ask=False),
        data_dir=st.basics.data_dir,
        now=st.now,
        secrets_for=sealed_secrets(key),
    )
    typer.echo(
        f"worker running ({concurrency} at once; every mail account synced every "
        f"{every} minutes); Ctrl+C stops it",
        err=True,
    )
    run_worker(url=url, tools=tools, concurrency=concurrency, every_minutes=every)
    typer.echo("worker stopped", err=True)
