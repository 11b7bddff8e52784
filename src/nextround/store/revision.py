"""The schema's newest revision, readable without importing SQLAlchemy or Alembic.

HEAD_REVISION names the newest file in migrations/versions; a test checks it
against Alembic. Opening an up-to-date database never imports Alembic, and the
plain reads (``store.plain``) check it before reading a SQLite file directly.
"""

HEAD_REVISION = "0017"


def sqlite_url(path: object) -> str:
    """The database URL of a SQLite file."""
    return f"sqlite:///{path}"
