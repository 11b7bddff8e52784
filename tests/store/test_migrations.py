"""Upgrading a database that already holds a job search keeps every row of it.

SQLite adds a referencing column by rebuilding the table; with foreign keys on,
the DROP inside that rebuild once deleted every interview, thread and status
change of every application (ON DELETE CASCADE) when 0009 added row owners.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from nextround.store.database import HEAD_REVISION, MIGRATIONS, open_database
from tests.conftest import PG_URL, _reset_postgres, unavailable

ROWS = {
    "applications": "INSERT INTO applications (id, company, role, source, status, notes, "
    "created_at, updated_at, job_url, location, salary) VALUES (1, 'Acme', 'Analyst', '', "
    "'interviewing', '', '2026-01-01 09:00:00', '2026-01-01 09:00:00', '', '', '')",
    "interviews": "INSERT INTO interviews (id, application_id, stage, at, talking_points, "
    "notes, self_assessment) VALUES (1, 1, 'panel', '2026-01-05 10:00:00', '[]', '', '{}')",
    "status_changes": "INSERT INTO status_changes (application_id, at, from_status, "
    "to_status) VALUES (1, '2026-01-05 10:00:00', 'applied', 'interviewing')",
    "interview_invitations": "INSERT INTO interview_invitations (uid, interview_id, "
    "sequence, imported_at) VALUES ('invite-1', 1, 0, '2026-01-04 08:00:00')",
    "import_keys": "INSERT INTO import_keys (key, application_id) VALUES ('huntr:42', 1)",
    "calendar_events": "INSERT INTO calendar_events (uid, content_hash, sequence, "
    "cancelled, title, starts_at, all_day, changed_at) VALUES ('interview-1.abc@nextround', "
    "'0', 2, false, 'Panel', '2026-01-05 10:00:00', false, '2026-01-04 08:00:00')",
    "threads": "INSERT INTO threads (id, application_id, interview_id, rejected_at, state) "
    "VALUES (1, 1, 1, '2026-01-09 12:00:00', 'rejected')",
    "messages": "INSERT INTO messages (id, application_id, thread_id, direction, kind, "
    "channel, subject, text, at) VALUES (1, 1, 1, 'in', 'rejection', 'email', 'News', "
    "'Thank you', '2026-01-09 12:00:00')",
    "mail_accounts": "INSERT INTO mail_accounts (id, name, host, port, username, security, "
    "folders, drafts_folder, address, ca_file, password_in_keyring, created_at) VALUES (1, "
    "'work', 'imap.example.org', 993, 'ana', 'tls', '[\"INBOX\"]', '', '', '', true, "
    "'2026-01-01 09:00:00')",
    "mail_ledger": "INSERT INTO mail_ledger (id, source, folder, item_key, uidvalidity, uid, "
    "message_key, status, error, message_id, created_at, updated_at) VALUES (1, 'imap:work', "
    "'INBOX', '7:1', 7, 1, 'mid:<a@b>', 'filed', '', 1, '2026-01-09 12:00:00', "
    "'2026-01-09 12:00:00')",
    "mail_keys": "INSERT INTO mail_keys (message_key, source, created_at) VALUES "
    "('mid:<a@b>', 'imap:work', '2026-01-09 12:00:00')",
    "mail_messages": "INSERT INTO mail_messages (id, message_id, header_id, in_reply_to, refs, "
    "sender, sender_name, quoted, signature, attachments, raw, raw_complete) VALUES (1, 1, "
    "'<a@b>', '', '', 'hr@acme.example', '', '', '', '[]', 'raw', true)",
    "mail_drafts": "INSERT INTO mail_drafts (id, header_id, thread_id, step, placed, "
    "created_at) VALUES (1, '<d@nextround>', 1, 'ask', 'INBOX.Drafts', '2026-01-09 13:00:00')",
}
MAIL = ("mail_accounts", "mail_ledger", "mail_keys", "mail_messages", "mail_drafts")


def _url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'old.sqlite'}"
    if not PG_URL:
        unavailable("NEXTROUND_TEST_DATABASE_URL not set")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_upgrading_from_0008_keeps_every_row(backend: str, tmp_path: Path) -> None:
    url = _url(backend, tmp_path)
    old = open_database(url, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
    with old.engine.begin() as conn:
        for sql in ROWS.values():
            conn.execute(text(sql))
    old.dispose()

    db = open_database(url)  # upgrades to the newest revision
    try:
        assert db.current_revision() == HEAD_REVISION
        with db.engine.connect() as conn:
            counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ROWS}
            if backend == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert counts == dict.fromkeys(ROWS, 1)
        # 0013: rows of the one local user keep no owner, and their keys as they were
        with db.unit() as repo:
            assert repo.import_keys() == {"huntr:42": 1}
            [event] = repo.calendar.stored_events()
            assert (event.uid, event.sequence) == ("interview-1.abc@nextround", 2)
            assert repo.calendar.invitation("invite-1") == (1, 0)
        # 0015: the local user's mail keeps no owner, and its names and keys as they were
        with db.unit() as repo:
            assert [a.name for a in repo.mail.accounts()] == ["work"]
            [entry] = repo.mail.ledger()
            assert (entry.source, entry.item_key, entry.message_id) == ("imap:work", "7:1", 1)
            assert repo.mail.known_message_keys(["mid:<a@b>"]) == {"mid:<a@b>": "imap:work"}
            assert repo.mail.mail(1) is not None
        with db.engine.connect() as conn:
            for table in ("import_keys", "calendar_events", "interview_invitations", *MAIL):
                owners = conn.execute(text(f"SELECT owner_id FROM {table}")).scalars().all()
                assert owners == [None], table
    finally:
        db.dispose()
