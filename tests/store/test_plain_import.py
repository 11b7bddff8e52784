"""`app import`'s plain SQL (store/plain_import.py) run by both executors.

The same files imported through a ``Repository`` (SQLAlchemy, any database)
and through ``SqliteFile`` (``sqlite3``, a local file at the newest schema)
must leave the same rows, down to the text of each time on SQLite; an import
that fails or is killed part-way leaves nothing; and ``nextround app import``
on an up-to-date local file never imports SQLAlchemy.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from nextround.domain.model import ApplicationStatus
from nextround.services import record
from nextround.services.history_import import ImportReport, import_history_file
from nextround.store import Database, open_database, sqlite_url
from nextround.store.plain import SqliteFile, current_sqlite_file
from nextround.store.plain_import import Writable
from tests.e2e.test_quick_reads import _run

FIXTURES = Path(__file__).parent.parent / "fixtures" / "trackers"
NOW = datetime(2026, 11, 16, 10, 0)
TABLES = ("applications", "import_keys", "status_changes")


def _moved_huntr(folder: Path) -> Path:
    """huntr.csv with its first row moved on to an interview later than it was."""
    text = (FIXTURES / "huntr.csv").read_text(encoding="utf-8")
    moved = text.replace(
        "hx-101,Data Analyst,Northwind Health,Applied,",
        "hx-101,Data Analyst,Northwind Health,Interview,",
    ).replace("2026-10-02T09:00:00.000Z", "2026-10-20T09:00:00.000Z", 1)
    assert moved != text
    path = folder / "huntr-moved.csv"
    path.write_text(moved, encoding="utf-8")
    return path


def _populate_and_import(db: Database, target: Writable, folder: Path) -> list[ImportReport]:
    """One application typed in by hand (``db``, the ORM), then every fixture imported
    into ``target``, twice, and a file that moves one row on."""
    record.add_application(
        db=db, company="Fabrikam", role="Platform Engineer", status=ApplicationStatus.SAVED,
        now=datetime(2026, 10, 1, 9, 0),
    )  # fmt: skip
    reports = []
    for name in ("huntr.csv", "jobsync.csv", "simplify.csv", "justajobapp.csv", "applications.md"):
        for _ in range(2):
            reports.append(import_history_file(db=target, path=FIXTURES / name, now=NOW))
    reports.append(import_history_file(db=target, path=_moved_huntr(folder), now=NOW))
    dry = import_history_file(db=target, path=FIXTURES / "spreadsheet.csv", now=NOW, dry_run=True)
    reports.append(dry)
    return reports


def _figures(reports: list[ImportReport]) -> list[tuple[object, ...]]:
    return [(r.format, r.rows, r.added, r.changed, r.unchanged, r.written) for r in reports]


def _raw(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the import's tables as SQLite stores them (times as text)."""
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def _dump(db: Database) -> dict[str, list[dict[str, Any]]]:
    with db.unit() as repo:
        return {t: repo.dump_rows(t) for t in TABLES}


def test_both_executors_write_the_same_sqlite_rows(tmp_path: Path) -> None:
    usual_path, quick_path = tmp_path / "usual.sqlite", tmp_path / "quick.sqlite"
    usual, other = open_database(sqlite_url(usual_path)), open_database(sqlite_url(quick_path))
    try:
        quick = current_sqlite_file(quick_path)
        assert quick is not None
        by_repository = _populate_and_import(usual, usual, tmp_path)
        by_sqlite3 = _populate_and_import(other, quick, tmp_path)
        assert _figures(by_repository) == _figures(by_sqlite3)
        assert sum(r.added for r in by_sqlite3) > 10
        assert sum(r.changed for r in by_sqlite3) == 1
        assert _raw(usual_path) == _raw(quick_path)  # the same text, times included
        assert _dump(usual) == _dump(other)  # and the ORM reads them back the same
        assert record.list_applications(db=usual) == record.list_applications(db=other)
    finally:
        usual.dispose()
        other.dispose()


