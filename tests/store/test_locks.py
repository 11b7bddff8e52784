"""Locks every process on one database shares: migrating a new database, importing into it.

The probe in issue 16: four processes using a new database at once, 1-3 of
them failed on SQLite ("table applications already exists") and 3 of 4 on
PostgreSQL, every time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from nextround.store import Database, open_database
from tests.conftest import PG_URL, _reset_postgres, unavailable


def _url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'new.sqlite'}"
    if not PG_URL:
        unavailable("NEXTROUND_TEST_DATABASE_URL not set")
    _reset_postgres(PG_URL)  # an empty schema: a new database
    return PG_URL


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_four_processes_on_a_new_database_all_start(backend: str, tmp_path: Path) -> None:
    url = _url(backend, tmp_path)
    env = {**os.environ, "NEXTROUND_DATABASE_URL": url}
    code = "from nextround.store import open_database; open_database(__import__('sys').argv[1])"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, url], env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    db = open_database(url)
    try:
        assert db.current_revision() is not None
    finally:
        db.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_second_holder_waits_and_is_told(backend: str, tmp_path: Path) -> None:
    url = _url(backend, tmp_path)
    first, second = open_database(url), open_database(url)
    held, waited, order = threading.Event(), threading.Event(), []

    def hold() -> None:
        with first.lock("import"):
            held.set()
            waited.wait(timeout=60)
            order.append("first done")

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(timeout=60)
    try:
        with second.lock("import", on_wait=waited.set):
            order.append("second in")
    finally:
        thread.join()
        first.dispose()
        second.dispose()
    assert waited.is_set() and order == ["first done", "second in"]


def test_an_in_memory_database_needs_no_lock(tmp_path: Path) -> None:
    db: Database = open_database("sqlite://")
    with db.lock("import"), db.lock("import"):
        pass
    db.dispose()


def test_migration_0003_claims_the_keys_already_in_the_ledger(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from nextround.store.database import MIGRATIONS

    db = open_database(f"sqlite:///{tmp_path / 'old.sqlite'}", migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        for n, (key, status) in enumerate(
            [("<a>", "filed"), ("<a>", "skipped"), ("<b>", "failed")]
        ):
            conn.execute(
                text(
                    "INSERT INTO mail_ledger (source, folder, item_key, message_key, status,"
                    " error, created_at, updated_at) VALUES (:s, '', :k, :m, :st, '', :t, :t)"
                ),
                {"s": f"src{n}", "k": str(n), "m": key, "st": status, "t": "2026-11-16 10:00"},
            )
    db.migrate()
    with db.unit() as repo:
        assert repo.mail.known_message_keys(["<a>", "<b>"]) == {"<a>": "src0"}
    db.dispose()
