"""A tracker import's reads and writes as plain SQL, run by SQLAlchemy or by ``sqlite3``.

The SQL of ``app import`` is written here once, as text with named parameters
(``:name``), like the quick reads of ``store.plain``. Two executors run it:

- a ``Repository`` (``Database.writing``), through SQLAlchemy's ``text()``: any
  database, PostgreSQL included, each row owned by the repository's user on a
  multi-user server (their import keys stored as ``user:<id>:<key>``);
- ``SqliteFile.writing``, through ``sqlite3`` in one ``BEGIN IMMEDIATE``
  transaction: a local SQLite file already at the newest schema, so
  ``nextround app import`` never imports SQLAlchemy (bench/history_import.py).

Times go to SQLite in the text form SQLAlchemy's SQLite dialect writes
(``2026-11-03 09:00:00.000000``), so the ORM reads back what it would have
written. Like ``store.plain``, this module imports nothing outside the
standard library and the domain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from nextround.domain.model import Application, ApplicationStatus, StatusChange
from nextround.store import plain
from nextround.store.plain import Row


class Writes(plain.Rows, Protocol):
    """What runs the import's SQL inside one transaction."""

    def stamp(self, value: datetime | None) -> Any:
        """A time as this database stores it (SQLite: SQLAlchemy's DATETIME text form)."""
        ...

    def execute_many(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        """Run ``sql`` once per mapping of ``params``, every time already ``stamp``-ed."""
        ...

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: Sequence[Values]) -> None:
        """Insert one row per tuple of values (in the order of ``columns``, times
        ``stamp``-ed): the bulk of an import, where tuples cost less than mappings."""
        ...

    def new_ids(self, table: str, count: int) -> list[int] | None:
        """``count`` ids for rows about to be inserted into ``table`` (PostgreSQL: taken
        from its sequence), or None where the insert numbers them (SQLite)."""
        ...

    def last_id(self, table: str) -> int:
        """The largest id in ``table`` (SQLite: the rows just inserted end there)."""
        ...


class Writable(Protocol):
    """A database the import can write to (``Database`` or ``SqliteFile``)."""

    def writing(self) -> AbstractContextManager[Writes]: ...


def owned_key(owner: int | None, key: str) -> str:
    """``key`` as a row of ``owner`` stores it (as ``repository.owned_key``)."""
    return key if owner is None else f"user:{owner}:{key}"


# -- the SQL ------------------------------------------------------------------
Values = tuple[Any, ...]  # one row's values, in the order of its columns


@lru_cache(maxsize=16)
def insert_sql(table: str, columns: tuple[str, ...], *, positional: bool) -> str:
    """``INSERT INTO table (columns) VALUES (...)`` with ``?`` or ``:name`` parameters."""
    marks = ("?" for _ in columns) if positional else (":" + c for c in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(marks)})"


APP_COLUMNS = (
    "id",
    "company",
    "role",
    "source",
    "status",
    "applied_on",
    "notes",
    "created_at",
    "updated_at",
    "job_url",
    "location",
    "salary",
    "owner_id",
)
KEY_COLUMNS = ("key", "application_id", "owner_id")
CHANGE_COLUMNS = ("application_id", "at", "from_status", "to_status")
INSERT_KEY = insert_sql("import_keys", KEY_COLUMNS, positional=False)
INSERT_CHANGE = insert_sql("status_changes", CHANGE_COLUMNS, positional=False)
SET_STATUS = (
    "UPDATE applications SET status = :status, updated_at = :updated_at WHERE id = :id{mine}"
)


def import_keys(w: plain.Rows) -> dict[str, int]:
    """Every key of an imported row (this user's, without their prefix), and its application."""
    found = plain._sql(w, "SELECT key, application_id FROM import_keys WHERE 1 = 1{mine}")
    mark = len(owned_key(w.owner, ""))
    return {str(r["key"])[mark:]: int(r["application_id"]) for r in found}


def applications(w: plain.Rows) -> list[Application]:
    """Every application on file (this user's), oldest first."""
    return plain.applications(w)


