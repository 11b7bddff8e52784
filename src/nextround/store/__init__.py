"""Persistence: SQLAlchemy tables, migrations, and the repository the services use."""

from nextround.store.database import Database, open_database, sqlite_url
from nextround.store.repository import Repository

__all__ = ["Database", "Repository", "open_database", "sqlite_url"]
