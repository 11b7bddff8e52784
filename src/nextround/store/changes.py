"""Has the database changed? A cheap, exact probe for caches above the store.

SQLite counts commits for us: on a connection, ``PRAGMA data_version``
changes whenever any *other* connection — in this process or another one,
the web app's own pool or a `nextround` command run beside it — commits. A
read-only connection kept just for asking therefore gives a number that
changes after every write anywhere, for the cost of one pragma.

PostgreSQL has no equivalent that is both cheap and exact, so there the
probe answers ``None`` ("cannot tell"), and callers must not cache.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from nextround.store.database import Database


class ChangeProbe:
    """``version()`` returns a number that differs after any commit, or None."""

    def __init__(self, db: Database) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        path = db.engine.url.database
        if db.dialect == "sqlite" and path not in (None, "", ":memory:"):
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            try:
                self._conn = sqlite3.connect(
                    uri, uri=True, check_same_thread=False, isolation_level=None
                )
            except sqlite3.Error:
                self._conn = None  # no probe: nothing is cached, nothing goes stale

    def version(self) -> int | None:
        if self._conn is None:
            return None
        with self._lock:
            try:
                row = self._conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                return None
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
