"""Opening a database: URL handling, SQLite pragmas, migrations, error mapping."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from nextround.domain.errors import NextroundError, NotAllowed, NotFound, StoreError
from nextround.store import locks
from nextround.store.lengths import check_flush
from nextround.store.repository import Repository
from nextround.store.revision import HEAD_REVISION as HEAD_REVISION
from nextround.store.revision import sqlite_url as sqlite_url

MIGRATIONS = Path(__file__).with_name("migrations")


def _normalise(url: str) -> str:
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


BUSY_TIMEOUT_MS = 15_000
WAL_SWITCH_TRIES = 50


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Put the database in WAL mode, waiting out another process doing the same.

    Switching a new file to WAL takes a write lock. When two processes start
    on a new database at once, both hold a read lock and want the write lock;
    SQLite then answers "database is locked" at once instead of waiting (its
    busy handler stays out of what could be a deadlock). The other process
    finishes its switch in a moment, so asking again succeeds, and a database
    already in WAL mode needs no switch at all.
    """
    import sqlite3

    for attempt in range(WAL_SWITCH_TRIES):
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == WAL_SWITCH_TRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


READ_ONLY = "a coach can read a student's work but not change it"
READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: a write in a READ ONLY transaction


def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get("read_only") and (session.new or session.dirty or session.deleted):
        raise NotAllowed(READ_ONLY)


def _refuse_statement(state: ORMExecuteState) -> None:
    if state.session.info.get("read_only") and (
        state.is_insert or state.is_update or state.is_delete
    ):
        raise NotAllowed(READ_ONLY)


class Database:
    """One database: an engine, its session factory, and a unit of work.

    On a multi-user server a route gets the database ``scoped`` to the signed-in
    user; a coach reads a student's work through ``as_coach_of``: the student's
    rows, read-only, and only while the student's consent stands.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", check_flush)
        event.listen(self._sessions, "before_flush", _refuse_flush)
        event.listen(self._sessions, "do_orm_execute", _refuse_statement)
        self.owner: int | None = None
        self.viewer: int | None = None  # a coach reading the owner's work

    def _view(self, owner: int, viewer: int | None) -> Database:
        view = object.__new__(Database)
        view.engine, view._sessions = self.engine, self._sessions
        view.owner, view.viewer = owner, viewer
        return view

    def scoped(self, owner: int) -> Database:
        """The same database seen as one user of a multi-user server (``Repository``)."""
        return self._view(owner, None)

    def as_coach_of(self, student: int, *, check_now: bool = True) -> Database:
        """A student's work as this user (their coach) may see it: read-only, with consent.

        Without the student's consent (or for anyone who is not a signed-in
        user) the student is "not found", exactly like an id that names nobody.
        Every unit of the view checks the consent again, so revoking it hides
        everything at once, even from a view already handed out. ``check_now``
        checks it once more here, before any unit; a caller whose first unit
        comes at once (the dashboard) saves that round trip: its unit checks.
        """
        if self.owner is None or self.viewer is not None or student == self.owner:
            raise NotFound("student", student)
        view = self._view(student, self.owner)
        if check_now:
            with view.unit():
                pass  # checks the consent now: a refusal before any page starts
        return view

    @property
    def read_only(self) -> bool:
        return self.viewer is not None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def unit(self) -> Iterator[Repository]:
        """All the writes inside commit together, or none of them do."""
        session: Session = self._sessions()
        try:
            self._begin(session)
            yield Repository(session, owner=self.owner, read_only=self.read_only)
            session.commit()
        except NextroundError:
            session.rollback()
            raise
        except SQLAlchemyError as err:
            session.rollback()
            if _sqlstate(err) == READ_ONLY_SQLSTATE:
                raise NotAllowed(READ_ONLY) from err
            raise StoreError(f"database error: {_first_line(err)}") from err
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def reading(self) -> ContextManager[Repository]:
        """A unit for the plain reads of ``store.plain`` (a ``Repository`` runs them)."""
        return self.unit()

    def writing(self) -> ContextManager[Repository]:
        """A unit for the plain writes of ``store.plain_import`` (a ``Repository`` runs them)."""
        return self.unit()

    def _begin(self, session: Session) -> None:
        """Start a unit: whose rows it is for, and for a coach, read-only and with consent.

        On PostgreSQL a unit with a user names them for the row-level security
        policies (migration 0011): ``SET LOCAL nextround.user_id``, through
        ``set_config(..., true)`` so the id goes as a parameter. A role that
        does not own the tables then sees and writes only that user's rows,
        whatever the query says.

        A coach's unit is read-only twice over: the session refuses any flush
        or INSERT, UPDATE or DELETE it is asked for (``NotAllowed``, 403 on the
        web), and PostgreSQL runs the transaction READ ONLY, so a write on the
        raw connection fails too. The consent is read inside the same
        transaction, so revoking it hides everything at once.
        """
        postgres = self.dialect == "postgresql"
        if self.viewer is not None:
            session.info["read_only"] = True
            if postgres:  # before any query of the transaction
                session.execute(text("SET TRANSACTION READ ONLY"))
        if self.owner is not None and postgres:
            session.execute(
                text("SELECT set_config('nextround.user_id', :user, true)"),
                {"user": str(self.owner)},
            )
        if self.viewer is not None:
            from nextround.store.accounts import AccountStore

            assert self.owner is not None
            if not AccountStore(session).shared(student_id=self.owner, coach_id=self.viewer):
                raise NotFound("student", self.owner)

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic loaded only when needed).

        Processes starting at once on a new database (web workers, a user's
        second terminal) take turns: the first migrates, the others find it done.
        """
        if self.current_revision() == HEAD_REVISION:
            return
        with self.lock("migrate"):
            if self.current_revision() == HEAD_REVISION:
                return
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            with self.engine.connect() as conn, _foreign_keys_off(conn), conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                _check_foreign_keys(conn)

    def lock(self, name: str, *, on_wait: Callable[[], None] | None = None) -> ContextManager[None]:
        """A lock every process using this database shares (see ``locks``)."""
        return locks.held(self.engine, name, on_wait=on_wait)

    def is_empty(self) -> bool:
        from nextround.store.tables import ApplicationRow, ContactRow, LessonRow

        with self._sessions() as session:
            return all(
                session.scalar(select(row.id).limit(1)) is None
                for row in (ApplicationRow, ContactRow, LessonRow)
            )

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite without foreign-key actions while the schema changes.

    SQLite adds a column with a reference by rebuilding the table: a copy, a
    DROP of the old one, a rename. With foreign keys on, that DROP deletes
    every row pointing at the table (ON DELETE CASCADE), so one migration would
    empty the interviews, threads and history of every application. The
    setting only changes outside a transaction; PostgreSQL alters in place.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()
    try:
        yield
    finally:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _check_foreign_keys(conn: Connection) -> None:
    """Refuse (and so roll back) a migration that left a row pointing at nothing."""
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table = broken[0][0]
        raise StoreError(f"the upgrade left {len(broken)} broken references (first in {table})")


