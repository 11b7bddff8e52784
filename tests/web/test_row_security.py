"""Row-level security on PostgreSQL, the second line: a query that forgets the scoping
still finds no row of another user, when the app connects as a role that does not
own the tables (as a multi-user server should; docs/deploy.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from nextround.domain.errors import StoreError
from nextround.domain.model import Polarity
from nextround.domain.themes import Theme
from nextround.services import learn, record
from nextround.services.accounts import add_user
from nextround.store import Database, open_database
from nextround.store.tables import ApplicationRow, LessonRow
from nextround.web.app import build_app
from tests.conftest import NOW, PG_URL
from tests.web.conftest import HOST, TestClient, Web, make_context
from tests.web.test_multi_user import PASSWORD, pg  # noqa: F401 (the fixture)

pytestmark = pytest.mark.postgres

OWNED = ("applications", "contacts", "interviews", "threads", "messages", "lessons")


@contextmanager
def app_role(owner: Database) -> Iterator[Database]:
    """The same database as a login role that may read and write but owns no table."""
    role = f"{make_url(PG_URL).database}_app"  # roles are per cluster: one per test database
    grants = (
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
    )
    with owner.engine.begin() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}) is None:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS'))
        for grant in grants:
            conn.execute(text(grant))
    url = make_url(PG_URL).set(username=role).render_as_string(hide_password=False)
    db = open_database(url)  # already at the newest revision: nothing to migrate
    try:
        yield db
    finally:
        db.dispose()
        with owner.engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))


@pytest.fixture
def app_db(pg: Database) -> Iterator[Database]:  # noqa: F811
    with app_role(pg) as db:
        yield db


def _ids(db: Database, *emails: str) -> list[int]:
    with db.unit() as repo:
        return [repo.accounts.user(e).id for e in emails]


def _works(db: Database, company: str) -> None:
    record.add_application(db=db, company=company, role="Engineer", now=NOW)
    record.add_contact(db=db, name=f"{company} recruiter", company=company)
    learn.add_lesson(
        db=db,
        theme=Theme.COMMUNICATION,
        polarity=Polarity.WEAKNESS,
        statement=f"Something to practise from {company}",
        now=NOW,
    )


def test_a_query_around_the_scoping_finds_no_row_of_another_user(
    pg: Database,  # noqa: F811
    app_db: Database,
) -> None:
    for email in ("ana@example.edu", "bo@example.edu"):
        add_user(db=pg, email=email, role="student", password=PASSWORD, now=NOW)
    ana, bo = _ids(pg, "ana@example.edu", "bo@example.edu")
    _works(app_db.scoped(ana), "Ana Works")  # the policies let each write their own rows
    _works(app_db.scoped(bo), "Bo Works")

    with app_db.scoped(ana).unit() as repo:
        # no WHERE on the owner: the policies add it
        assert list(repo.session.scalars(select(ApplicationRow.company))) == ["Ana Works"]
        assert repo.session.scalar(select(func.count()).select_from(LessonRow)) == 1
        for table in OWNED:
            theirs = repo.session.execute(
                text(f"SELECT count(*) FROM {table} WHERE owner_id <> :me OR owner_id IS NULL"),
                {"me": ana},
            ).scalar()
            assert theirs == 0, table
        # and no change reaches them
        changed = repo.session.execute(
            text("UPDATE applications SET notes = 'planted' WHERE owner_id = :bo"), {"bo": bo}
        )
        assert changed.rowcount == 0  # type: ignore[attr-defined]
        gone = repo.session.execute(text("DELETE FROM lessons WHERE owner_id = :bo"), {"bo": bo})
        assert gone.rowcount == 0  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="row-level security"), app_db.scoped(ana).unit() as repo:
        repo.session.execute(
            text(
                "INSERT INTO applications (company, role, source, status, notes, owner_id, "
                "created_at, updated_at, job_url, location, salary) VALUES ('Planted', 'x', '', "
                "'applied', '', :bo, now(), now(), '', '', '')"
            ),
            {"bo": bo},
        )
    # a unit with no user (sign-in, sessions) sees no one's rows at all
    with app_db.unit() as repo:
        assert repo.session.scalar(select(func.count()).select_from(ApplicationRow)) == 0
    # the tables' owner (migrations, the local app) is not bound: both are there, unchanged
    with pg.unit() as repo:
        rows = repo.session.execute(select(ApplicationRow.company, ApplicationRow.notes)).all()
        assert sorted(rows) == [("Ana Works", ""), ("Bo Works", "")]
        assert repo.session.scalar(select(func.count()).select_from(LessonRow)) == 2


def test_the_server_works_as_a_role_that_owns_no_table(
    pg: Database,  # noqa: F811
    app_db: Database,
) -> None:
    from tests.web.test_isolation import _owner_data

    for email, role in (
        ("ana@example.edu", "student"),
        ("bo@example.edu", "student"),
        ("lee@example.edu", "coach"),
    ):
        add_user(db=pg, email=email, role=role, password=PASSWORD, now=NOW)
    app: Any = build_app(make_context(app_db, multi_user=True))
    with (
        TestClient(app, base_url=f"http://{HOST}") as a,
        TestClient(app, base_url=f"http://{HOST}") as b,
        TestClient(app, base_url=f"http://{HOST}") as c,
    ):
        webs = []
        for client, email in (
            (a, "ana@example.edu"),
            (b, "bo@example.edu"),
            (c, "lee@example.edu"),
        ):
            web = Web(client)
            done = web.api("POST", "/api/login", {"email": email, "password": PASSWORD})
            assert done.status_code == 200, done.text
            web._token = None
            webs.append(web)
        ana, bo, lee = webs
        ids = _owner_data(ana, app_db)  # the whole loop: application, rejection, reply, lesson
        assert bo.api("GET", "/api/applications").json() == []
        assert ana.api("POST", "/api/shares", {"coach_email": "lee@example.edu"}).status_code == 201
        seen = lee.api("GET", f"/api/coach/students/{ids['student_id']}")
        assert seen.status_code == 200 and len(seen.json()["lessons"]) == 1
        said = lee.api(
            "POST",
            f"/api/coach/students/{ids['student_id']}/lessons/{ids['lesson_id']}/comments",
            {"text": "Good one to practise."},
        )
        assert said.status_code == 201, said.text
        comments = ana.api("GET", f"/api/lessons/{ids['lesson_id']}/comments").json()
        assert [c["text"] for c in comments] == ["Good one to practise."]
        on_draft = lee.api(
            "POST",
            f"/api/coach/students/{ids['student_id']}/threads/{ids['thread_id']}/comments",
            {"step": "thanks", "text": "Name the dashboard in the first line."},
        )
        assert on_draft.status_code == 201, on_draft.text
        seen_by_ana = ana.api("GET", f"/api/threads/{ids['thread_id']}/comments").json()
        assert [c["text"] for c in seen_by_ana] == ["Name the dashboard in the first line."]
        assert bo.api("GET", f"/api/threads/{ids['thread_id']}/comments").status_code == 404
