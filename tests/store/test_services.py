"""Services on a real database, both backends: the loop, lessons, insights, backup."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from nextround.analysis import default_judge
from nextround.domain.errors import InvalidInput, InvalidTransition
from nextround.domain.model import ApplicationStatus, Channel, LessonStatus, Polarity, Tone
from nextround.domain.themes import Theme
from nextround.domain.thread import ThreadState
from nextround.drafting import Step
from nextround.services import backup, feedback, insights, learn, record
from nextround.services.rejection import record_rejection
from nextround.store import Database, open_database, sqlite_url

MONDAY = datetime(2026, 11, 16, 10, 0)
REJECTION = (
    "Dear Ana, thank you for interviewing with Tidewater Energy for the Grid Analyst role. "
    "We regret to inform you that we will not be moving forward with your application. "
    "Best regards, Omar Haddad"
)
ACTIONABLE = (
    "Happy to help. Your load-forecasting case lacked structure: you jumped into numbers "
    "before stating your assumptions. You also seemed unsure about the salary band."
)


def loop_until_actionable(db: Database) -> tuple[int, int]:
    record.set_user_name(db=db, name="Ana Lima")
    app = record.add_application(db=db, company="Tidewater Energy", role="Grid Analyst", now=MONDAY)
    omar = record.add_contact(db=db, name="Omar Haddad", company="Tidewater Energy")
    assert app.id is not None and omar.id is not None
    record.record_interview(
        db=db,
        application_id=app.id,
        stage="case interview",
        when=MONDAY - timedelta(days=7),
        contact_ids=[omar.id],
        talking_points=["the load-forecasting case"],
        self_assessment={Theme.PROBLEM_SOLVING: 5},
        now=MONDAY,
    )
    result = record_rejection(
        db=db,
        judge=default_judge(),
        text=REJECTION,
        received_at=MONDAY - timedelta(days=1),
        application_id=app.id,
        now=MONDAY,
    )
    thread_id = result.thread.id
    assert thread_id is not None
    written = feedback.write_draft(
        db=db,
        thread_id=thread_id,
        step=Step.REQUEST,
        channel=Channel.EMAIL,
        tone=Tone.FORMAL,
        now=MONDAY,
    )
    assert written.lint.ok, written.lint.details
    feedback.mark_sent(
        db=db,
        thread_id=thread_id,
        step=Step.REQUEST,
        channel=Channel.EMAIL,
        text=written.draft.body,
        subject=written.draft.subject or "",
        at=MONDAY,
    )
    outcome = feedback.log_reply(
        db=db,
        judge=default_judge(),
        thread_id=thread_id,
        text=ACTIONABLE,
        at=MONDAY + timedelta(days=1),
    )
    assert outcome.thread.state is ThreadState.ACTIONABLE
    assert outcome.message.id is not None
    return thread_id, outcome.message.id


def test_loop_lessons_and_profile(db: Database) -> None:
    thread_id, reply_id = loop_until_actionable(db)
    with db.unit() as repo:
        app = repo.application(repo.thread(thread_id).application_id)
    assert app.status is ApplicationStatus.REJECTED
    kept = learn.keep_lessons_from_reply(db=db, message_id=reply_id, now=MONDAY)
    assert {lesson.theme for lesson in kept} >= {Theme.PROBLEM_SOLVING}
    assert all(lesson.evidence and lesson.polarity is Polarity.WEAKNESS for lesson in kept)
    edited = learn.edit_lesson(db=db, lesson_id=kept[0].id or 0, status=LessonStatus.PRACTISING)
    assert edited.status is LessonStatus.PRACTISING
    profile = insights.profile(db=db)
    assert Theme.PROBLEM_SOLVING in {s.theme for s in profile.blind_spots}
    assert [(c.channel, c.asked, c.answered) for c in profile.channels] == [("email", 1, 1)]
    pitch = feedback.write_draft(
        db=db,
        thread_id=thread_id,
        step=Step.PITCH,
        channel=Channel.EMAIL,
        tone=Tone.WARM,
        evidence="I have since led three structured case workshops",
        now=MONDAY,
    )
    assert "case workshops" in pitch.draft.body and pitch.lint.ok


def test_keeping_evidence_not_in_the_reply_is_refused(db: Database) -> None:
    _, reply_id = loop_until_actionable(db)
    with pytest.raises(InvalidInput, match="word for word"):
        learn.keep_lessons_from_reply(
            db=db,
            message_id=reply_id,
            theme=Theme.LOGISTICS,
            evidence="made up words",
            now=MONDAY,
        )
    assert learn.list_lessons(db=db) == []


def test_reply_to_a_closed_thread_is_refused(db: Database) -> None:
    thread_id, _ = loop_until_actionable(db)
    thank = feedback.write_draft(
        db=db,
        thread_id=thread_id,
        step=Step.THANKS,
        channel=Channel.EMAIL,
        tone=Tone.WARM,
        now=MONDAY,
    )
    feedback.mark_sent(
        db=db,
        thread_id=thread_id,
        step=Step.THANKS,
        channel=Channel.EMAIL,
        text=thank.draft.body,
        at=MONDAY + timedelta(days=2),
    )
    with pytest.raises(InvalidTransition, match=r"is closed \(you thanked them"):
        feedback.log_reply(
            db=db,
            judge=default_judge(),
            thread_id=thread_id,
            text="One more thing...",
            at=MONDAY + timedelta(days=3),
        )


def test_export_import_round_trip_loses_nothing(db: Database, tmp_path: Path) -> None:
    _, reply_id = loop_until_actionable(db)
    learn.keep_lessons_from_reply(db=db, message_id=reply_id, now=MONDAY)
    learn.add_lesson(
        db=db,
        theme=Theme.COMMUNICATION,
        polarity=Polarity.STRENGTH,
        statement="Calm answers",
        actions=["keep doing it"],
        now=MONDAY,
    )
    first = tmp_path / "first.json"
    counts = backup.export_file(db=db, path=first, now=MONDAY)
    assert counts["applications"] == 1 and counts["threads"] == 1 and counts["messages"] >= 3

    restored = open_database(sqlite_url(tmp_path / "restored.sqlite"))
    backup.import_file(db=restored, path=first)
    second = tmp_path / "second.json"
    backup.export_file(db=restored, path=second, now=MONDAY)
    assert json.loads(first.read_text()) == json.loads(second.read_text())

    # the restored database keeps working: new rows get fresh ids
    app = record.add_application(db=restored, company="Next Co", role="Analyst", now=MONDAY)
    assert app.id == 2
    restored.dispose()


def test_import_refuses_a_database_with_data(db: Database, tmp_path: Path) -> None:
    loop_until_actionable(db)
    dump = tmp_path / "dump.json"
    backup.export_file(db=db, path=dump, now=MONDAY)
    with pytest.raises(InvalidInput, match="empty database"):
        backup.import_file(db=db, path=dump)


def test_a_damaged_export_imports_nothing(sqlite_db: Database, tmp_path: Path) -> None:
    dump = tmp_path / "damaged.json"
    data = {
        "format": backup.FORMAT,
        "version": backup.FORMAT_VERSION,
        "meta": {},
        "applications": [{"id": 1, "company": "A", "role": "B", "status": "applied"}],
        "contacts": [],
        "interviews": [{"id": 1, "application_id": 1}],
        "threads": [],
        "messages": [],
        "lessons": [],
    }
    dump.write_text(json.dumps(data))
    with pytest.raises(InvalidInput, match="damaged"):
        backup.import_file(db=sqlite_db, path=dump)
    assert sqlite_db.is_empty()


def test_a_newer_export_version_is_refused(sqlite_db: Database, tmp_path: Path) -> None:
    dump = tmp_path / "future.json"
    dump.write_text(json.dumps({"format": backup.FORMAT, "version": 99}))
    with pytest.raises(InvalidInput, match="version 99"):
        backup.import_file(db=sqlite_db, path=dump)


def test_a_lesson_may_quote_sentences_that_are_apart_in_the_reply(db: Database) -> None:
    """The judge may give one theme two sentences with another between them."""
    from nextround.store.tables import MessageRow

    _, reply_id = loop_until_actionable(db)
    apart = ["Happy to help.", "You also seemed unsure about the salary band."]
    with db.unit() as repo:
        row = repo.session.get(MessageRow, reply_id)
        assert row is not None
        row.analysis = {
            **(row.analysis or {}),
            "notes": [{"sentence": s, "themes": ["logistics"], "strength": False} for s in apart],
        }
    kept = learn.keep_lessons_from_reply(db=db, message_id=reply_id, now=MONDAY)
    assert " ".join(apart) in [lesson.evidence for lesson in kept]


def test_an_interview_stored_after_the_rejection_links_its_thread(db: Database) -> None:
    """Shared by `interview add` and mail filing of an invitation imported late."""
    from nextround.domain.model import Interview

    record.set_user_name(db=db, name="Ana Lima")
    app = record.add_application(db=db, company="Tidewater Energy", role="Grid Analyst", now=MONDAY)
    assert app.id is not None
    rejected = record_rejection(
        db=db,
        judge=default_judge(),
        text=REJECTION,
        received_at=MONDAY,
        application_id=app.id,
        now=MONDAY,
    )
    assert rejected.thread.interview_id is None
    with db.unit() as repo:
        stored = record.store_interview(
            repo,
            Interview(None, app.id, "phone screen", MONDAY - timedelta(days=3)),
            now=MONDAY,
        )
        thread = repo.thread_for_application(app.id)
    assert thread is not None and thread.interview_id == stored.id
    assert thread.after_interview is True
