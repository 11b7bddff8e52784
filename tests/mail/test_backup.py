"""A backup carries the mail side too: accounts, ledger, raw messages, placed drafts."""

from __future__ import annotations

import json
from pathlib import Path

from nextround.services import backup
from nextround.store import Database, open_database, sqlite_url
from tests.mail.messages import job_mail, write_mbox
from tests.mail.test_import import NOW, northwind, run


def test_round_trip_keeps_the_mail_and_stays_idempotent(db: Database, tmp_path: Path) -> None:
    northwind(db)
    box = write_mbox(tmp_path / "jobs.mbox", job_mail())
    first_run = run(db, box)
    assert first_run.read > 0
    dump = tmp_path / "first.json"
    counts = backup.export_file(db=db, path=dump, now=NOW)
    assert counts["mail rows"] > 0
    data = json.loads(dump.read_text())
    assert data["mail"]["mail_ledger"] and data["mail"]["mail_messages"]
    assert "base64" in data["mail"]["mail_messages"][0]["raw"]

    restored = open_database(sqlite_url(tmp_path / "restored.sqlite"))
    backup.import_file(db=restored, path=dump)
    again = tmp_path / "second.json"
    backup.export_file(db=restored, path=again, now=NOW)
    assert json.loads(again.read_text()) == data

    # the restored ledger still knows every message: importing the same mbox adds nothing
    second_run = run(restored, box)
    assert second_run.filed == 0 and second_run.inbox == 0
    assert second_run.already == first_run.read
    restored.dispose()