def last_move(w: plain.Rows, app_id: int) -> datetime | None:
    """When the application's status last moved, if it ever did."""
    found = plain._sql(
        w,
        "SELECT at FROM status_changes WHERE application_id = :app "
        "ORDER BY at DESC, id DESC LIMIT 1",
        app=app_id,
    )
    return plain._when(found[0]["at"]) if found else None


def add_import_key(w: Writes, key: str, application_id: int) -> None:
    w.execute_many(
        INSERT_KEY,
        [{"key": owned_key(w.owner, key), "application_id": application_id, "owner_id": w.owner}],
    )


def set_status(
    w: Writes, app_id: int, before: ApplicationStatus, after: ApplicationStatus, *, at: datetime
) -> None:
    """Move an application's status (as ``Repository.set_status``), the move dated ``at``."""
    if before is not after:
        w.execute_many(
            INSERT_CHANGE,
            [
                {
                    "application_id": app_id,
                    "at": w.stamp(at),
                    "from_status": before.value,
                    "to_status": after.value,
                }
            ],
        )
    params: dict[str, Any] = {"status": after.value, "updated_at": w.stamp(at), "id": app_id}
    if w.owner is not None:
        params["owner"] = w.owner
    w.execute_many(SET_STATUS.format(mine=plain._mine(w.owner)), [params])


def add_applications(
    w: Writes, items: Sequence[tuple[Application, str, Sequence[StatusChange]]], *, now: datetime
) -> list[int]:
    """Insert applications read from a tracker, each with its key and its status history,
    as three statements for the whole batch; the new ids, in order."""
    if not items:
        return []
    owner, stamp = w.owner, w.stamp
    reserved = w.new_ids("applications", len(items))
    rows = [
        (
            None if reserved is None else reserved[n],
            app.company,
            app.role,
            app.source,
            app.status.value,
            stamp(app.applied_on),
            app.notes,
            stamp(app.created_at or now),
            stamp(app.updated_at or now),
            app.job_url,
            app.location,
            app.salary,
            owner,  # a server's rows are the importer's
        )
        for n, (app, _key, _history) in enumerate(items)
    ]
    w.insert_rows("applications", APP_COLUMNS, rows)
    if reserved is None:
        # one transaction holds SQLite's only write lock from its first row on: the
        # rows took the next ids in order, up to the new maximum
        last = w.last_id("applications")
        ids = list(range(last - len(rows) + 1, last + 1))
    else:
        ids = reserved
    w.insert_rows(
        "import_keys",
        KEY_COLUMNS,
        [(owned_key(owner, key), i, owner) for (_a, key, _h), i in zip(items, ids, strict=True)],
    )
    changes = [
        (
            i,
            stamp(change.at),
            change.from_status.value if change.from_status else "",
            change.to_status.value,
        )
        for (_a, _k, history), i in zip(items, ids, strict=True)
        for change in history
    ]
    if changes:
        w.insert_rows("status_changes", CHANGE_COLUMNS, changes)
    return ids


# -- the standard library's executor ----------------------------------------------
class _SqliteWrites(plain._SqliteRows):
    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn)
        self._stamps: dict[datetime, str] = {}  # a file's rows share their dates

    def stamp(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        found = self._stamps.get(value)
        if found is None:
            found = self._stamps[value] = value.isoformat(" ", "microseconds")
        return found

    def execute_many(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        self.conn.executemany(sql, params)

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: Sequence[Values]) -> None:
        self.conn.executemany(insert_sql(table, columns, positional=True), rows)

    def new_ids(self, table: str, count: int) -> list[int] | None:
        return None

    def last_id(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0])


@contextmanager
def sqlite_writing(file: plain.SqliteFile) -> Iterator[Writes]:
    """One transaction on a local SQLite file: it commits whole, or rolls back whole."""
    from nextround.domain.errors import StoreError

    conn = sqlite3.connect(file.path, timeout=plain.BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")  # as the SQLAlchemy engine connects
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("BEGIN IMMEDIATE")  # the write lock from the start
        try:
            yield _SqliteWrites(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise StoreError(f"database error: {first}") from err
    finally:
        conn.close()


__all__ = [
    "Row",
    "Writable",
    "Writes",
    "add_applications",
    "add_import_key",
    "applications",
    "import_keys",
    "last_move",
    "set_status",
    "sqlite_writing",
]
