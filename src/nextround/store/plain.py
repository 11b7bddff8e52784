"""Reads as plain SQL, run by SQLAlchemy or by the standard library's ``sqlite3``.

The reads a quick command needs (what to do next, the list of applications)
are written here once, as SQL text with named parameters (``:name``), and
decoded here once into domain objects. Two executors run them:

- a ``Repository`` (``Database.reading``), through SQLAlchemy's ``text()``:
  any database, PostgreSQL included, scoped to the repository's owner on a
  multi-user server;
- ``SqliteFile``, through ``sqlite3``: a local SQLite file already at the
  newest schema, so a command that only reads never imports SQLAlchemy
  (``nextround next`` starts in a fraction of the time; bench/startup.py).

This module imports nothing outside the standard library and the domain.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nextround.domain.model import Application, ApplicationStatus, Interview, Transition
from nextround.domain.themes import Theme
from nextround.domain.thread import CLOSED_STATES, FeedbackThread, ThreadState
from nextround.store.revision import HEAD_REVISION

if TYPE_CHECKING:
    from nextround.store.plain_import import Writes

Row = Mapping[str, Any]


class Rows(Protocol):
    """What runs one plain query: rows as mappings of column name to value."""

    owner: int | None  # the user whose rows a multi-user server reads; None: all

    def rows(self, sql: str, params: Mapping[str, Any]) -> Sequence[Row]: ...


class Reads(Protocol):
    """A database that plain reads can run on (``Database`` or ``SqliteFile``)."""

    def reading(self) -> AbstractContextManager[Rows]: ...


# -- the SQL ------------------------------------------------------------------
_CLOSED = {f"closed_{n}": s.value for n, s in enumerate(sorted(CLOSED_STATES, key=str))}
_NOT_CLOSED = f"state NOT IN ({', '.join(':' + name for name in _CLOSED)})"
_APPLICATION_COLUMNS = (
    "id, company, role, source, status, applied_on, created_at, updated_at, notes, "
    "job_url, location, salary"
)


def _mine(owner: int | None) -> str:
    """The condition that keeps a multi-user server's reads to one user's rows."""
    return "" if owner is None else " AND owner_id = :owner"


def _sql(rows: Rows, sql: str, **params: Any) -> Sequence[Row]:
    if rows.owner is not None:
        params["owner"] = rows.owner
    return rows.rows(sql.format(mine=_mine(rows.owner)), params)


def applications(rows: Rows, *, status: ApplicationStatus | None = None) -> list[Application]:
    """Every application (of one status), oldest first."""
    only = "" if status is None else " AND status = :status"
    sql = f"SELECT {_APPLICATION_COLUMNS} FROM applications WHERE 1 = 1{{mine}}{only} ORDER BY id"
    params = {} if status is None else {"status": status.value}
    return [_application(r) for r in _sql(rows, sql, **params)]


def open_threads(rows: Rows) -> list[FeedbackThread]:
    """Every feedback thread not closed, with its steps, in id order."""
    threads = _sql(
        rows,
        "SELECT id, application_id, interview_id, contact_id, rejected_at, state, "
        f"after_interview, rejection_message_id FROM threads WHERE {_NOT_CLOSED}{{mine}} "
        "ORDER BY id",
        **_CLOSED,
    )
    steps: dict[int, list[Transition]] = {int(t["id"]): [] for t in threads}
    if steps:
        for s in _sql(
            rows,
            "SELECT thread_id, event, from_state, to_state, at, message_id, note "
            f"FROM transitions WHERE thread_id IN (SELECT id FROM threads WHERE {_NOT_CLOSED}"
            "{mine}) ORDER BY thread_id, seq",
            **_CLOSED,
        ):
            if s["thread_id"] in steps:
                steps[s["thread_id"]].append(_transition(s))
    return [_thread(t, steps[int(t["id"])]) for t in threads]


def interviews_after(rows: Rows, after: datetime) -> list[Interview]:
    """Interviews at or after ``after``, soonest first, with who is on the panel."""
    found = _sql(
        rows,
        "SELECT id, application_id, stage, at, talking_points, notes, self_assessment "
        "FROM interviews WHERE at >= :after{mine} ORDER BY at, id",
        after=after,
    )
    panel: dict[int, list[int]] = {int(i["id"]): [] for i in found}
    if panel:
        for link in _sql(
            rows,
            "SELECT interview_id, contact_id FROM interview_contacts WHERE interview_id IN "
            "(SELECT id FROM interviews WHERE at >= :after{mine}) "
            "ORDER BY interview_id, position",
            after=after,
        ):
            if link["interview_id"] in panel:
                panel[link["interview_id"]].append(int(link["contact_id"]))
    return [_interview(i, panel[int(i["id"])]) for i in found]


def agenda_applications(rows: Rows, after: datetime) -> list[Application]:
    """The applications with an open thread or an interview at or after ``after``."""
    sql = (
        f"SELECT {_APPLICATION_COLUMNS} FROM applications WHERE ("
        f"id IN (SELECT application_id FROM threads WHERE {_NOT_CLOSED}{{mine}}) OR "
        "id IN (SELECT application_id FROM interviews WHERE at >= :after{mine})"
        "){mine} ORDER BY id"
    )
    return [_application(r) for r in _sql(rows, sql, after=after, **_CLOSED)]


# -- values: SQLite gives text, PostgreSQL gives Python objects ------------------
def _when(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _maybe_when(value: Any) -> datetime | None:
    return None if value is None else _when(value)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _application(row: Row) -> Application:
    return Application(
        id=row["id"],
        company=row["company"],
        role=row["role"],
        source=row["source"],
        status=ApplicationStatus(row["status"]),
        applied_on=_maybe_when(row["applied_on"]),
        created_at=_maybe_when(row["created_at"]),
        updated_at=_maybe_when(row["updated_at"]),
        notes=row["notes"],
        job_url=row["job_url"] or "",
        location=row["location"] or "",
        salary=row["salary"] or "",
    )


def _transition(row: Row) -> Transition:
    return Transition(
        event=row["event"],
        from_state=row["from_state"],
        to_state=row["to_state"],
        at=_when(row["at"]),
        message_id=row["message_id"],
        note=row["note"],
    )


def _thread(row: Row, steps: list[Transition]) -> FeedbackThread:
    after = row["after_interview"]
    return FeedbackThread(
        id=row["id"],
        application_id=row["application_id"],
        rejected_at=_when(row["rejected_at"]),
        state=ThreadState(row["state"]),
        interview_id=row["interview_id"],
        contact_id=row["contact_id"],
        after_interview=None if after is None else bool(after),
        rejection_message_id=row["rejection_message_id"],
        transitions=steps,
    )


def _interview(row: Row, contact_ids: list[int]) -> Interview:
    return Interview(
        id=row["id"],
        application_id=row["application_id"],
        stage=row["stage"],
        when=_when(row["at"]),
        contact_ids=contact_ids,
        talking_points=[str(p) for p in _json(row["talking_points"])],
        notes=row["notes"],
        self_assessment={Theme(k): int(v) for k, v in _json(row["self_assessment"]).items()},
    )


# -- the standard library's executor ----------------------------------------------
BUSY_TIMEOUT_S = 15.0  # as the SQLAlchemy engine waits (database.BUSY_TIMEOUT_MS)


def _sqlite_param(value: Any) -> Any:
    """A parameter as SQLAlchemy's SQLite dialect binds it (its DATETIME text form)."""
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    return value


