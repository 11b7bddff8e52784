"""Locks shared by every process using one database: for migrating it, for importing into it.

On PostgreSQL a session advisory lock, on SQLite an exclusive ``flock`` on a
file beside the database. Both go away with the process that holds them, so a
killed import or migration never leaves the next one waiting for good.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from nextround.domain.errors import StoreError

log = logging.getLogger(__name__)

OnWait = Callable[[], None]


def _key(name: str) -> int:
    """A signed 64-bit advisory-lock key for ``name``."""
    return int.from_bytes(
        hashlib.sha256(f"nextround:{name}".encode()).digest()[:8], "big", signed=True
    )


@contextmanager
def _postgres(engine: Engine, name: str, on_wait: OnWait | None) -> Iterator[None]:
    key = _key(name)
    try:
        conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    except SQLAlchemyError as err:
        log.exception("cannot connect to take the %s lock", name)
        raise StoreError(f"cannot reach the database to take the {name} lock") from err
    try:
        if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            if on_wait:
                on_wait()
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    finally:
        conn.close()


def _acquire(path: Path, on_wait: OnWait | None) -> int:
    """An open descriptor of ``path`` holding its exclusive lock (closing it releases it)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                if on_wait:
                    on_wait()
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait:
                    on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def _sqlite(database: str, name: str, on_wait: OnWait | None) -> Iterator[None]:
    path = Path(database).expanduser()
    lock = path.with_name(f"{path.name}.{name}.lock")
    try:
        fd = _acquire(lock, on_wait)
    except OSError as err:
        log.exception("cannot lock %s", lock)
        raise StoreError(
            f"cannot take the {name} lock beside the database: {err.strerror}"
        ) from err
    try:
        yield
    finally:
        os.close(fd)


@contextmanager
def held(engine: Engine, name: str, *, on_wait: OnWait | None = None) -> Iterator[None]:
    """Hold the lock ``name`` on this database; ``on_wait`` is called once if it must wait."""
    database = engine.url.database
    if engine.dialect.name == "postgresql":
        with _postgres(engine, name, on_wait):
            yield
    elif engine.dialect.name == "sqlite" and database not in (None, "", ":memory:"):
        with _sqlite(database, name, on_wait):
            yield
    else:  # an in-memory database has one process by definition
        yield
