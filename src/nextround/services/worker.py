"""Work done away from the web process on a server: mail sync and model training.

A multi-user server queues jobs in its PostgreSQL database (procrastinate,
migration 0014) and ``nextround worker`` processes run them, on this machine
or any other that reaches the database:

- ``sync_account(owner_id, account)``: one mail account's new mail, through
  the same idempotent pipeline as ``mail sync`` (the mail ledger), so a
  worker killed halfway loses and doubles nothing: the next run carries on.
  One sync per account at a time (a procrastinate ``lock``) and at most one
  waiting (a ``queueing_lock``, so a slow server never piles jobs up). A
  server that cannot be reached or drops the connection is tried again
  later, waiting longer each time; a refused sign-in is not (only a person
  can fix a password): the job fails at once with the reason, and the
  account's next scheduled sync tries again.
- a periodic job that queues ``sync_account`` for every account, every
  ``NEXTROUND_MAIL_SYNC_MINUTES`` minutes;
- ``train_personal(owner_id)``: a person's model, when they ask for it.

The web process only *queues* (``request_sync``, ``request_training``): it
never waits on a mail server.

``owner_id`` is the user the account belongs to (None: the database's one
local person). The job opens the database scoped to that user.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.jobs import Status

from nextround.analysis import Judge
from nextround.domain.errors import (
    InvalidInput,
    LoginRefused,
    MailError,
    NotFound,
    SignInExpired,
)
from nextround.domain.mailbox import MailAccount
from nextround.mail.imap import ImapMailbox
from nextround.services import ingest
from nextround.services.ingest import Connect
from nextround.services.mail_accounts import Passwords, Secrets, accounts_to_sync, connector
from nextround.services.models import train_personal as train_model
from nextround.store import Database

log = logging.getLogger(__name__)

SYNC = "nextround.sync_account"
TRAIN = "nextround.train_personal"
SCHEDULE = "nextround.schedule_syncs"
RECOVER = "nextround.retry_stalled"
FORGET = "nextround.forget_old_jobs"
MAIL_QUEUE = "mail"
MODEL_QUEUE = "models"
HOUSEKEEPING_QUEUE = "housekeeping"  # the periodic upkeep of the queue itself
TOOLS = "nextround"  # the key of WorkerTools in the jobs' context

# a worker proves it is alive every HEARTBEAT seconds; one silent for STALLED_AFTER
# is gone (killed, its machine lost), and its jobs under way are run again (every
# RECOVER_CRON: 6 fields, the last seconds); the ledger makes running again safe
HEARTBEAT = 5.0
STALLED_AFTER = 20.0
RECOVER_CRON = "* * * * * */10"

# finished jobs (and their events: when each started and ended) are kept a week,
# failed ones (a refused sign-in, why) a month, the upkeep's own an hour; an
# hourly job forgets older ones
KEEP_UPKEEP_HOURS = 1
KEEP_DONE_HOURS = 7 * 24
KEEP_FAILED_HOURS = 30 * 24
FORGET_CRON = "17 * * * *"

# a mail server that is down: tried again after 2, 4, 8, 16 s, ... (about 17 minutes in all)
SYNC_ATTEMPTS = 10
BACKOFF_BASE = 2


class MailUnreachable(Exception):
    """A sync that failed for a reason that may pass: worth trying again later."""


class SyncRefused(Exception):
    """A sync that cannot work until someone acts (a refused sign-in): not tried again."""


@dataclass(frozen=True)
class WorkerTools:
    """What the jobs work with, given by the entry point that starts the worker."""

    db: Database
    connect: Callable[[int | None], Connect]  # how to reach a user's mail accounts
    judge: Callable[[Database], Judge]
    data_dir: Path
    now: Callable[[], datetime]


@dataclass(frozen=True)
class Synced:
    read: int
    filed: int
    inbox: int
    skipped: int
    failed: int
    already: int

    def to_json(self) -> dict[str, int]:
        return {
            "read": self.read,
            "filed": self.filed,
            "inbox": self.inbox,
            "skipped": self.skipped,
            "failed": self.failed,
            "already": self.already,
        }


def worker_tools(
    *,
    db: Database,
    passwords: Passwords,
    data_dir: Path,
    now: Callable[[], datetime],
    secrets_for: Callable[[Database], Secrets] | None = None,
) -> WorkerTools:
    """The tools of a worker: mail reached with ``passwords`` (on a server, with each
    user's own sealed secrets, ``secrets_for`` their scoped database), each database
    judged by its own model (the personal one when trained, else the shipped one)."""
    from nextround.services.adapters import user_judge
    from nextround.services.session_secret import database_id

    def judge(scoped: Database) -> Judge:
        return user_judge(data_dir=data_dir, database_id=lambda: database_id(db=scoped))

    def connect(owner: int | None) -> Connect:
        if owner is None or secrets_for is None:
            return connector(passwords)
        return connector(replace(passwords, secrets=secrets_for(db.scoped(owner))))

    return WorkerTools(
        db=db,
        connect=connect,
        judge=judge,
        data_dir=data_dir,
        now=now,
    )


# --- what is synced, and the keys of its locks ---------------------------------------


def account_key(owner_id: int | None, account: str) -> str:
    """The lock of one account's syncs (only one runs at a time, one more may wait)."""
    return f"mail:{'local' if owner_id is None else owner_id}:{account}"


def _scoped(db: Database, owner_id: int | None) -> Database:
    return db if owner_id is None else db.scoped(owner_id)


# --- the jobs ------------------------------------------------------------------------


def sync_one(tools: WorkerTools, *, owner_id: int | None, account: str) -> Synced:
    """Sync one account now (what the ``sync_account`` job does).

    Raises ``MailUnreachable`` for a failure worth trying again later and
    ``SyncRefused`` for one that is not (a refused sign-in, an account gone).
    """
    db = _scoped(tools.db, owner_id)
    try:
        with db.unit() as repo:
            found = repo.mail.account(account)
    except NotFound as err:  # removed since the job was queued
        raise SyncRefused(str(err)) from err
    refused: list[MailError] = []
    connect = _watching(tools.connect(owner_id), refused)
    try:
        summary = ingest.sync_account(
            db=db,
            judge=tools.judge(db),
            account=found,
            connect=connect,
            now=tools.now(),
        )
    except SignInExpired as err:
        raise SyncRefused(str(err)) from err
    except MailError as err:
        raise MailUnreachable(str(err)) from err
    if refused:
        raise SyncRefused(str(refused[0]))
    if summary.errors:
        raise MailUnreachable("; ".join(summary.errors))
    return Synced(
        summary.read,
        summary.filed,
        summary.inbox,
        summary.skipped,
        summary.failed,
        summary.already,
    )


def _watching(connect: Connect, refused: list[MailError]) -> Connect:
    """``connect``, noting a refused sign-in (the sync reports it only as text)."""

    @contextmanager
    def open_account(account: MailAccount) -> Iterator[ImapMailbox]:
        try:
            with connect(account) as box:
                yield box
        except LoginRefused as err:
            refused.append(err)
            raise

    return open_account


def _tools(context: JobContext) -> WorkerTools:
    tools = context.additional_context.get(TOOLS)
    if not isinstance(tools, WorkerTools):  # pragma: no cover - a worker started without them
        raise RuntimeError("this worker was started without nextround's tools")
    return tools


def sync_account(context: JobContext, owner_id: int | None, account: str) -> dict[str, int]:
    """The job: sync one account (``sync_one``), logging why when it fails."""
    try:
        synced = sync_one(_tools(context), owner_id=owner_id, account=account)
    except SyncRefused as err:
        log.warning("mail sync of %s refused, not tried again: %s", account, err)
        raise
    except MailUnreachable as err:
        log.info("mail sync of %s failed, to be tried again: %s", account, err)
        raise
    return synced.to_json()


def train_personal(context: JobContext, owner_id: int | None) -> dict[str, int]:
    """The job: train a user's personal model from their corrections."""
    tools = _tools(context)
    result = train_model(db=_scoped(tools.db, owner_id), data_dir=tools.data_dir)
    return {"corrections": result.corrections}


def schedule_syncs(context: JobContext, timestamp: int) -> int:
    """Queue a sync of every account (the periodic job); how many were queued."""
    del timestamp  # when the schedule fired; the accounts are read now
    return sum(
        request_account_sync(context.app, owner_id=owner, account=name)
        for owner, name in accounts_to_sync(_tools(context).db)
    )


async def retry_stalled(context: JobContext, timestamp: int) -> int:
    """Queue again the jobs a lost worker left under way (the periodic job); how many."""
    del timestamp
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER))
    for job in stalled:
        try:
            await manager.retry_job(job)
        except UniqueViolation:  # the same work is queued already (its queueing lock)
            log.warning(
                "job %s (%s) was left by a lost worker: queued already", job.id, job.task_name
            )
            await manager.finish_job(job, status=Status.FAILED, delete_job=False)
        else:
            log.warning("job %s (%s) was left by a lost worker: run again", job.id, job.task_name)
    return len(stalled)