class _SqliteRows:
    owner: int | None = None  # a local file belongs to the one person at the computer

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Mapping[str, Any]) -> Sequence[Row]:
        cursor = self.conn.execute(sql, {k: _sqlite_param(v) for k, v in params.items()})
        return cursor.fetchall()


class SqliteFile:
    """A local SQLite file read through ``sqlite3``, one snapshot per ``reading``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def reading(self) -> Iterator[Rows]:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("BEGIN")  # every query of the reading sees the same snapshot
            yield _SqliteRows(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def writing(self) -> AbstractContextManager[Writes]:
        """One ``BEGIN IMMEDIATE`` transaction for the plain writes of ``store.plain_import``."""
        from nextround.store.plain_import import sqlite_writing

        return sqlite_writing(self)

    def dispose(self) -> None:
        """Nothing to release: each reading opens and closes its own connection."""


def current_sqlite_file(path: Path) -> SqliteFile | None:
    """``path`` as a ``SqliteFile`` when plain reads can use it as it is, else None.

    That is: the file exists, only its owner can read it (opening it the usual
    way would narrow it), and its schema is at the newest revision (the usual
    way would migrate it). Anything else, including a file that is not a
    database, is left to the usual way, which creates, upgrades or refuses.
    """
    try:
        info = path.stat()
    except OSError:
        return None
    if sys.platform != "win32" and info.st_mode & 0o077 and info.st_uid == os.getuid():
        return None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        try:
            found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if [tuple(r) for r in found] != [(HEAD_REVISION,)]:
        return None
    return SqliteFile(path)
