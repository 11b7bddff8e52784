"""Text columns hold what their type says, on every backend.

PostgreSQL refuses a value longer than a ``String(n)`` column; SQLite stores
it anyway. So that a database, and a backup of it, means the same on both,
every write is checked here first and refused with one line, whichever way
it goes in (the ORM's flush, or the Core inserts of ``inserts``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.orm import Session, UOWTransaction

from nextround.domain.errors import InvalidInput


def check_row(table: Table, row: Mapping[str, Any]) -> None:
    """InvalidInput when a value is longer than its column takes."""
    for column in table.columns:
        limit = getattr(column.type, "length", None)
        value = row.get(column.name)
        if limit and isinstance(value, str) and len(value) > limit:
            what = column.name.replace("_", " ")
            raise InvalidInput(
                f"a {what} of {len(value):,} characters is too long "
                f"(at most {limit} in {table.name})"
            )


def check_rows(table: Table, rows: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> None:
    for row in [rows] if isinstance(rows, Mapping) else rows:
        check_row(table, row)


def check_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """A ``before_flush`` hook: the new and changed rows of the unit, checked."""
    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        table = mapper.local_table
        if not isinstance(table, Table):
            continue
        row = {attr.columns[0].name: getattr(obj, attr.key) for attr in mapper.column_attrs}
        check_row(table, row)