async def forget_old_jobs(context: JobContext, timestamp: int) -> None:
    """Delete the record of jobs that ended long ago (the periodic job)."""
    del timestamp
    manager = context.app.job_manager
    await manager.delete_old_jobs(nb_hours=KEEP_UPKEEP_HOURS, queue=HOUSEKEEPING_QUEUE)
    await manager.delete_old_jobs(nb_hours=KEEP_DONE_HOURS)
    await manager.delete_old_jobs(nb_hours=KEEP_FAILED_HOURS, include_failed=True)


# --- the queue -----------------------------------------------------------------------


def cron_every(minutes: int) -> str:
    """A cron line that fires every ``minutes`` (1 to 59, or whole hours up to a day)."""
    if 1 <= minutes < 60:
        return f"*/{minutes} * * * *"
    if minutes % 60 == 0 and 60 <= minutes <= 24 * 60:
        hours = minutes // 60
        return "0 0 * * *" if hours == 24 else f"0 */{hours} * * *"
    raise InvalidInput(
        f"a mail sync every {minutes} minutes cannot be scheduled: "
        "give 1 to 59 minutes, or whole hours up to 1440"
    )


def conninfo(url: str) -> str:
    """The libpq address of a database URL (``postgresql+psycopg://`` as ``postgresql://``)."""
    scheme, rest = url.split("://", 1)
    if not scheme.startswith("postgres"):
        raise InvalidInput("the worker runs on PostgreSQL only")
    return f"postgresql://{rest}"


