"""Imports running at the same time, in real processes: every message filed once.

The probe in issue 16: two copies of one mbox imported at once into one
database filed 1,710 messages instead of 928 on SQLite, and every message
twice on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from nextround.domain.errors import StoreError
from nextround.store import Database
from nextround.store.tables import MailKeyRow, MailMessageRow, MessageRow
from tests.conftest import PG_URL, _reset_postgres, unavailable
from tests.mail.messages import INVITE, REJECTION, message, write_mbox

NOW = datetime(2026, 11, 16, 10, 0)


def _mail(n: int) -> list:  # type: ignore[type-arg]
    out = []
    for i in range(n):
        body = REJECTION if i % 2 else INVITE
        out.append(
            message(
                body.replace("Alex", f"Alex {i}"),
                sender=f"hr@firm{i}.example",
                subject=f"Your application at Firm {i}",
                message_id=None if i % 5 == 0 else f"<{i}@firm.example>",
            )
        )
    return out


def _url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.sqlite'}"
    if not PG_URL:
        unavailable("NEXTROUND_TEST_DATABASE_URL not set")
    _reset_postgres(PG_URL)
    return PG_URL


def _import_at_once(url: str, paths: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "NEXTROUND_DATABASE_URL": url, "NEXTROUND_NOW": "2026-11-16T10:00:00"}
    env.pop("NEXTROUND_DATA_DIR", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "nextround", "mail", "import", str(p), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in paths
    ]
    done = []
    for proc, path in zip(procs, paths, strict=True):
        out, err = proc.communicate(timeout=600)
        done.append(subprocess.CompletedProcess([str(path)], proc.returncode, out, err))
    return done


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
@pytest.mark.parametrize("same_source", [False, True], ids=["two-copies", "same-file"])
def test_two_imports_at_once_file_each_message_once(
    backend: str, same_source: bool, tmp_path: Path
) -> None:
    url = _url(backend, tmp_path)
    n = 40
    box = write_mbox(tmp_path / "jobs.mbox", _mail(n))
    other = box if same_source else tmp_path / "copy.mbox"
    if not same_source:
        shutil.copy(box, other)
    runs = _import_at_once(url, [box, other, other])
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    from nextround.store import open_database

    db = open_database(url)
    try:
        with db.unit() as repo:
            keys = repo.session.scalar(select(func.count()).select_from(MailKeyRow))
            stored = repo.session.scalar(select(func.count()).select_from(MailMessageRow))
            messages = repo.session.scalar(select(func.count()).select_from(MessageRow))
            raws = repo.session.scalars(select(MailMessageRow.raw)).all()
        assert keys == n
        assert 0 < len(raws) == len(set(raws)) == stored == messages
    finally:
        db.dispose()


def test_the_database_refuses_a_second_claim_of_a_key(db: Database) -> None:
    with db.unit() as repo:
        assert repo.mail.claim_key("<a@b>", source="one", now=NOW)
    with db.unit() as repo:
        assert not repo.mail.claim_key("<a@b>", source="two", now=NOW)
        assert repo.mail.known_message_keys(["<a@b>"]) == {"<a@b>": "one"}
    with pytest.raises(StoreError), db.unit() as repo:
        row = {"message_key": "<a@b>", "source": "three", "created_at": NOW}
        repo.session.execute(insert(MailKeyRow), row)


def test_a_batch_claims_only_the_keys_nobody_holds(db: Database) -> None:
    with db.unit() as repo:
        assert repo.mail.claim_key("<held@b>", source="one", now=NOW)
    long_key = "<" + "x" * 600 + ">"
    with db.unit() as repo:
        claimed = repo.mail.claim_keys(
            ["<held@b>", "<new@b>", "<new@b>", "", long_key], source="two", now=NOW
        )
        assert claimed == {"<new@b>", long_key[:500]}
    with db.unit() as repo:
        assert repo.mail.known_message_keys(["<held@b>", "<new@b>", long_key]) == {
            "<held@b>": "one",
            "<new@b>": "two",
            long_key[:500]: "two",
        }
        assert repo.mail.claim_keys(["<new@b>"], source="three", now=NOW) == set()
