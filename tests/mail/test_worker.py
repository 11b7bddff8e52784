"""The server's worker (`nextround worker`): mail sync as queued jobs, in real processes.

Real PostgreSQL (the queue lives there, migration 0014), a real Dovecot, the
worker started as a command. Nothing here measures time: every wait is a poll
with a generous limit.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from procrastinate import App
from sqlalchemy import text

from nextround.domain.mailbox import MailAccount, Security
from nextround.services import worker
from nextround.store import Database, open_database
from nextround.web.app import build_app
from tests.conftest import PG_URL, _reset_postgres, unavailable
from tests.mail.dovecot import PASSWORD, USER, Dovecot
from tests.mail.mailboxes import add_users, fill, job_messages

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 16, 10, 0)
COMMAND = (sys.executable, "-m", "nextround")
PATIENCE = 240.0  # seconds a poll waits before the test fails (a busy CI machine)
COUNTED = ("mail_ledger", "messages", "threads", "applications", "mail_keys")


@pytest.fixture
def url() -> Iterator[str]:
    if not PG_URL:
        unavailable("NEXTROUND_TEST_DATABASE_URL not set")
    _reset_postgres(PG_URL)
    open_database(PG_URL).dispose()  # the schema, the queue's included
    yield PG_URL


@pytest.fixture
def db(url: str) -> Iterator[Database]:
    database = open_database(url)
    yield database
    database.dispose()


@pytest.fixture
def queue(url: str) -> Iterator[App]:
    app = worker.job_queue(url).open()
    yield app
    app.close()


class Workers:
    """``nextround worker`` processes on the test database; all stopped at the end."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url, self.tmp_path = url, tmp_path
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, *, password: str = PASSWORD, concurrency: int = 1, **env: str) -> Any:
        environ = {
            **os.environ,
            "NEXTROUND_DATA_DIR": str(self.tmp_path / "data"),
            "NEXTROUND_MAIL_PASSWORD": password,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            **env,
        }
        environ.pop("NEXTROUND_DATABASE_URL", None)
        with (self.tmp_path / f"worker{len(self.running)}.log").open("wb") as log:
            proc = subprocess.Popen(
                [*COMMAND, "--db", self.url, "worker", "--concurrency", str(concurrency)],
                env=environ,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.running.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.running:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.running:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.running.clear()


@pytest.fixture
def workers(url: str, tmp_path: Path) -> Iterator[Workers]:
    started = Workers(url, tmp_path)
    yield started
    started.stop()


def wait_for(check: Callable[[], bool], what: str, *, patience: float = PATIENCE) -> None:
    deadline = time.monotonic() + patience
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting, after {patience:.0f} s, for {what}")
        time.sleep(0.2)


def rows(db: Database, sql: str, **params: object) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def count(db: Database, table: str) -> int:
    return int(rows(db, f"SELECT count(*) FROM {table}")[0][0])


def jobs(db: Database, task: str = worker.SYNC) -> list[Any]:
    return rows(
        db,
        "SELECT id, status, attempts, lock FROM procrastinate_jobs WHERE task_name = :t "
        "ORDER BY id",
        t=task,
    )


def add_account(db: Database, dovecot: Dovecot, name: str, username: str = USER) -> None:
    account = MailAccount(
        id=None,
        name=name,
        host="127.0.0.1",
        port=dovecot.tls_port,
        username=username,
        security=Security.TLS,
        folders=["INBOX"],
        ca_file=str(dovecot.cert),
        address=f"{username}@example.org",
    )
    with db.unit() as repo:
        repo.mail.add_account(account, now=NOW)


def no_sync_waiting(db: Database) -> bool:
    return not any(status in ("todo", "doing") for _id, status, *_ in jobs(db))


# --- tests ---------------------------------------------------------------------------


def test_a_worker_syncs_every_account_on_its_schedule(
    db: Database, dovecot: Dovecot, workers: Workers
) -> None:
    add_users(dovecot, ["bo"], PASSWORD)
    fill(dovecot, USER, PASSWORD, job_messages(12, "alex"))
    fill(dovecot, "bo", PASSWORD, job_messages(8, "bo"))
    add_account(db, dovecot, "alex")
    add_account(db, dovecot, "bo", username="bo")

    # nobody asks: the periodic job (every minute here) queues a sync of each account
    workers.start(NEXTROUND_MAIL_SYNC_MINUTES="1")
    wait_for(lambda: count(db, "mail_ledger") == 20, "both accounts synced")
    wait_for(lambda: no_sync_waiting(db), "the sync jobs to finish")
    assert count(db, "messages") == 20
    assert worker.accounts_to_sync(db) == [(None, "alex"), (None, "bo")]


def test_a_sync_asked_for_is_only_queued_and_never_piles_up(
    db: Database, dovecot: Dovecot, queue: App, workers: Workers
) -> None:
    # the web's side: no worker runs and Dovecot is down, yet asking returns at once
    fill(dovecot, USER, PASSWORD, job_messages(5, "alex"))
    add_account(db, dovecot, "alex")
    dovecot.stop()
    assert worker.request_sync(queue, db=db, owner_id=None) == 1
    assert worker.request_sync(queue, db=db, owner_id=None) == 0  # one is waiting already
    assert worker.request_account_sync(queue, owner_id=None, account="alex") is False
    assert worker.request_training(queue, owner_id=None) is True
    assert worker.request_training(queue, owner_id=None) is False
    [(_id, status, attempts, lock)] = jobs(db)
    assert (status, attempts, lock) == ("todo", 0, worker.account_key(None, "alex"))
    assert count(db, "mail_ledger") == 0

    dovecot.start()
    workers.start()
    wait_for(lambda: count(db, "mail_ledger") == 5, "the queued sync to run")


def test_two_workers_never_sync_one_account_at_once(
    db: Database, dovecot: Dovecot, queue: App, workers: Workers
) -> None:
    fill(dovecot, USER, PASSWORD, job_messages(150, "alex"))
    add_account(db, dovecot, "alex")
    key = worker.account_key(None, "alex")
    for _ in range(4):  # more than one per worker, all for the same account
        queue.configure_task(worker.SYNC, lock=key).defer(owner_id=None, account="alex")
    workers.start(concurrency=2)
    workers.start(concurrency=2)
    wait_for(lambda: no_sync_waiting(db), "the four syncs to finish")

    # procrastinate's events say when each job started and ended: never two at once
    spans = rows(
        db,
        "SELECT job_id, min(at) FILTER (WHERE type = 'started'), "
        "max(at) FILTER (WHERE type IN ('succeeded', 'failed')) "
        "FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id "
        "WHERE j.lock = :k GROUP BY job_id ORDER BY 2",
        k=key,
    )
    assert len(spans) >= 4  # and any the schedule queued for the account meanwhile
    for (_a, _start_a, end_a), (_b, start_b, _end_b) in itertools.pairwise(spans):
        assert end_a <= start_b
    assert count(db, "mail_ledger") == 150
    assert count(db, "messages") == 150


def test_a_server_that_is_down_is_tried_again_later(
    db: Database, dovecot: Dovecot, queue: App, workers: Workers
) -> None:
    fill(dovecot, USER, PASSWORD, job_messages(6, "alex"))
    add_account(db, dovecot, "alex")
    dovecot.stop()
    worker.request_account_sync(queue, owner_id=None, account="alex")
    workers.start()

    def retried() -> bool:
        return any(attempts >= 1 and status == "todo" for _i, status, attempts, _l in jobs(db))

    wait_for(retried, "the failed sync to be queued again")
    dovecot.start()
    wait_for(lambda: count(db, "mail_ledger") == 6, "the retry to sync the account")
    wait_for(lambda: no_sync_waiting(db), "the job to end")


def test_a_refused_sign_in_is_recorded_and_not_tried_again(
    db: Database, dovecot: Dovecot, queue: App, workers: Workers
) -> None:
    fill(dovecot, USER, PASSWORD, job_messages(3, "alex"))
    add_account(db, dovecot, "alex")
    worker.request_account_sync(queue, owner_id=None, account="alex")
    workers.start(password="not the password")

    def failed() -> bool:  # (and any sync the schedule queued meanwhile: failed too)
        found = jobs(db)
        return bool(found) and all(status == "failed" for _i, status, _a, _l in found)

    wait_for(failed, "the sync to fail")
    assert all(attempts == 1 for _i, _s, attempts, _l in jobs(db))  # a wrong password stays wrong
    events = [e for (e,) in rows(db, "SELECT type FROM procrastinate_events")]
    assert "deferred_for_retry" not in events
    assert count(db, "mail_ledger") == 0
    log = (workers.tmp_path / "worker0.log").read_text(errors="replace")
    assert "refused the login" in log


def _counts(db: Database) -> dict[str, int]:
    return {table: count(db, table) for table in COUNTED}


def test_a_worker_killed_mid_sync_loses_and_doubles_nothing(
    url: str, dovecot: Dovecot, tmp_path: Path
) -> None:
    messages = job_messages(900, "alex")
    fill(dovecot, USER, PASSWORD, messages)

    # what one clean sync files
    first = open_database(url)
    add_account(first, dovecot, "alex")
    first_workers = Workers(url, tmp_path / "clean")
    (tmp_path / "clean").mkdir()
    app = worker.job_queue(url).open()
    try:
        worker.request_account_sync(app, owner_id=None, account="alex")
        first_workers.start()
        wait_for(lambda: count(first, "mail_ledger") == 900, "the clean sync")
        wait_for(lambda: no_sync_waiting(first), "the clean sync's job to end")
        clean = _counts(first)
    finally:
        first_workers.stop()
        app.close()
        first.dispose()

    # the same from scratch, with the worker killed (SIGKILL) halfway
    _reset_postgres(url)
    db = open_database(url)
    add_account(db, dovecot, "alex")
    killed = Workers(url, tmp_path)
    app = worker.job_queue(url).open()
    try:
        worker.request_account_sync(app, owner_id=None, account="alex")
        proc = killed.start()
        wait_for(lambda: count(db, "mail_ledger") > 0, "the sync to file a first batch")
        proc.kill()
        proc.wait()
        partial = count(db, "mail_ledger")
        assert 0 < partial < 900, "killed too late to prove anything"
        # left under way (beside any sync the schedule queued meanwhile, waiting on its lock)
        assert "doing" in [s for _i, s, _a, _l in jobs(db)]

        # a new worker finds the lost worker's job and runs it again: nothing doubled
        killed.start()
        wait_for(lambda: count(db, "mail_ledger") == 900, "the sync to be finished")
        wait_for(lambda: no_sync_waiting(db), "the job to end")
        assert _counts(db) == clean
        doubled = rows(
            db,
            "SELECT message_key FROM mail_ledger GROUP BY message_key HAVING count(*) > 1",
        )
        assert doubled == []
    finally:
        killed.stop()
        app.close()
        db.dispose()


# --- from the web: a request only queues ----------------------------------------------


def test_the_web_only_queues_and_never_waits_on_mail(
    db: Database, url: str, dovecot: Dovecot
) -> None:
    from tests.web.conftest import HOST, TestClient, Web, make_context

    fill(dovecot, USER, PASSWORD, job_messages(4, "alex"))
    add_account(db, dovecot, "alex")
    dovecot.stop()  # a mail server that answers nobody: the request must not care
    web_jobs = worker.WebJobs(url)
    # (until mail accounts have owners, the local person's accounts: owner None)
    app = build_app(make_context(db, jobs=web_jobs))
    try:
        with TestClient(app, base_url=f"http://{HOST}") as client:
            web = Web(client)
            first = web.api("POST", "/api/jobs/mail-sync")
            again = web.api("POST", "/api/jobs/mail-sync")
            model = web.api("POST", "/api/jobs/model-training")
    finally:
        web_jobs.close()
    assert (first.status_code, first.json()) == (202, {"queued": 1})
    assert (again.status_code, again.json()) == (202, {"queued": 0})  # one is waiting
    assert (model.status_code, model.json()) == (202, {"queued": 1})
    assert [(s, a) for _i, s, a, _l in jobs(db)] == [("todo", 0)]
    assert count(db, "mail_ledger") == 0


def test_a_signed_in_student_queues_their_own_sync_and_training(db: Database, url: str) -> None:
    from nextround.services.accounts import add_user
    from tests.web.conftest import HOST, TestClient, Web, make_context

    ana = add_user(db=db, email="ana@example.edu", role="student", password="x" * 12, now=NOW)
    bo = add_user(db=db, email="bo@example.edu", role="student", password="x" * 12, now=NOW)
    for owner in (ana.id, bo.id):  # each has a mail account of their own, both called "work"
        with db.scoped(owner).unit() as repo:
            repo.mail.add_account(
                MailAccount(id=None, name="work", host="127.0.0.1", username="u"), now=NOW
            )
    web_jobs = worker.WebJobs(url)
    app = build_app(make_context(db, jobs=web_jobs, multi_user=True))
    try:
        with TestClient(app, base_url=f"http://{HOST}") as client:
            web = Web(client)
            assert web.api("POST", "/api/jobs/model-training").status_code == 401
            signed = web.api(
                "POST", "/api/login", {"email": "ana@example.edu", "password": "x" * 12}
            )
            assert signed.status_code == 200, signed.text
            web._token = None
            queued = web.api("POST", "/api/jobs/model-training")
            synced = web.api("POST", "/api/jobs/mail-sync")
    finally:
        web_jobs.close()
    assert (queued.status_code, queued.json()) == (202, {"queued": 1})
    # the student's own account only, not the other student's of the same name
    assert (synced.status_code, synced.json()) == (202, {"queued": 1})
    [(args,)] = rows(db, "SELECT args FROM procrastinate_jobs WHERE task_name = :t", t=worker.TRAIN)
    assert args == {"owner_id": ana.id}
    [(args,)] = rows(db, "SELECT args FROM procrastinate_jobs WHERE task_name = :t", t=worker.SYNC)
    assert args == {"owner_id": ana.id, "account": "work"}


def test_the_local_app_has_no_workers_to_ask(db: Database) -> None:
    from tests.web.conftest import HOST, TestClient, Web, make_context

    with TestClient(build_app(make_context(db)), base_url=f"http://{HOST}") as client:
        answer = Web(client).api("POST", "/api/jobs/mail-sync")
    assert answer.status_code == 422
    assert "nextround mail sync" in answer.json()["detail"]
