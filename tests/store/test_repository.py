"""The repository on a real database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from nextround.domain.errors import NotFound, StoreError
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Direction,
    Interview,
    Lesson,
    Message,
    MessageKind,
    Polarity,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import Event, FeedbackThread, ThreadState
from nextround.store import Database, open_database, sqlite_url
from nextround.store.database import HEAD_REVISION, MIGRATIONS

NOW = datetime(2026, 11, 16, 10, 0)


def test_head_revision_constant_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrated_schema_matches_the_tables(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from nextround.store.tables import Base

    def ours(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
        # the job queue's tables (migration 0016) are procrastinate's, not in our metadata
        return "procrastinate_" not in (name or "")

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ours})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert db.current_revision() == HEAD_REVISION


def test_sqlite_uses_wal_and_foreign_keys(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_whole_graph_round_trips(db: Database) -> None:
    with db.unit() as repo:
        app = repo.add_application(Application(None, "Acme", "Analyst"), now=NOW)
        assert app.id is not None
        dana = repo.add_contact(Contact(None, "Dana", company="Acme", email="d@acme.test"))
        assert dana.id is not None
        interview = repo.add_interview(
            Interview(
                None,
                app.id,
                "final",
                NOW,
                contact_ids=[dana.id],
                talking_points=["the churn model"],
                self_assessment={Theme.COMMUNICATION: 4},
            )
        )
        msg = repo.add_message(
            Message(
                None,
                app.id,
                Direction.RECEIVED,
                MessageKind.REJECTION,
                Channel.EMAIL,
                "No thanks.",
                NOW,
                analysis={"kind": "rejection"},
            )
        )
        thread = repo.add_thread(
            FeedbackThread(
                None,
                app.id,
                NOW,
                interview_id=interview.id,
                contact_id=dana.id,
                rejection_message_id=msg.id,
            )
        )
        thread.apply(Event.REQUEST_SENT, at=NOW + timedelta(hours=1))
        repo.save_thread(thread)
        repo.add_lesson(
            Lesson(None, Theme.PREPARATION, Polarity.WEAKNESS, "Research more"), now=NOW
        )
    with db.unit() as repo:
        stored = repo.thread(thread.id or 0)
        assert stored.state is ThreadState.ASKED
        assert [t.event for t in stored.transitions] == ["request_sent"]
        got = repo.interview(interview.id or 0)
        assert got.contact_ids == [dana.id]
        assert got.talking_points == ["the churn model"]
        assert got.self_assessment == {Theme.COMMUNICATION: 4}
        assert repo.message(msg.id or 0).analysis == {"kind": "rejection"}
        assert repo.thread_for_application(app.id).id == thread.id  # type: ignore[union-attr]
        assert [a.company for a in repo.applications(company="ACME")] == ["Acme"]
        assert repo.applications(status=ApplicationStatus.OFFER) == []
        assert len(repo.lessons()) == 1


def test_unknown_ids_raise_not_found(db: Database) -> None:
    with db.unit() as repo:
        for getter in (
            repo.application,
            repo.contact,
            repo.interview,
            repo.thread,
            repo.message,
            repo.lesson,
        ):
            with pytest.raises(NotFound):
                getter(999)


def test_a_failed_unit_writes_nothing(db: Database) -> None:
    with pytest.raises(NotFound), db.unit() as repo:
        repo.add_application(Application(None, "Acme", "Analyst"), now=NOW)
        repo.contact(12345)
    with db.unit() as repo:
        assert repo.applications() == []


def test_one_thread_per_application(db: Database) -> None:
    with db.unit() as repo:
        app = repo.add_application(Application(None, "Acme", "Analyst"), now=NOW)
        repo.add_thread(FeedbackThread(None, app.id or 0, NOW))
    with pytest.raises(StoreError), db.unit() as repo:
        repo.add_thread(FeedbackThread(None, app.id or 0, NOW))


def test_unreachable_database_is_one_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        open_database("postgresql://nobody@127.0.0.1:1/nothing")


def test_not_a_url_is_one_clear_error() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_database("::::")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_database(sqlite_url(bogus))
    assert bogus.read_bytes() == b"this is not sqlite" * 100


def test_migration_0004_keeps_old_lessons_as_resolved_weaknesses_and_kept_strengths(
    tmp_path: Path,
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from nextround.domain.model import LessonStatus, Polarity
    from nextround.store import open_database, sqlite_url

    url = sqlite_url(tmp_path / "old.sqlite")
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        for status, polarity in (("addressed", "weakness"), ("open", "strength")):
            conn.execute(
                text(
                    "INSERT INTO lessons (theme, polarity, statement, status, evidence, actions,"
                    " created_at) VALUES ('communication', :p, 'x', :s, '', '[]', :at)"
                ),
                {"p": polarity, "s": status, "at": NOW},
            )
    engine.dispose()
    db = open_database(url)
    with db.unit() as repo:
        lessons = repo.lessons()
    db.dispose()
    assert [(lesson.polarity, lesson.status) for lesson in lessons] == [
        (Polarity.WEAKNESS, LessonStatus.RESOLVED),
        (Polarity.STRENGTH, LessonStatus.KEPT),
    ]
    assert all(lesson.sightings == [] and lesson.raised_by == 1 for lesson in lessons)
