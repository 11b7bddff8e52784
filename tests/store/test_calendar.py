"""The calendar export on both backends, read back by two independent iCalendar parsers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from sqlalchemy import delete

from nextround.analysis import default_judge
from nextround.domain.errors import InvalidInput
from nextround.domain.model import Channel, Polarity, Tone
from nextround.domain.themes import Theme
from nextround.drafting import Step
from nextround.services import calendar, feedback, learn, record
from nextround.services.rejection import record_rejection
from nextround.store import Database
from nextround.store.tables import InterviewRow

MONDAY = datetime(2026, 11, 16, 10, 0)
PARIS = ZoneInfo("Europe/Paris")
REJECTION = (
    "Dear Ana, thank you for interviewing with Tidewater Energy for the Grid Analyst role. "
    "We regret to inform you that we will not be moving forward with your application."
)


def _setup(db: Database) -> tuple[int, int]:
    """An upcoming interview at Northwind, and a rejection from Tidewater not yet asked about."""
    north = record.add_application(db=db, company="Northwind", role="Data Analyst", now=MONDAY)
    tide = record.add_application(db=db, company="Tidewater Energy", role="Analyst", now=MONDAY)
    jo = record.add_contact(db=db, name="Jo Park", company="Northwind", email="jo@nw.example")
    assert north.id and tide.id and jo.id
    upcoming = record.record_interview(
        db=db,
        application_id=north.id,
        stage="technical",
        when=datetime(2026, 11, 18, 14, 0),
        contact_ids=[jo.id],
        talking_points=["the readmission dashboard"],
        now=MONDAY,
    )
    learn.add_lesson(
        db=db,
        theme=Theme.COMMUNICATION,
        polarity=Polarity.WEAKNESS,
        statement="Lead with the result, then the method",
        now=MONDAY,
    )
    result = record_rejection(
        db=db,
        judge=default_judge(),
        text=REJECTION,
        received_at=MONDAY - timedelta(hours=1),
        application_id=tide.id,
        now=MONDAY,
    )
    assert upcoming.id and result.thread.id
    return upcoming.id, result.thread.id


def _events(data: bytes) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def _by_title(events: dict[str, Any], start: str) -> Any:
    [found] = [e for e in events.values() if str(e["summary"]).startswith(start)]
    return found


def test_export_reads_back_in_icalendar_and_vobject(db: Database) -> None:
    _setup(db)
    data = calendar.export_calendar(db=db, now=MONDAY, zone=PARIS).data
    events = _events(data)
    interview = _by_title(events, "Technical interview")
    # 14:00 in Paris in November is 13:00 UTC
    assert interview.decoded("dtstart") == datetime(2026, 11, 18, 13, 0, tzinfo=UTC)
    text = str(interview["description"])
    assert "Jo Park" in text
    assert "Apply: Lead with the result, then the method" in text
    assert "Bring up: the readmission dashboard" in text
    [alarm] = interview.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(hours=-1)
    ask = _by_title(events, "Ask Tidewater Energy for feedback")
    assert ask.decoded("dtstart") == date(2026, 11, 18)  # two business days after Monday
    assert int(ask["sequence"]) == 0 and "dtstamp" in ask
    assert not list(icalendar.Calendar.from_ical(data).walk("VTODO"))

    parsed = vobject.readOne(data.decode("utf-8"))
    by_uid = {v.uid.value: v for v in parsed.vevent_list}
    assert set(by_uid) == set(events)
    second = by_uid[str(interview["uid"])]
    assert second.dtstart.value == datetime(2026, 11, 18, 13, 0, tzinfo=UTC)
    assert "Lead with the result" in second.description.value
    assert int(second.sequence.value) == 0


def test_unchanged_events_keep_their_sequence_and_stamp(db: Database) -> None:
    _setup(db)
    first = calendar.export_calendar(db=db, now=MONDAY, zone=PARIS)
    again = calendar.export_calendar(db=db, now=MONDAY + timedelta(hours=2), zone=PARIS)
    assert again.data == first.data
    assert first.changed == 2 and again.changed == 0


def test_writing_the_same_times_in_another_form_keeps_the_sequence(db: Database) -> None:
    """UTC (``Z``) before, Paris by name with its VTIMEZONE now: the same moments, so no
    event changed and none is sent again with a higher SEQUENCE."""
    _setup(db)
    before = calendar.export_calendar(db=db, now=MONDAY, zone=timezone(timedelta(hours=1)))
    assert b"VTIMEZONE" not in before.data
    after = calendar.export_calendar(db=db, now=MONDAY + timedelta(hours=1), zone=PARIS)
    assert b"DTSTART;TZID=Europe/Paris:20261118T140000" in after.data
    assert after.changed == 0
    old, new = _events(before.data), _events(after.data)
    assert set(old) == set(new)
    for uid, event in new.items():
        assert int(event["sequence"]) == int(old[uid]["sequence"]) == 0
        assert event.decoded("dtstart") == old[uid].decoded("dtstart")
        assert event.decoded("dtstamp") == old[uid].decoded("dtstamp")


def test_a_change_raises_the_sequence(db: Database) -> None:
    interview_id, _ = _setup(db)
    calendar.export_calendar(db=db, now=MONDAY, zone=PARIS)
    with db.unit() as repo:
        repo.calendar.reschedule(interview_id, when=datetime(2026, 11, 19, 9, 30))
    later = MONDAY + timedelta(hours=1)
    events = _events(calendar.export_calendar(db=db, now=later, zone=PARIS).data)
    moved = _by_title(events, "Technical interview")
    assert int(moved["sequence"]) == 1
    assert moved.decoded("dtstart") == datetime(2026, 11, 19, 8, 30, tzinfo=UTC)
    assert moved.decoded("dtstamp") == later.replace(tzinfo=PARIS).astimezone(UTC)
    assert int(_by_title(events, "Ask Tidewater")["sequence"]) == 0


def test_a_done_step_and_a_removed_interview_are_cancelled(db: Database) -> None:
    interview_id, thread_id = _setup(db)
    first = _events(calendar.export_calendar(db=db, now=MONDAY, zone=PARIS).data)
    ask_uid = str(_by_title(first, "Ask Tidewater")["uid"])
    interview_uid = str(_by_title(first, "Technical interview")["uid"])
    feedback.mark_sent(
        db=db,
        thread_id=thread_id,
        step=Step.REQUEST,
        channel=Channel.CALL,
        text="Called Omar to ask what I could do better.",
        tone=Tone.WARM,
        at=MONDAY + timedelta(hours=1),
    )
    with db.unit() as repo:
        repo.session.execute(delete(InterviewRow).where(InterviewRow.id == interview_id))
    after = _events(
        calendar.export_calendar(db=db, now=MONDAY + timedelta(hours=2), zone=PARIS).data
    )
    for uid in (ask_uid, interview_uid):
        assert str(after[uid]["status"]) == "CANCELLED"
        assert int(after[uid]["sequence"]) == 1
    follow = _by_title(after, "Follow up with Tidewater")
    assert str(follow["status"]) == "CONFIRMED"
    assert follow.decoded("dtstart") == date(2026, 11, 23)  # five business days on
    # the second parser reads the cancellations the same way
    parsed = vobject.readOne(
        calendar.export_calendar(db=db, now=MONDAY + timedelta(hours=3), zone=PARIS).data.decode()
    )
    statuses = {v.uid.value: v.status.value for v in parsed.vevent_list}
    assert statuses[ask_uid] == statuses[interview_uid] == "CANCELLED"


def test_cancelled_events_leave_the_feed_after_the_keep_window(db: Database) -> None:
    interview_id, _ = _setup(db)
    calendar.export_calendar(db=db, now=MONDAY, zone=PARIS)
    with db.unit() as repo:
        repo.session.execute(delete(InterviewRow).where(InterviewRow.id == interview_id))
    much_later = MONDAY + timedelta(days=60)
    events = _events(calendar.export_calendar(db=db, now=much_later, zone=PARIS).data)
    assert not [e for e in events.values() if "interview" in str(e["summary"]).lower()]
    with db.unit() as repo:
        assert all("interview-" not in s.uid for s in repo.calendar.stored_events())


def test_feed_token_rotates_and_revokes(db: Database) -> None:
    _setup(db)
    assert calendar.feed(db=db, token="anything", now=MONDAY) is None
    first = calendar.rotate_feed_token(db=db)
    data = calendar.feed(db=db, token=first, now=MONDAY)
    assert data is not None and b"BEGIN:VCALENDAR" in data
    with db.unit() as repo:
        assert first not in repo.all_meta().values()  # only its fingerprint is kept
    second = calendar.rotate_feed_token(db=db)
    assert second != first
    assert calendar.feed(db=db, token=first, now=MONDAY) is None
    assert calendar.feed(db=db, token=second, now=MONDAY) is not None
    assert calendar.revoke_feed_token(db=db) is True
    assert calendar.feed(db=db, token=second, now=MONDAY) is None
    assert calendar.feed_is_on(db=db) is False


def test_a_restored_backup_keeps_the_calendar_and_its_invitations(
    db: Database, tmp_path: Path
) -> None:
    from nextround.services import backup
    from nextround.services.invitations import import_invitations
    from nextround.store import open_database, sqlite_url

    _setup(db)
    invite = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:final-1@northwind.example\r\nDTSTAMP:20261110T120000Z\r\n"
        b"DTSTART:20261125T100000Z\r\nSUMMARY:Final interview - Northwind\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    import_invitations(db=db, data=invite, now=MONDAY, zone=PARIS)
    before = calendar.export_calendar(db=db, now=MONDAY, zone=PARIS).data
    token = calendar.rotate_feed_token(db=db)
    path = tmp_path / "backup.json"
    backup.export_file(db=db, path=path, now=MONDAY)
    restored = open_database(sqlite_url(tmp_path / "restored.sqlite"))
    try:
        backup.import_file(db=restored, path=path)
        # the same events with the same SEQUENCE and DTSTAMP: calendars see no change
        assert calendar.export_calendar(db=restored, now=MONDAY, zone=PARIS).data == before
        assert calendar.feed(db=restored, token=token, now=MONDAY, zone=PARIS) == before
        again = import_invitations(db=restored, data=invite, now=MONDAY, zone=PARIS)
        assert [d.outcome.value for d in again] == ["unchanged"]
    finally:
        restored.dispose()


def _invitation(
    *,
    method: str = "REQUEST",
    status: str = "CONFIRMED",
    sequence: int = 0,
    start: str = "20261126T100000Z",
) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        f"METHOD:{method}\r\nBEGIN:VEVENT\r\n"
        "UID:final-2@northwind.example\r\nDTSTAMP:20261110T120000Z\r\n"
        f"SEQUENCE:{sequence}\r\nSTATUS:{status}\r\n"
        f"DTSTART:{start}\r\nSUMMARY:Final interview - Northwind\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize(
    "cancel", [{"method": "CANCEL"}, {"status": "CANCELLED"}], ids=["method", "status"]
)
def test_a_cancelled_invitation_removes_its_interview(db: Database, cancel: dict[str, str]) -> None:
    from nextround.services.invitations import import_invitations

    _setup(db)
    [recorded] = import_invitations(db=db, data=_invitation(), now=MONDAY, zone=PARIS)
    exported = _events(calendar.export_calendar(db=db, now=MONDAY, zone=PARIS).data)
    uid = str(_by_title(exported, "Final interview")["uid"])
    # moved (SEQUENCE 2), then a cancellation older than that move: nothing changes
    moved = _invitation(sequence=2, start="20261127T100000Z")
    newer = import_invitations(db=db, data=moved, now=MONDAY, zone=PARIS)
    assert [d.outcome.value for d in newer] == ["rescheduled"]
    stale = import_invitations(
        db=db, data=_invitation(sequence=1, **cancel), now=MONDAY, zone=PARIS
    )
    assert [d.outcome.value for d in stale] == ["unchanged"]
    [done] = import_invitations(
        db=db, data=_invitation(sequence=3, **cancel), now=MONDAY, zone=PARIS
    )
    assert (done.outcome.value, done.interview_id) == ("cancelled", recorded.interview_id)
    assert done.application.company == "Northwind" and done.stage == "final"
    with db.unit() as repo:
        left = repo.interviews(application_id=done.application.id)
    assert [i.stage for i in left] == ["technical"]  # the other interview stays
    after = _events(
        calendar.export_calendar(db=db, now=MONDAY + timedelta(hours=1), zone=PARIS).data
    )
    assert str(after[uid]["status"]) == "CANCELLED"
    # nothing on file comes from it now: a second cancellation is one line, no change
    with pytest.raises(InvalidInput, match="no interview on file came from its invitation"):
        import_invitations(db=db, data=_invitation(sequence=3, **cancel), now=MONDAY, zone=PARIS)


def test_a_cancellation_of_an_interview_a_thread_names_is_refused(db: Database) -> None:
    from nextround.services.invitations import import_invitations

    tide = record.add_application(db=db, company="Quarry Labs", role="Analyst", now=MONDAY)
    assert tide.id
    invite = _invitation().replace(b"Northwind", b"Quarry Labs")
    import_invitations(db=db, data=invite, now=MONDAY, zone=PARIS, application_id=tide.id)
    record_rejection(
        db=db,
        judge=default_judge(),
        text=REJECTION,
        received_at=datetime(2026, 11, 30, 9, 0),
        application_id=tide.id,
        now=datetime(2026, 11, 30, 9, 0),
    )
    cancel = _invitation(method="CANCEL", sequence=1).replace(b"Northwind", b"Quarry Labs")
    with pytest.raises(InvalidInput, match="feedback thread"):
        import_invitations(db=db, data=cancel, now=MONDAY, zone=PARIS)
    with db.unit() as repo:
        assert len(repo.interviews(application_id=tide.id)) == 1


def test_two_exports_at_once_both_answer_and_agree(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two calendar apps fetch the feed at the same moment and both find a new event to
    record: the second to write it finds it already there. It reads again and answers
    the same calendar instead of an error. (SQLite: there the interleaving below can be
    forced from one test; on PostgreSQL the other export waits on the first one's locks.)"""
    import threading

    from nextround.store.calendarstore import CalendarStore

    db = sqlite_db
    _setup(db)
    calendar.export_calendar(db=db, now=MONDAY)  # the calendar's id and first events
    west = record.add_application(db=db, company="Westwind", role="Analyst", now=MONDAY)
    assert west.id
    record.record_interview(
        db=db,
        application_id=west.id,
        stage="screen",
        when=datetime(2026, 11, 19, 9, 0),
        contact_ids=[],
        talking_points=[],
        now=MONDAY,
    )  # a new event both exports will want to add
    real_save = CalendarStore.save_events
    theirs: list[bytes] = []
    failed: list[Exception] = []
    started: list[bool] = []

    def save_after_the_other(self: CalendarStore, *args: Any) -> None:
        if not started:  # the first export looked and found no record of the new event...
            real_get = self.session.get

            def get_then_let_the_other_finish(*a: Any, **k: Any) -> Any:
                found = real_get(*a, **k)
                if not started:  # ...and the other export records it now
                    started.append(True)

                    def other() -> None:
                        try:
                            theirs.append(calendar.export_calendar(db=db, now=MONDAY).data)
                        except Exception as err:  # the test says what went wrong
                            failed.append(err)

                    worker = threading.Thread(target=other)
                    worker.start()
                    worker.join(30)
                return found

            monkeypatch.setattr(self.session, "get", get_then_let_the_other_finish)
        real_save(self, *args)

    monkeypatch.setattr(CalendarStore, "save_events", save_after_the_other)
    mine = calendar.export_calendar(db=db, now=MONDAY)
    assert theirs, f"the other export did not run: {failed}"
    assert set(_events(mine.data)) == set(_events(theirs[0]))
    assert _by_title(_events(mine.data), "Screen")["sequence"] == 0