def _sqlstate(err: SQLAlchemyError) -> str | None:
    if isinstance(err, DBAPIError) and err.orig is not None:
        code = getattr(err.orig, "sqlstate", None) or getattr(err.orig, "pgcode", None)
        return code if isinstance(code, str) else None
    return None


def _first_line(err: Exception) -> str:
    if isinstance(err, DBAPIError) and err.orig is not None:
        return str(err.orig).strip().splitlines()[0]
    return str(err).strip().splitlines()[0]


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def _private_file(path: Path) -> None:
    """Make the SQLite file readable by its owner only: it holds raw mail and secrets.

    A new folder is made 0700 and a new file 0600 (SQLite gives its -wal and
    -shm files the database file's mode); an existing file of ours that
    others could read is narrowed to 0600. A folder that exists is left as
    the user made it.
    """
    folder = path.parent
    try:
        folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot create the folder {folder}: {err.strerror}") from err
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    except OSError as err:
        raise StoreError(f"cannot create the database {path}: {err.strerror}") from err
    if sys.platform == "win32":  # pragma: no cover - modes mean little there
        return
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            info = each.stat()
            if info.st_mode & 0o077 and info.st_uid == os.getuid():
                each.chmod(PRIVATE_FILE)
        except OSError:
            continue  # not there, or not ours to change: SQLite says so if it matters


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open (and by default create or upgrade) the database at ``url``."""
    try:
        parsed = make_url(_normalise(url))
    except ArgumentError as err:
        raise StoreError(f"not a database URL: {url!r}") from err
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _private_file(Path(parsed.database).expanduser())
    try:
        engine = create_engine(parsed, future=True)
    except (ArgumentError, ImportError) as err:
        raise StoreError(f"cannot use database {url!r}: {err}") from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    db = Database(engine)
    if migrate:
        try:
            db.migrate()
        except SQLAlchemyError as err:
            engine.dispose()
            raise StoreError(f"cannot open database {db.url}: {_first_line(err)}") from err
    return db
