"""Pages are rendered once per database version and minute, and never go stale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from nextround.services import record, views
from nextround.store import Database, open_database
from nextround.store.changes import ChangeProbe
from nextround.web.app import build_app
from nextround.web.cache import PLACEHOLDER
from tests.conftest import NOW
from tests.web.conftest import HOST, TestClient, Web, make_context


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cached(sqlite_db: Database, clock: Clock) -> Iterator[tuple[Web, Any]]:
    probe = ChangeProbe(sqlite_db)
    app = build_app(make_context(sqlite_db, data_version=probe.version, clock=clock))
    with TestClient(app, base_url=f"http://{HOST}") as client:
        yield Web(client), app
    probe.close()


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the home page is actually built."""
    built: list[str] = []
    real = views.home

    def counting(**kwargs: Any) -> Any:
        built.append("home")
        return real(**kwargs)

    monkeypatch.setattr(views, "home", counting)
    return built


def test_a_page_is_built_once_until_something_changes(
    cached: tuple[Web, Any], renders: list[str]
) -> None:
    web, _ = cached
    first = web.get("/")
    assert web.get("/").text == first.text
    assert renders == ["home"]
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    assert "Nothing is due right now" in web.get("/").text
    assert renders == ["home", "home"]


def test_a_write_from_elsewhere_is_seen(
    cached: tuple[Web, Any], renders: list[str], sqlite_db: Database
) -> None:
    web, _ = cached
    assert "Add your first application" in web.get("/applications").text
    other = open_database(str(sqlite_db.engine.url))  # another connection, as a CLI run is
    try:
        record.add_application(db=other, company="Harbour Bank", role="Analyst", now=NOW)
    finally:
        other.dispose()
    assert "Harbour Bank" in web.get("/applications").text


def test_the_clock_moving_on_rebuilds(
    cached: tuple[Web, Any], renders: list[str], clock: Clock
) -> None:
    web, _ = cached
    web.get("/")
    clock.now = NOW + timedelta(seconds=30)
    web.get("/")
    assert renders == ["home"]
    clock.now = NOW + timedelta(minutes=1)
    web.get("/")
    assert renders == ["home", "home"]


def test_each_session_gets_its_own_token(cached: tuple[Web, Any]) -> None:
    web, app = cached
    mine = web.get("/").text
    with TestClient(app, base_url=f"http://{HOST}") as other_client:
        other = Web(other_client)
        theirs = other.get("/").text
        assert other.token in theirs and web.token not in theirs
        assert web.token in mine and other.token not in mine
        assert PLACEHOLDER.decode() not in theirs
        # and the token in a cached page works
        assert other.post("/applications", {"company": "A", "role": "B"}).status_code == 303


def test_only_complete_pages_are_kept(cached: tuple[Web, Any]) -> None:
    web, app = cached
    web.get("/nowhere")
    web.api("GET", "/api/next")
    web.get("/static/app.css")
    web.get("/applications/99")
    middleware = _cache_of(app)
    assert middleware.entries == {}  # 404s, the API and static files are not kept
    web.get("/profile/chart.svg")
    web.get("/lessons")
    assert len(middleware.entries) == 2


def test_nothing_is_cached_when_changes_cannot_be_told(db: Database) -> None:
    app = build_app(make_context(db))  # data_version unknown, as on PostgreSQL
    with TestClient(app, base_url=f"http://{HOST}") as client:
        client.get("/")
        client.get("/")
    assert _cache_of(app).entries == {}


def test_the_probe(db: Database) -> None:
    probe = ChangeProbe(db)
    try:
        if db.dialect != "sqlite":
            assert probe.version() is None
            return
        before = probe.version()
        assert probe.version() == before
        record.list_applications(db=db)
        assert probe.version() == before  # reading is not a change
        record.add_application(db=db, company="A", role="B", now=NOW)
        assert probe.version() != before
    finally:
        probe.close()
    assert probe.version() is None


def test_applications_by_id(db: Database) -> None:
    for name in ("A", "B", "C"):
        record.add_application(db=db, company=name, role="R", now=NOW)
    with db.unit() as repo:
        assert [a.company for a in repo.applications(ids={3, 1})] == ["A", "C"]
        assert repo.applications(ids=set()) == []


def _cache_of(app: Any) -> Any:
    from nextround.web.cache import PageCache

    stack = app.middleware_stack or app.build_middleware_stack()
    node = stack
    while node is not None:
        if isinstance(node, PageCache):
            return node
        node = getattr(node, "app", None)
    raise AssertionError("no page cache in the middleware stack")
