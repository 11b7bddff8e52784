"""Alembic environment: runs on the connection nextround hands over."""

from __future__ import annotations

from alembic import context

from nextround.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - nextround always passes its connection
    raise RuntimeError("run migrations through nextround.store.open_database")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
