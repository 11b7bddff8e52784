"""The secret that signs a web session's anti-forgery tokens, and the database's own id.

It is made on first use from the operating system's randomness and kept in
the database's meta table, so every server process on the same database
agrees on it. There is no default secret to forget to change.
"""

from __future__ import annotations

import secrets

from nextround.domain.errors import StoreError
from nextround.store import Database

SECRET_KEY = "web_session_secret"
SECRET_BYTES = 32
# Names this database among others: a personal model records the database it
# was trained from, and serves no other. A restore is a new database.
DATABASE_ID_KEY = "database_id"
DATABASE_ID_BYTES = 16
# meta keys that stay with their database: never exported, never restored
LOCAL_META = frozenset({SECRET_KEY, DATABASE_ID_KEY})


def session_secret(*, db: Database) -> str:
    """The database's session secret, created the first time it is asked for."""
    return _made_once(db=db, key=SECRET_KEY, size=SECRET_BYTES)


def database_id(*, db: Database) -> str:
    """The database's own random name, created the first time it is asked for."""
    return _made_once(db=db, key=DATABASE_ID_KEY, size=DATABASE_ID_BYTES)


def _made_once(*, db: Database, key: str, size: int) -> str:
    with db.unit() as repo:
        current = repo.get_meta(key)
        if current:
            return current
    made = secrets.token_hex(size)
    try:
        with db.unit() as repo:
            repo.set_meta(key, made)
        return made
    except StoreError:
        # another process made it between our read and our write: use theirs
        with db.unit() as repo:
            current = repo.get_meta(key)
        if not current:
            raise
        return current
