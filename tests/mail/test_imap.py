"""Syncing from a real IMAP server (Dovecot) and putting drafts back in it."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from email.message import EmailMessage

import pytest

from nextround.analysis import RuleJudge
from nextround.domain.errors import MailError
from nextround.domain.mailbox import ImportSummary, MailAccount, Security
from nextround.services import record
from nextround.services.ingest import sync_account
from nextround.services.mail_accounts import Passwords, add_account, connector
from nextround.services.mail_drafts import place_draft
from nextround.store import Database
from tests.mail.conftest import MemoryKeyring
from tests.mail.dovecot import PASSWORD, USER, Dovecot
from tests.mail.messages import INVITE, PERSONAL, REJECTION, job_mail, message

NOW = datetime(2026, 11, 16, 10, 0)


def seed(server: Dovecot, messages: list[EmailMessage], folder: str = "INBOX") -> None:
    client = server.client()
    try:
        for msg in messages:
            client.append(folder, bytes(msg))
    finally:
        client.logout()


def sync(
    db: Database,
    account: MailAccount,
    *,
    password: str = PASSWORD,
    **options: object,
) -> ImportSummary:
    connect = connector(Passwords(secrets=MemoryKeyring(present=False), env_password=password))
    return sync_account(
        db=db,
        judge=RuleJudge(),
        account=account,
        connect=connect,
        now=NOW,
        **options,  # type: ignore[arg-type]
    )


def counts(db: Database) -> tuple[int, int, int]:
    with db.unit() as repo:
        return len(repo.messages()), len(repo.threads()), sum(repo.mail.count_ledger().values())


def northwind(db: Database) -> int:
    app = record.add_application(db=db, company="Northwind Health", role="Data Analyst", now=NOW)
    record.add_contact(
        db=db, name="Dana Whitfield", company="Northwind Health", email="dana@northwind-health.com"
    )
    assert app.id is not None
    return app.id


def test_first_sync_then_nothing_new_then_new_mail(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    northwind(sqlite_db)
    seed(dovecot, job_mail())
    first = sync(sqlite_db, account)
    assert (first.read, first.filed, first.inbox, first.skipped, first.errors) == (3, 1, 1, 1, [])
    before = counts(sqlite_db)
    again = sync(sqlite_db, account)
    assert (again.read, again.already) == (0, 3) and counts(sqlite_db) == before
    seed(dovecot, [message(PERSONAL, sender="mum@gmail.com", message_id="<new@x>")])
    later = sync(sqlite_db, account)
    assert (later.read, later.skipped, later.already) == (1, 1, 3)


def test_starttls_and_since(sqlite_db: Database, dovecot: Dovecot, account: MailAccount) -> None:
    seed(dovecot, job_mail())
    plain_port = dataclasses.replace(account, port=dovecot.port, security=Security.STARTTLS)
    assert sync(sqlite_db, plain_port).read == 3
    future = sync(
        sqlite_db, dataclasses.replace(account, name="other"), since=datetime(2099, 1, 1).date()
    )
    assert future.read == 0 and future.already == 0


def test_uidvalidity_change_doubles_nothing(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    northwind(sqlite_db)
    jobs = dataclasses.replace(account, folders=["Jobs"])
    seed(dovecot, job_mail(), folder="Jobs")
    assert sync(sqlite_db, jobs).read == 3
    before = counts(sqlite_db)
    client = dovecot.client()
    try:
        old = client.select_folder("Jobs")[b"UIDVALIDITY"]
        client.close_folder()
        client.delete_folder("Jobs")
        client.create_folder("Jobs")
        for msg in job_mail():
            client.append("Jobs", bytes(msg))
        assert client.select_folder("Jobs")[b"UIDVALIDITY"] != old
    finally:
        client.logout()
    renumbered = sync(sqlite_db, jobs)
    assert (renumbered.read, renumbered.skipped, renumbered.filed) == (3, 3, 0)
    assert any("UIDVALIDITY" in n.detail for n in renumbered.notes)
    messages, threads, ledger = counts(sqlite_db)
    assert (messages, threads) == before[:2] and ledger == before[2] + 3
    assert sync(sqlite_db, jobs).read == 0


def test_a_dropped_connection_resumes_without_doubles(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    many = [
        message(INVITE if i % 2 else PERSONAL, sender=f"t@co{i}.example", message_id=f"<{i}@c>")
        for i in range(30)
    ]
    seed(dovecot, many)
    calls: list[int] = []

    def pull_the_plug(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            dovecot.stop()

    cut = sync(sqlite_db, account, batch=5, progress=pull_the_plug)
    assert cut.read == 10 and len(cut.errors) == 1
    assert "connection" in cut.errors[0] or "cannot reach" in cut.errors[0]
    dovecot.start()
    rest = sync(sqlite_db, account, batch=5)
    assert (rest.read, rest.already, rest.errors) == (20, 10, [])
    _, _, ledger = counts(sqlite_db)
    assert ledger == 30


def test_a_wrong_password_is_one_clear_line(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    summary = sync(sqlite_db, account, password="wrong")
    assert summary.errors == [
        f"test: 127.0.0.1:{dovecot.tls_port} refused the login for {USER}: "
        "wrong user name or password"
    ]
    untrusted = sync(sqlite_db, dataclasses.replace(account, ca_file=""))  # self-signed
    [line] = untrusted.errors
    assert "cannot trust 127.0.0.1" in line and "--ca-file" in line


def test_add_account_checks_and_keeps_the_password_in_the_keyring(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    keyring = MemoryKeyring()
    stored = add_account(
        db=sqlite_db,
        name="work",
        host="127.0.0.1",
        port=dovecot.tls_port,
        username=USER,
        password=PASSWORD,
        secrets=keyring,
        verify=connector(Passwords(secrets=keyring, env_password=PASSWORD)),
        folders=["INBOX", "Jobs"],
        ca_file=str(dovecot.cert),
        now=NOW,
    )
    assert stored.password_in_keyring and keyring.saved[("work", USER)] == PASSWORD
    with sqlite_db.engine.connect() as conn:
        dump = "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM mail_accounts"))
    assert PASSWORD not in dump
    with pytest.raises(MailError, match="no folder 'Nope'"):
        add_account(
            db=sqlite_db,
            name="bad",
            host="127.0.0.1",
            port=dovecot.tls_port,
            username=USER,
            password=PASSWORD,
            secrets=keyring,
            verify=connector(Passwords(secrets=keyring, env_password=PASSWORD)),
            folders=["Nope"],
            ca_file=str(dovecot.cert),
            now=NOW,
        )


def test_a_draft_lands_in_drafts_threaded_to_the_rejection(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    app_id = northwind(sqlite_db)
    record.set_user_name(db=sqlite_db, name="Alex Morgan")
    record.record_interview(
        db=sqlite_db,
        application_id=app_id,
        stage="final panel",
        when=datetime(2026, 11, 10, 14),
        contact_ids=[1],
        talking_points=["the readmission dashboard"],
        now=NOW,
    )
    seed(dovecot, [message(REJECTION, message_id="<rej@northwind-health.com>")])
    assert sync(sqlite_db, account).filed == 1
    with sqlite_db.unit() as repo:
        repo.mail.add_account(account, now=NOW)
        thread = repo.thread_for_application(app_id)
    assert thread is not None and thread.id is not None
    connect = connector(Passwords(secrets=MemoryKeyring(present=False), env_password=PASSWORD))
    placed = place_draft(db=sqlite_db, thread_id=thread.id, connect=connect, now=NOW)
    assert placed.where == "imap:test/Drafts"
    client = dovecot.client()  # a second client sees it
    try:
        client.select_folder("Drafts", readonly=True)
        [uid] = client.search(["ALL"])
        got = client.fetch([uid], ["FLAGS", "BODY.PEEK[]"])[uid]
    finally:
        client.logout()
    assert b"\\Draft" in got[b"FLAGS"]
    raw = got[b"BODY[]"]
    assert b"In-Reply-To: <rej@northwind-health.com>" in raw
    assert b"Subject: Re: Your application" in raw and b"To: dana@northwind-health.com" in raw
    assert f"Message-ID: {placed.header_id}".encode() in raw
    seed(dovecot, [])  # nothing was sent: the inbox holds only the rejection
    check = dovecot.client()
    try:
        assert check.select_folder("INBOX", readonly=True)[b"EXISTS"] == 1
    finally:
        check.logout()


def test_a_large_message_is_streamed_and_its_text_after_the_attachment_is_read(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from nextround.mail import imap

    northwind(sqlite_db)
    big = MIMEMultipart()
    big["From"] = "Dana Whitfield <dana@northwind-health.com>"
    big["To"] = "alex@example.org"
    big["Subject"] = "Your application"
    big["Message-ID"] = "<big@northwind-health.com>"
    # the attachment comes first and is larger than what is fetched whole: the text
    # after it is only there if the whole message was streamed, piece by piece
    big.attach(MIMEApplication(b"%PDF" + b"x" * 3_500_000, Name="portfolio.pdf"))
    big.attach(MIMEText(REJECTION))
    assert len(bytes(big)) > 2 * imap.PIECE_BYTES
    seed(dovecot, [big])
    summary = sync(sqlite_db, account)
    assert (summary.read, summary.filed, summary.errors) == (1, 1, [])
    notes = " ".join(n.detail for n in summary.notes)
    assert "attachment portfolio.pdf" in notes and "not loaded" in notes
    with sqlite_db.unit() as repo:
        [stored] = repo.messages()
        [thread] = repo.threads()
    assert "move forward with another candidate" in stored.text
    assert stored.thread_id == thread.id is not None
