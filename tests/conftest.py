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
REQUIRE_ALL = os.environ.get("NEXTROUND_REQUIRE_ALL") == "1"


def unavailable(reason: str) -> None:
    """A real part a test needs is missing: skip on a developer's machine, fail in CI.

    CI sets NEXTROUND_REQUIRE_ALL=1 so that a server or browser that did not
    install makes the run fail instead of passing on skipped tests.
    """
    if REQUIRE_ALL:
        pytest.fail(f"required for this run but missing: {reason}")
    pytest.skip(reason)


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
    backends.append(pytest.param("postgresql", marks=[pytest.mark.postgres]))
    return backends


@pytest.fixture(params=_backends())
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A freshly migrated database on each backend."""
    if request.param == "postgresql":
        if not PG_URL:
            unavailable("NEXTROUND_TEST_DATABASE_URL not set")
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


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands run in tests keep their log (and anything else of the data dir) in a
    folder of the test run, never in the user's own data directory."""
    if "NEXTROUND_DATA_DIR" in os.environ:
        yield
        return
    os.environ["NEXTROUND_DATA_DIR"] = str(tmp_path_factory.mktemp("data-dir"))
    try:
        yield
    finally:
        os.environ.pop("NEXTROUND_DATA_DIR", None)
