"""Shared fixtures: a real database per test (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from nextround.store import Database, open_database, sqlite_url

PG_URL = os.environ.get("NEXTROUND_TEST_DATABASE_URL", "")
NOW = datetime(2026, 11, 16, 10, 0)  # a Monday


def _reset_postgres(url: str) -> None:
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _backends() -> list[object]:
    backends: list[object] = ["sqlite"]
    backends.append(
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not PG_URL, reason="NEXTROUND_TEST_DATABASE_URL not set"),
            ],
        )
    )
    return backends


@pytest.fixture(params=_backends())
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A freshly migrated database on each backend."""
    if request.param == "postgresql":
        _reset_postgres(PG_URL)
        database = open_database(PG_URL)
    else:
        database = open_database(sqlite_url(tmp_path / "test.sqlite"))
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url(tmp_path / "test.sqlite"))
    yield database
    database.dispose()
