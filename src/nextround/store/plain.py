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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nextround.domain.errors import NotFound
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Direction,
    Interview,
    Message,
    MessageKind,
    StatusChange,
    Transition,
)
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


# -- the home page: the first steps due, counted and sorted by the database -------
# A thread's next step is kept beside it (``threads.due_optional``, ``due_at``:
# ``domain.agenda.step_due``, written by the repository, 0014). The steps listed
# are those ``next_actions`` lists: every open thread's, except a thread awaiting
# an answer whose nudge is not due yet; and the interviews of the coming days.
_WAITING = {
    f"waiting_{n}": s.value
    for n, s in enumerate(sorted((s for s in ThreadState if s.awaits_answer), key=str))
}
_LISTED = f"(state NOT IN ({', '.join(':' + name for name in _WAITING)}) OR due_at <= :now)"
# the four parts of ``domain.agenda.agenda_order``: overdue, then not; in each,
# required before optional; each read in order from the index (due_optional, due_at)
_PARTS = (
    "due_optional = :no AND due_at < :now",
    "due_optional = :yes AND due_at < :now",
    f"due_optional = :no AND due_at >= :now AND {_LISTED}",
    f"due_optional = :yes AND due_at >= :now AND {_LISTED}",
)
_SPAN = "at >= :now AND at <= :until"
_THREAD_COLUMNS = (
    "id, application_id, interview_id, contact_id, rejected_at, state, after_interview, "
    "rejection_message_id"
)


@dataclass(frozen=True, slots=True)
class DueCounts:
    """How many steps are listed now: threads by part of ``_PARTS``, and interviews."""

    parts: tuple[int, int, int, int]
    interviews: int

    @property
    def total(self) -> int:
        return sum(self.parts) + self.interviews

    @property
    def overdue(self) -> int:
        return self.parts[0] + self.parts[1]

    def plan(self, limit: int) -> tuple[tuple[int, int, int, int], int]:
        """How many of each part, and of the interviews, the first ``limit`` steps can
        hold: overdue ones take the places first; the coming interviews mix with the
        required steps not yet due; optional ones not yet due come last."""
        overdue = min(limit, self.parts[0])
        overdue_optional = min(limit - overdue, self.parts[1])
        left = limit - overdue - overdue_optional
        required = min(left, self.parts[2])
        interviews = min(left, self.interviews)
        optional = min(self.parts[3], max(0, left - self.parts[2] - self.interviews))
        return (overdue, overdue_optional, required, optional), interviews


def due_counts(rows: Rows, now: datetime, until: datetime) -> DueCounts:
    """The steps listed at ``now``, counted in one statement: the threads' by part,
    and the interviews from ``now`` to ``until`` (both included)."""
    counts = [
        f"(SELECT COUNT(*) FROM threads WHERE {part}{{mine}}) AS part_{n}"
        for n, part in enumerate(_PARTS)
    ]
    counts.append(f"(SELECT COUNT(*) FROM interviews WHERE {_SPAN}{{mine}}) AS interviews")
    (found,) = _sql(
        rows,
        f"SELECT {', '.join(counts)}",
        now=now,
        until=until,
        no=False,
        yes=True,
        **_WAITING,
    )
    parts = tuple(int(found[f"part_{n}"]) for n in range(len(_PARTS)))
    return DueCounts(
        parts=(parts[0], parts[1], parts[2], parts[3]), interviews=int(found["interviews"])
    )


def due_threads(rows: Rows, now: datetime, take: Sequence[int]) -> list[FeedbackThread]:
    """The first ``take[n]`` threads of each part of ``_PARTS`` (``DueCounts.plan``),
    soonest first, with their steps."""
    selects, limits = [], {}
    for n, (part, many) in enumerate(zip(_PARTS, take, strict=True)):
        if many > 0:
            selects.append(
                f"SELECT * FROM (SELECT {_THREAD_COLUMNS} FROM threads WHERE {part}{{mine}} "
                f"ORDER BY due_at, application_id LIMIT :take_{n}) AS part_{n}"
            )
            limits[f"take_{n}"] = many
    if not selects:
        return []
    found = _sql(
        rows, " UNION ALL ".join(selects), now=now, no=False, yes=True, **limits, **_WAITING
    )
    return _with_steps(rows, found)


def _with_steps(rows: Rows, threads: Sequence[Row]) -> list[FeedbackThread]:
    steps: dict[int, list[Transition]] = {int(t["id"]): [] for t in threads}
    if steps:
        marks, ids = _marks("thread", list(steps))
        for s in _sql(
            rows,
            "SELECT thread_id, event, from_state, to_state, at, message_id, note "
            f"FROM transitions WHERE thread_id IN ({marks}) ORDER BY thread_id, seq",
            **ids,
        ):
            steps[s["thread_id"]].append(_transition(s))
    return [_thread(t, steps[int(t["id"])]) for t in threads]


