"""The server's workers syncing many mail accounts, against a bare IMAP fetch loop.

    python bench/worker_sync.py --db postgresql://postgres@127.0.0.1/scratch
    python bench/worker_sync.py --db ... --accounts 200 --messages 200   # the issue's size

It starts a Dovecot of its own (tests/mail/dovecot.py) with one user per
account, each with one mailbox of ``--messages`` distinct job mails, and
measures in the same run, over the same mailboxes:

- the floor: a bare imapclient loop that signs in to each account in turn,
  selects INBOX and fetches every message's bytes (BODY.PEEK[]), nothing more;
- one ``nextround worker`` process syncing every account (a queued
  ``sync_account`` job each: fetch, parse, judge, file, ledger);
- two worker processes sharing the same jobs.

The database is reset before each worker run (THE DATABASE GIVEN IS WIPED).
A worker's time runs from its first job's start to its last job's end, as
the queue recorded them (procrastinate_events), so process start-up is left
out. It prints messages per second and the ratios to the floor, and the
two workers' speed-up over one.

While mail accounts have no owner (one local person per database), every
sync holds the database's one import lock (services/ingest.py), so two
workers take turns; with accounts owned by users the lock is per person.
"""

from __future__ import annotations

import argparse
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from tests.conftest import _reset_postgres  # noqa: E402
from tests.mail.dovecot import Dovecot  # noqa: E402
from tests.mail.mailboxes import add_users, fill, job_messages  # noqa: E402

from nextround.domain.mailbox import MailAccount, Security  # noqa: E402
from nextround.services import worker  # noqa: E402
from nextround.store import Database, open_database  # noqa: E402

PASSWORD = "bench horse battery"
NOW = datetime(2026, 11, 16, 10, 0)
PATIENCE = 3600.0


def _names(count: int) -> list[str]:
    return [f"user{i:03d}" for i in range(count)]


def bare_fetch(server: Dovecot, names: list[str]) -> tuple[float, int]:
    """Sign in to each account, fetch every message of INBOX; seconds and messages."""
    from imapclient import IMAPClient

    context = ssl.create_default_context(cafile=str(server.cert))
    fetched = 0
    start = time.perf_counter()
    for name in names:
        client = IMAPClient("127.0.0.1", port=server.tls_port, ssl=True, ssl_context=context)
        client.login(name, PASSWORD)
        client.select_folder("INBOX", readonly=True)
        uids = client.search("ALL")
        for first in range(0, len(uids), 100):
            fetched += len(client.fetch(uids[first : first + 100], ["BODY.PEEK[]"]))
        client.logout()
    return time.perf_counter() - start, fetched


def _prepare(url: str, server: Dovecot, names: list[str]) -> Database:
    _reset_postgres(url)
    db = open_database(url)
    with db.unit() as repo:
        for name in names:
            repo.mail.add_account(
                MailAccount(
                    id=None,
                    name=name,
                    host="127.0.0.1",
                    port=server.tls_port,
                    username=name,
                    security=Security.TLS,
                    folders=["INBOX"],
                    ca_file=str(server.cert),
                ),
                now=NOW,
            )
    queue = worker.job_queue(url).open()
    try:
        for name in names:
            worker.request_account_sync(queue, owner_id=None, account=name)
    finally:
        queue.close()
    return db


def _scalar(db: Database, sql: str) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def run_workers(url: str, server: Dovecot, names: list[str], processes: int, data: Path) -> float:
    """Seconds from the first sync's start to the last one's end, with ``processes`` workers."""
    db = _prepare(url, server, names)
    env = {
        **os.environ,
        "NEXTROUND_DATA_DIR": str(data),
        "NEXTROUND_MAIL_PASSWORD": PASSWORD,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("NEXTROUND_DATABASE_URL", None)
    command = [sys.executable, "-m", "nextround", "--db", url, "worker"]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(processes)
    ]
    syncs = f"SELECT count(*) FROM procrastinate_jobs WHERE task_name = '{worker.SYNC}'"
    left = f"{syncs} AND status IN ('todo', 'doing')"
    try:
        deadline = time.monotonic() + PATIENCE
        while _scalar(db, left):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise SystemExit("the workers did not finish")
            time.sleep(0.5)
        failed = _scalar(db, f"{syncs} AND status = 'failed'")
        if failed:
            raise SystemExit(f"{failed} syncs failed")
        span = _scalar(
            db,
            "SELECT extract(epoch FROM max(e.at) - min(e.at)) FROM procrastinate_events e "
            f"JOIN procrastinate_jobs j ON j.id = e.job_id WHERE j.task_name = '{worker.SYNC}' "
            "AND e.type IN ('started', 'succeeded')",
        )
        ledger = _scalar(db, "SELECT count(*) FROM mail_ledger")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=120)
        db.dispose()
    if ledger != len(names) * MESSAGES[0]:
        raise SystemExit(f"the ledger has {ledger} rows, not {len(names) * MESSAGES[0]}")
    return float(span)  # type: ignore[arg-type]


MESSAGES = [0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a scratch PostgreSQL database (wiped)")
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--messages", type=int, default=50)
    args = parser.parse_args()
    MESSAGES[0] = args.messages
    names = _names(args.accounts)
    total = args.accounts * args.messages
    with tempfile.TemporaryDirectory(prefix="nextround-bench-") as folder:
        root = Path(folder)
        root.chmod(0o755)
        server = Dovecot(root / "dovecot")
        server.configure()
        add_users(server, names, PASSWORD)
        server.start()
        try:
            for name in names:
                fill(server, name, PASSWORD, job_messages(args.messages, name))
            bare, fetched = bare_fetch(server, names)
            assert fetched == total, fetched
            one = run_workers(args.db, server, names, 1, root / "data1")
            two = run_workers(args.db, server, names, 2, root / "data2")
        finally:
            server.stop()
    print(
        f"{args.accounts} accounts x {args.messages} messages on Dovecot: bare imapclient "
        f"fetch {total / bare:.0f} msg/s (1.00x); 1 worker {total / one:.0f} msg/s "
        f"({bare / one:.2f}x of the floor); 2 workers {total / two:.0f} msg/s "
        f"({bare / two:.2f}x); 2 workers vs 1: {one / two:.2f}x"
    )


if __name__ == "__main__":
    main()
