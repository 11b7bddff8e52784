"""`next` and `app list` on a local SQLite file: plain SQL through ``sqlite3``, no SQLAlchemy.

The same reads (store/plain.py) run through SQLAlchemy for any other database
and for a multi-user server's scoped views; both paths must print the same, and
both must agree with the repository's ORM reads they replaced.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from nextround.domain.accounts import Role
from nextround.domain.agenda import next_actions
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Direction,
    Interview,
    Message,
    MessageKind,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import Event, FeedbackThread
from nextround.services import insights, record
from nextround.store import Database, open_database, sqlite_url
from nextround.store.plain import SqliteFile, current_sqlite_file
from nextround.store.revision import HEAD_REVISION
from tests.e2e.conftest import Run

NOW = datetime(2026, 11, 16, 10, 0)  # the e2e conftest pins the clock here
STEPS: list[list[Event]] = [
    [],
    [Event.REQUEST_SENT],
    [Event.REQUEST_SENT, Event.FOLLOW_UP_SENT],
    [Event.NOT_ASKING],
    [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY],
    [Event.REQUEST_SENT, Event.GENERIC_REPLY],
]


def populate(db: Database, *, apps: int = 36) -> None:
    """Applications of every status; threads in several states with steps due and
    overdue; interviews past and to come, with panels, talking points and ratings."""
    statuses = list(ApplicationStatus)
    with db.unit() as repo:
        contact = repo.add_contact(Contact(None, "Dana Panel", company="Acme"))
        assert contact.id is not None
        for n in range(apps):
            status = statuses[n % len(statuses)]
            app = repo.add_application(
                Application(
                    None,
                    f"Company {n}",
                    f"Role {n % 7}",
                    source="referral" if n % 4 == 0 else "",
                    status=status,
                    applied_on=NOW - timedelta(days=30 + n) if n % 3 else None,
                    notes="notes\nover lines" if n % 5 == 0 else "",
                    job_url=f"https://jobs.example/{n}" if n % 2 else "",
                    location="Berlin" if n % 3 == 0 else "",
                    salary="£55-60k" if n % 8 == 0 else "",
                ),
                now=NOW - timedelta(days=n % 11, minutes=n),
            )
            assert app.id is not None
            at = NOW + timedelta(days=(n % 9) - 3, hours=n % 5, microseconds=n * 7)
            repo.add_interview(
                Interview(
                    None,
                    app.id,
                    "onsite" if n % 2 else "phone screen",
                    at,
                    contact_ids=[contact.id] if n % 3 == 0 else [],
                    talking_points=["scaling", "ownership"] if n % 2 else [],
                    self_assessment={Theme.COMMUNICATION: 3} if n % 4 == 1 else {},
                )
            )
            if status is not ApplicationStatus.REJECTED and n % 5:
                continue
            rejected = NOW - timedelta(days=n % 20 + 2)
            msg = repo.add_message(
                Message(
                    None,
                    app.id,
                    Direction.RECEIVED,
                    MessageKind.REJECTION,
                    Channel.EMAIL,
                    "We went another way.",
                    rejected,
                )
            )
            thread = FeedbackThread(None, app.id, rejected, rejection_message_id=msg.id)
            for k, event in enumerate(STEPS[n % len(STEPS)]):
                thread.apply(event, at=rejected + timedelta(hours=k + 1))
            repo.add_thread(thread)


def orm_next(db: Database, now: datetime) -> list[object]:
    """`whats_next` as the repository's ORM reads gave it before the plain SQL."""
    with db.unit() as repo:
        threads = repo.threads(open_only=True)
        interviews = repo.interviews(after=now)
        wanted = {t.application_id for t in threads} | {i.application_id for i in interviews}
        apps = {a.id: a for a in repo.applications(ids=wanted)}
    return list(
        next_actions(
            threads=threads,
            interviews=interviews,
            applications={k: v for k, v in apps.items() if k is not None},
            now=now,
        )
    )


COMMANDS = [
    ["next"],
    ["next", "--limit", "0"],
    ["next", "--json"],
    ["app", "list"],
    ["app", "list", "--json"],
    ["app", "list", "--status", "rejected"],
    ["app", "list", "--status", "offer", "--json"],
]