def job_queue(url: str, *, every_minutes: int | None = None) -> App:
    """The queue on the database at ``url`` (opened by the caller); with
    ``every_minutes``, a worker's, with the periodic sync of every account."""
    app = App(connector=PsycopgConnector(conninfo=conninfo(url)))
    retry = RetryStrategy(
        max_attempts=SYNC_ATTEMPTS,
        exponential_wait=BACKOFF_BASE,
        retry_exceptions={MailUnreachable},
    )
    app.task(name=SYNC, queue=MAIL_QUEUE, pass_context=True, retry=retry)(sync_account)
    app.task(name=TRAIN, queue=MODEL_QUEUE, pass_context=True)(train_personal)
    if every_minutes is not None:
        periodic = app.periodic(cron=cron_every(every_minutes), periodic_id="mail")
        periodic(app.task(name=SCHEDULE, queue=MAIL_QUEUE, pass_context=True)(schedule_syncs))
        recover = app.periodic(cron=RECOVER_CRON, periodic_id="stalled")
        recover(app.task(name=RECOVER, queue=HOUSEKEEPING_QUEUE, pass_context=True)(retry_stalled))
        forget = app.periodic(cron=FORGET_CRON, periodic_id="forget")
        forget(app.task(name=FORGET, queue=HOUSEKEEPING_QUEUE, pass_context=True)(forget_old_jobs))
    return app


def request_account_sync(app: App, *, owner_id: int | None, account: str) -> bool:
    """Queue a sync of one account; False when one is already waiting (nothing piles up)."""
    key = account_key(owner_id, account)
    try:
        app.configure_task(SYNC, lock=key, queueing_lock=key).defer(
            owner_id=owner_id, account=account
        )
    except AlreadyEnqueued:
        return False
    return True


def request_sync(app: App, *, db: Database, owner_id: int | None) -> int:
    """Queue a sync of every account of a user (from the web: it returns at once).

    How many were queued (an account whose sync is already waiting is not).
    """
    return sum(
        request_account_sync(app, owner_id=owner, account=name)
        for owner, name in accounts_to_sync(db)
        if owner == owner_id
    )


def request_training(app: App, *, owner_id: int | None) -> bool:
    """Queue the training of a user's personal model; False when one is already waiting."""
    key = f"train:{'local' if owner_id is None else owner_id}"
    try:
        app.configure_task(TRAIN, lock=key, queueing_lock=key).defer(owner_id=owner_id)
    except AlreadyEnqueued:
        return False
    return True


def run_worker(
    *,
    url: str,
    tools: WorkerTools,
    concurrency: int = 1,
    every_minutes: int = 15,
    name: str | None = None,
) -> None:
    """Run jobs until stopped (SIGINT or SIGTERM: the jobs under way finish first)."""
    app = job_queue(url, every_minutes=every_minutes)
    options: dict[str, Any] = {
        "concurrency": concurrency,
        "additional_context": {TOOLS: tools},
        "delete_jobs": "never",  # kept a while as a record (forget_old_jobs)
        "update_heartbeat_interval": HEARTBEAT,
        "stalled_worker_timeout": STALLED_AFTER,
    }
    if name:
        options["name"] = name
    app.run_worker(**options)


class WebJobs:
    """The web process's side of the queue: it only queues, never waits on mail.

    The connection to the queue opens on first use (a server whose people never
    ask costs nothing) and closes with the app.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._app: App | None = None
        self._opening = threading.Lock()

    def _queue(self) -> App:
        with self._opening:
            if self._app is None:
                self._app = job_queue(self._url).open()
            return self._app

    def sync_mail(self, *, db: Database, owner_id: int | None) -> int:
        """Queue a sync of the user's mail accounts; how many were queued."""
        return request_sync(self._queue(), db=db, owner_id=owner_id)

    def train_model(self, *, owner_id: int | None) -> bool:
        """Queue the training of the user's personal model; False when one is waiting."""
        return request_training(self._queue(), owner_id=owner_id)

    def close(self) -> None:
        with self._opening:
            if self._app is not None:
                self._app.close()
                self._app = None