def test_any_database_through_sqlalchemy_writes_what_sqlite3_writes(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "plain.sqlite"
    local = open_database(sqlite_url(path))
    try:
        quick = current_sqlite_file(path)
        assert quick is not None
        by_sqlite3 = _populate_and_import(local, quick, tmp_path)
        by_repository = _populate_and_import(db, db, tmp_path)  # PostgreSQL too
        assert _figures(by_repository) == _figures(by_sqlite3)
        assert _dump(db) == _dump(local)
    finally:
        local.dispose()


def _big_csv(path: Path, count: int) -> Path:
    lines = ["company,role,status,applied"]
    lines += [f"Company {n},Analyst,Applied,2026-10-{1 + n % 28:02d}" for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _Stop(Exception):
    pass


@pytest.mark.parametrize("quick", [True, False], ids=["sqlite3", "sqlalchemy"])
def test_a_failed_import_leaves_nothing(tmp_path: Path, quick: bool) -> None:
    path = tmp_path / "test.sqlite"
    db = open_database(sqlite_url(path))
    target: Writable = current_sqlite_file(path) or db if quick else db
    assert isinstance(target, SqliteFile) is quick
    big = _big_csv(tmp_path / "big.csv", 1800)  # several batches are written before it fails

    def fail(done: int, _size: int) -> None:
        if done > big.stat().st_size // 2:
            raise _Stop

    with pytest.raises(_Stop):
        import_history_file(db=target, path=big, now=NOW, on_progress=fail)
    assert all(rows == [] for rows in _raw(path).values())
    report = import_history_file(db=target, path=big, now=NOW)  # nothing left locked either
    assert report.added == 1800
    assert len(_raw(path)["applications"]) == 1800
    db.dispose()


KILLED = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
from nextround.services.history_import import import_history_file
from nextround.store.plain import current_sqlite_file
quick = current_sqlite_file(Path(sys.argv[1]))
assert quick is not None

def die(done, size):
    if done > size // 2:
        os.kill(os.getpid(), signal.SIGKILL)

import_history_file(db=quick, path=Path(sys.argv[2]), now=datetime(2026, 11, 16), on_progress=die)
"""


def test_a_killed_import_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "test.sqlite"
    open_database(sqlite_url(path)).dispose()
    big = _big_csv(tmp_path / "big.csv", 1800)
    done = subprocess.run(
        [sys.executable, "-c", KILLED, str(path), str(big)], capture_output=True, check=False
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert all(rows == [] for rows in _raw(path).values())


def test_app_import_on_a_current_file_never_imports_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    huntr = str(FIXTURES / "huntr.csv")
    first = _run("--db", str(path), "app", "import", huntr, tmp_path=tmp_path)  # created
    assert first.returncode == 0, first.stderr
    assert first.stderr.split()[-1] == "SQLALCHEMY"
    assert "imported: " in first.stdout
    for args in (["--dry-run"], [], ["--json"]):
        again = _run("--db", str(path), "app", "import", huntr, *args, tmp_path=tmp_path)
        assert again.returncode == 0, again.stderr
        assert again.stderr.split()[-1] == "NO-SQLALCHEMY", args
        assert (
            " 0 added" in again.stdout
            or "0 to add" in again.stdout
            or '"added": 0' in (again.stdout)
        )
    bad = _run(
        "--db", str(path), "app", "import", str(FIXTURES / "bad_rows.csv"), tmp_path=tmp_path
    )
    assert bad.returncode == 1 and "nothing imported" in bad.stdout
    assert bad.stderr.split()[-1] == "NO-SQLALCHEMY"
    missing = _run("--db", str(path), "app", "import", str(tmp_path / "no.csv"), tmp_path=tmp_path)
    assert missing.returncode != 0
    assert "no such file" in missing.stderr and "Traceback" not in missing.stderr
    assert path.stat().st_mode & 0o077 == 0
