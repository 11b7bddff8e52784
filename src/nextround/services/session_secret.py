"""The secret that signs a web session's anti-forgery tokens.

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


def session_secret(*, db: Database) -> str:
    """The database's session secret, created the first time it is asked for."""
    with db.unit() as repo:
        current = repo.get_meta(SECRET_KEY)
        if current:
            return current
    made = secrets.token_hex(SECRET_BYTES)
    try:
        with db.unit() as repo:
            repo.set_meta(SECRET_KEY, made)
        return made
    except StoreError:
        # another process made it between our read and our write: use theirs
        with db.unit() as repo:
            current = repo.get_meta(SECRET_KEY)
        if not current:
            raise
        return current
