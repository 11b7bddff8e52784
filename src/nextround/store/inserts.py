"""Plain INSERTs inside a unit of work, for rows written often and read back by id.

The ORM's unit of work costs several times the INSERT itself for each row. The
messages, stored mail and ledger rows an import writes by the thousand go in
as Core statements on the unit's own connection instead: in the same
transaction, after the pending objects they may refer to, and visible to every
later query in the unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import DeclarativeBase, Session

from nextround.store.lengths import check_row, check_rows


def table_of(row: type[DeclarativeBase]) -> Table:
    return cast(Table, row.__table__)


def insert_rows(
    session: Session, into: Table, rows: Sequence[Mapping[str, Any]] | Mapping[str, Any]
) -> None:
    """Insert one row (a mapping) or many (a list of them, in one executemany)."""
    check_rows(into, rows)
    session.flush()
    session.connection().execute(insert(into), rows)


def insert_returning_id(session: Session, into: Table, row: Mapping[str, Any]) -> int:
    """Insert one row; its new id."""
    check_row(into, row)
    session.flush()
    return int(session.connection().execute(insert(into).returning(into.c.id), row).scalar_one())