def test_both_paths_print_the_same(
    cli: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(sqlite_url(db_path))
    populate(db)
    db.dispose()
    assert isinstance(current_sqlite_file(db_path), SqliteFile)
    quick = [cli(*args) for args in COMMANDS]
    monkeypatch.setattr("nextround.services.adapters.plain_sqlite", lambda _path: None)
    usual = [cli(*args) for args in COMMANDS]
    for args, a, b in zip(COMMANDS, quick, usual, strict=True):
        assert (a.code, a.out, a.err) == (b.code, b.out, b.err), args
        assert a.code == 0 and a.out.strip(), args
    shown = json.loads(quick[2].out)
    assert {a["kind"] for a in shown} >= {"ask", "probe", "brief"}
    assert {a["urgency"] for a in shown} >= {"overdue", "later"}
    assert len(json.loads(quick[4].out)) == 36


def test_plain_reads_equal_the_orm_reads(db: Database) -> None:
    """On SQLite and PostgreSQL, through SQLAlchemy's text(): the same domain objects."""
    populate(db)
    with db.unit() as repo:
        assert record.list_applications(db=db) == repo.applications()
        for status in ApplicationStatus:
            assert record.list_applications(db=db, status=status) == repo.applications(
                status=status
            )
    assert insights.whats_next(db=db, now=NOW) == orm_next(db, NOW)
    assert insights.whats_next(db=db, now=NOW + timedelta(days=4)) == orm_next(
        db, NOW + timedelta(days=4)
    )


def test_plain_reads_keep_to_the_owner(db: Database) -> None:
    """A multi-user server's scoped view reads only its user's rows, as the ORM did."""
    with db.unit() as repo:
        users = repo.accounts
        one = users.add_user(email="a@x.test", role=Role.STUDENT, password_hash="h", now=NOW)
        two = users.add_user(email="b@x.test", role=Role.STUDENT, password_hash="h", now=NOW)
    populate(db.scoped(one.id), apps=12)
    populate(db.scoped(two.id), apps=7)
    for user, count in ((one, 12), (two, 7)):
        mine = db.scoped(user.id)
        apps = record.list_applications(db=mine)
        assert len(apps) == count
        with mine.unit() as repo:
            assert apps == repo.applications()
        assert insights.whats_next(db=mine, now=NOW) == orm_next(mine, NOW)
        assert {a.application_id for a in insights.whats_next(db=mine, now=NOW)} <= {
            a.id for a in apps
        }


def test_sqlite_reads_equal_the_sqlalchemy_reads(sqlite_db: Database, tmp_path: Path) -> None:
    populate(sqlite_db)
    path = tmp_path / "test.sqlite"
    quick = current_sqlite_file(path)
    assert quick is not None
    assert record.list_applications(db=quick) == record.list_applications(db=sqlite_db)
    for when in (NOW, NOW - timedelta(days=10), NOW + timedelta(days=3, microseconds=21)):
        assert insights.whats_next(db=quick, now=when) == insights.whats_next(
            db=sqlite_db, now=when
        )


def test_quick_path_only_on_a_current_private_file(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    assert current_sqlite_file(path) is None  # missing: created the usual way
    open_database(sqlite_url(path)).dispose()
    assert current_sqlite_file(path) is not None
    path.chmod(0o644)
    assert current_sqlite_file(path) is None  # the usual way narrows it first
    path.chmod(0o600)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert current_sqlite_file(path) is None  # the usual way migrates it
    (tmp_path / "junk.sqlite").write_text("not a database")
    (tmp_path / "junk.sqlite").chmod(0o600)
    assert current_sqlite_file(tmp_path / "junk.sqlite") is None


PROBE = """
import sys
from nextround.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("SQLALCHEMY" if "sqlalchemy" in sys.modules else "NO-SQLALCHEMY", file=sys.stderr)
sys.exit(code)
"""


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEXTROUND_NOW": "2026-11-16T10:00:00",
        "NEXTROUND_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("NEXTROUND_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=False
    )


def _previous_revision() -> str:
    """The revision the newest migration starts from."""
    from alembic.script import ScriptDirectory

    from nextround.store.database import MIGRATIONS

    script = ScriptDirectory(str(MIGRATIONS))
    down = script.get_revision(HEAD_REVISION).down_revision
    assert isinstance(down, str)
    return down


def _upgrade_to(path: Path, revision: str) -> None:
    """A SQLite file migrated up to ``revision`` and no further."""
    from alembic import command
    from alembic.config import Config

    from nextround.store.database import MIGRATIONS

    db = open_database(sqlite_url(path), migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    db.dispose()


def test_next_and_app_list_never_import_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    first = _run("--db", str(path), "next", tmp_path=tmp_path)  # no file yet: created
    assert first.returncode == 0, first.stderr
    assert "SQLALCHEMY" in first.stderr.split()
    db = open_database(sqlite_url(path))
    populate(db)
    db.dispose()
    for args in (["next"], ["next", "--json"], ["app", "list"], ["app", "list", "--json"]):
        done = _run("--db", str(path), *args, tmp_path=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip()
        assert done.stderr.split()[-1] == "NO-SQLALCHEMY", args
    # a database one migration behind takes the usual path, which migrates it first
    behind = tmp_path / "behind.sqlite"
    _upgrade_to(behind, _previous_revision())
    old = _run("--db", str(behind), "app", "list", tmp_path=tmp_path)
    assert old.returncode == 0, old.stderr
    assert old.stderr.split()[-1] == "SQLALCHEMY"
    with sqlite3.connect(behind) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]


def test_an_empty_database_says_so_on_both_paths(
    cli: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(sqlite_url(db_path)).dispose()
    quick = [cli(*args) for args in COMMANDS]
    monkeypatch.setattr("nextround.services.adapters.plain_sqlite", lambda _path: None)
    usual = [cli(*args) for args in COMMANDS]
    assert [(r.code, r.out, r.err) for r in quick] == [(r.code, r.out, r.err) for r in usual]
    assert quick[0].out.startswith("nothing due")
    assert quick[3].out.startswith("no applications yet")
    assert json.loads(quick[2].out) == [] and json.loads(quick[4].out) == []


WHEN = (
    NOW - timedelta(days=30),
    NOW - timedelta(days=3),
    NOW,
    NOW + timedelta(days=3, microseconds=21),
    NOW + timedelta(days=40),
)


def _first_steps_agree(db: Database) -> None:
    for when in WHEN:
        full = insights.whats_next(db=db, now=when)
        for limit in (1, 3, 7, 100):
            with db.reading() as rows:
                first = insights.first_steps_in(rows, now=when, limit=limit)
            assert first.actions == full[:limit], (when, limit)
            assert first.total == len(full), (when, limit)
            assert first.overdue == sum(1 for a in full if a.overdue(when)), (when, limit)


def test_the_first_steps_are_the_first_of_all(db: Database) -> None:
    """The home page's bounded read (the database counts, sorts and limits, from each
    thread's stored due time) gives the first steps of the whole agenda and counts all
    of them, on SQLite and PostgreSQL, at times on both sides of every step."""
    populate(db, apps=60)
    _first_steps_agree(db)
    with db.reading() as rows:
        first = insights.first_steps_in(rows, now=NOW, limit=100)
    assert first.overdue and first.total > first.overdue  # both kinds are covered


def test_the_first_steps_keep_to_the_owner(db: Database) -> None:
    with db.unit() as repo:
        users = repo.accounts
        one = users.add_user(email="a@x.test", role=Role.STUDENT, password_hash="h", now=NOW)
        two = users.add_user(email="b@x.test", role=Role.STUDENT, password_hash="h", now=NOW)
    populate(db.scoped(one.id), apps=12)
    populate(db.scoped(two.id), apps=30)
    for user in (one, two):
        _first_steps_agree(db.scoped(user.id))


def test_upgrading_to_stored_due_times_fills_them_in(tmp_path: Path) -> None:
    """0017 works out the due time of every open thread already there."""
    from alembic import command
    from alembic.config import Config

    from nextround.store.database import MIGRATIONS

    path = tmp_path / "old.sqlite"
    db = open_database(sqlite_url(path))
    populate(db, apps=60)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, _previous_revision())
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(threads)")]
    assert "due_at" not in columns
    db.dispose()
    upgraded = open_database(sqlite_url(path))
    _first_steps_agree(upgraded)
    upgraded.dispose()
