"""Persistence: SQLAlchemy tables, migrations, and the repository the services use.

Importing the package costs nothing: SQLAlchemy comes with the first use of
``Database``, ``Repository`` or ``open_database``, so ``store.plain`` (reads in
plain SQL through ``sqlite3``) and ``store.revision`` stay cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nextround.store.revision import sqlite_url

if TYPE_CHECKING:
    from nextround.store.database import Database, open_database
    from nextround.store.repository import Repository

__all__ = ["Database", "Repository", "open_database", "sqlite_url"]


def __getattr__(name: str) -> Any:
    if name in ("Database", "open_database"):
        from nextround.store import database

        return getattr(database, name)
    if name == "Repository":
        from nextround.store.repository import Repository

        return Repository
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