def _marks(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``:name_0, :name_1, ...`` and their values: a list for ``IN (...)`` in plain SQL."""
    params = {f"{name}_{n}": v for n, v in enumerate(values)}
    return ", ".join(":" + key for key in params), params


def interviews_between(rows: Rows, now: datetime, until: datetime, limit: int) -> list[Interview]:
    """The first ``limit`` interviews from ``now`` to ``until`` (both included), soonest
    first, with who is on the panel."""
    if limit <= 0:
        return []
    found = _sql(
        rows,
        "SELECT id, application_id, stage, at, talking_points, notes, self_assessment "
        f"FROM interviews WHERE {_SPAN}{{mine}} ORDER BY at, id LIMIT :limit",
        now=now,
        until=until,
        limit=limit,
    )
    return _with_panels(rows, found)


def _with_panels(rows: Rows, found: Sequence[Row]) -> list[Interview]:
    panel: dict[int, list[int]] = {int(i["id"]): [] for i in found}
    if panel:
        marks, ids = _marks("interview", list(panel))
        for link in _sql(
            rows,
            "SELECT interview_id, contact_id FROM interview_contacts "
            f"WHERE interview_id IN ({marks}) ORDER BY interview_id, position",
            **ids,
        ):
            panel[link["interview_id"]].append(int(link["contact_id"]))
    return [_interview(i, panel[int(i["id"])]) for i in found]


def meta_key(owner: int | None, key: str) -> str:
    """A meta key as ``owner``'s row stores it: the local app's as it is, a server
    user's with their id in front."""
    return key if owner is None else f"user:{owner}:{key}"


def applications_and_meta(rows: Rows, key: str) -> tuple[int, str | None]:
    """How many applications there are, and one meta value (or None), in one statement."""
    (found,) = _sql(
        rows,
        "SELECT (SELECT COUNT(*) FROM applications WHERE 1 = 1{mine}) AS applications, "
        "(SELECT value FROM meta WHERE key = :key) AS value",
        key=meta_key(rows.owner, key),
    )
    return int(found["applications"]), found["value"]


def applications_by_id(rows: Rows, ids: Sequence[int]) -> list[Application]:
    """The applications with these ids (of this user), in id order."""
    if not ids:
        return []
    marks, params = _marks("app", sorted(set(ids)))
    sql = (
        f"SELECT {_APPLICATION_COLUMNS} FROM applications WHERE id IN ({marks}){{mine}} ORDER BY id"
    )
    return [_application(r) for r in _sql(rows, sql, **params)]


# -- an application's page: everything about one application -----------------------
@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    application: Application
    interviews: list[Interview]  # soonest first, with their panels
    messages: list[Message]  # oldest first
    thread: FeedbackThread | None
    met: list[Contact]  # the people on its interviews
    at_company: list[Contact]  # everyone recorded at its company
    history: list[StatusChange]  # its status moves, oldest first


_CONTACT_COLUMNS = "id, name, company, title, email, phone, linkedin"


def application_record(rows: Rows, app_id: int) -> ApplicationRecord:
    """One application and everything recorded about it (``NotFound`` if it is not
    this user's), read as plain rows."""
    found = _sql(
        rows, f"SELECT {_APPLICATION_COLUMNS} FROM applications WHERE id = :id{{mine}}", id=app_id
    )
    if not found:
        raise NotFound("application", app_id)
    app = _application(found[0])
    met = _sql(
        rows,
        "SELECT id, application_id, stage, at, talking_points, notes, self_assessment "
        "FROM interviews WHERE application_id = :id{mine} ORDER BY at, id",
        id=app_id,
    )
    interviews = _with_panels(rows, met)
    messages = _sql(
        rows,
        "SELECT id, application_id, direction, kind, channel, text, at, subject, contact_id, "
        "thread_id, analysis, correction FROM messages WHERE application_id = :id{mine} "
        "ORDER BY at, id",
        id=app_id,
    )
    threads = _with_steps(
        rows,
        _sql(
            rows,
            f"SELECT {_THREAD_COLUMNS} FROM threads WHERE application_id = :id{{mine}}",
            id=app_id,
        ),
    )
    people = sorted({c for i in interviews for c in i.contact_ids})
    known: list[Contact] = []
    if people:
        marks, ids = _marks("contact", people)
        known = [
            _contact(r)
            for r in _sql(
                rows,
                f"SELECT {_CONTACT_COLUMNS} FROM contacts WHERE id IN ({marks}){{mine}} "
                "ORDER BY id",
                **ids,
            )
        ]
    at_company = _sql(
        rows,
        f"SELECT {_CONTACT_COLUMNS} FROM contacts WHERE lower(company) = :company{{mine}} "
        "ORDER BY id",
        company=app.company.lower(),
    )
    moves = _sql(
        rows,
        "SELECT at, from_status, to_status FROM status_changes WHERE application_id = :id "
        "ORDER BY at, id",
        id=app_id,
    )
    return ApplicationRecord(
        application=app,
        interviews=interviews,
        messages=[_message(m) for m in messages],
        thread=threads[0] if threads else None,
        met=known,
        at_company=[_contact(c) for c in at_company] if app.company else [],
        history=[
            StatusChange(
                at=_when(m["at"]),
                from_status=ApplicationStatus(m["from_status"]) if m["from_status"] else None,
                to_status=ApplicationStatus(m["to_status"]),
            )
            for m in moves
        ],
    )


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


def _contact(row: Row) -> Contact:
    return Contact(
        id=row["id"],
        name=row["name"],
        company=row["company"],
        title=row["title"],
        email=row["email"],
        phone=row["phone"],
        linkedin=row["linkedin"],
    )


def _message(row: Row) -> Message:
    return Message(
        id=row["id"],
        application_id=row["application_id"],
        direction=Direction(row["direction"]),
        kind=MessageKind(row["kind"]),
        channel=Channel(row["channel"]),
        text=row["text"],
        at=_when(row["at"]),
        subject=row["subject"],
        contact_id=row["contact_id"],
        thread_id=row["thread_id"],
        analysis=_json(row["analysis"]),
        correction=_json(row["correction"]),
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
