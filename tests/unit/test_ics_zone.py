"""Calendar files name the user's time zone (TZID and its VTIMEZONE), read back by
icalendar and vobject; UTC, or a zone without a name, is written in the ``Z`` form."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from nextround.domain.events import CalendarEvent, PlannedEvent
from nextround.ics import calendar_bytes
from nextround.ics.zone import machine_zone

LONDON = ZoneInfo("Europe/London")
CHATHAM = ZoneInfo("Pacific/Chatham")  # +12:45, +13:45 in its summer


def _event(uid: str, starts_at: datetime, *, all_day: bool = False) -> CalendarEvent:
    planned = PlannedEvent(
        uid=uid, title=f"Interview {uid}", starts_at=starts_at, all_day=all_day, alarm_minutes=60
    )
    return CalendarEvent(planned, 0, cancelled=False, stamp=datetime(2027, 3, 1, 9, 0))


def _starts(data: bytes) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """Each event's start as icalendar reads it, and as vobject reads it."""
    first = {
        str(e["uid"]): e.decoded("dtstart")
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    second = {v.uid.value: v.dtstart.value for v in vobject.readOne(data.decode()).vevent_list}
    return first, second


def test_an_interview_on_the_day_the_clocks_change_keeps_its_wall_time() -> None:
    # the last Sunday of March 2027: London goes from GMT to BST at 01:00 UTC
    events = [
        _event("before", datetime(2027, 3, 27, 10, 0)),
        _event("after", datetime(2027, 3, 28, 14, 0)),
        _event("autumn", datetime(2027, 11, 2, 9, 30)),
    ]
    data = calendar_bytes(events, zone=LONDON)
    text = data.decode()
    assert "DTSTART;TZID=Europe/London:20270328T140000" in text
    assert "DTEND;TZID=Europe/London:20270328T150000" in text
    assert "DTSTAMP:20270301T090000Z" in text  # a stamp is always UTC
    cal = icalendar.Calendar.from_ical(data)
    [vtimezone] = cal.walk("VTIMEZONE")
    assert str(vtimezone["tzid"]) == "Europe/London"
    assert {c.name for c in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert not cal.get_missing_tzids()
    expected = {
        "before": datetime(2027, 3, 27, 10, 0, tzinfo=UTC),  # GMT
        "after": datetime(2027, 3, 28, 13, 0, tzinfo=UTC),  # BST
        "autumn": datetime(2027, 11, 2, 9, 30, tzinfo=UTC),  # GMT again
    }
    for starts in _starts(data):
        assert starts == expected


def test_a_zone_far_from_utc_moves_the_date_in_utc() -> None:
    data = calendar_bytes([_event("far", datetime(2027, 1, 10, 9, 0))], zone=CHATHAM)
    assert "DTSTART;TZID=Pacific/Chatham:20270110T090000" in data.decode()
    for starts in _starts(data):
        # 09:00 at +13:45 is 19:15 the day before in UTC
        assert starts["far"] == datetime(2027, 1, 9, 19, 15, tzinfo=UTC)
        assert starts["far"].utcoffset() == timedelta(hours=13, minutes=45)


def test_the_vtimezone_covers_every_year_the_events_span() -> None:
    events = [
        _event("new-year", datetime(2027, 12, 31, 23, 30)),
        _event("next", datetime(2028, 7, 1, 9, 0)),
    ]
    data = calendar_bytes(events, zone=LONDON)
    [vtimezone] = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert "2027-01-01 to 2029-01-01" in str(vtimezone["comment"])
    first, second = _starts(data)
    assert first["next"] == second["next"] == datetime(2028, 7, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "zone", [ZoneInfo("UTC"), ZoneInfo("Etc/UTC"), timezone(timedelta(hours=2))]
)
def test_utc_or_a_zone_without_a_name_is_written_in_utc(zone: timezone | ZoneInfo) -> None:
    data = calendar_bytes([_event("plain", datetime(2027, 3, 28, 14, 0))], zone=zone)
    assert b"VTIMEZONE" not in data and b"TZID" not in data
    shift = zone.utcoffset(datetime(2027, 3, 28, 14, 0)) or timedelta()
    for starts in _starts(data):
        assert starts["plain"] == datetime(2027, 3, 28, 14, 0, tzinfo=UTC) - shift


def test_all_day_steps_need_no_vtimezone() -> None:
    data = calendar_bytes([_event("step", datetime(2027, 3, 28, 0, 0), all_day=True)], zone=LONDON)
    assert b"VTIMEZONE" not in data
    for starts in _starts(data):
        assert starts["step"] == date(2027, 3, 28)


@pytest.fixture
def zone_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set TZ for this process (time.tzset), and put the machine's back afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Europe/London", "Europe/London"),
        (":Asia/Tokyo", "Asia/Tokyo"),
        ("/usr/share/zoneinfo/Pacific/Chatham", "Pacific/Chatham"),
        ("Nowhere/Atlantis", None),
        ("UTC+3", None),  # a POSIX rule, not a name: times go in UTC
    ],
)
def test_the_machine_zone_is_named_from_tz(
    zone_env: pytest.MonkeyPatch, tz: str, expected: str | None
) -> None:
    zone_env.setenv("TZ", tz)
    time.tzset()
    found = machine_zone()
    assert (found.key if found else None) == expected


def test_the_machine_zone_follows_tz_into_the_file(zone_env: pytest.MonkeyPatch) -> None:
    zone_env.setenv("TZ", "Europe/London")
    time.tzset()
    data = calendar_bytes([_event("here", datetime(2027, 3, 28, 14, 0))])
    assert b"DTSTART;TZID=Europe/London:20270328T140000" in data


def test_a_stale_zone_file_is_not_believed(zone_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    zone_env.setenv("TZ", "Europe/London")
    time.tzset()
    zone_env.delenv("TZ")  # the clock stays London's; only the files are asked
    stale = tmp_path / "timezone"
    stale.write_text("Pacific/Kiritimati\n", encoding="utf-8")
    assert machine_zone(localtime=tmp_path / "none", timezone_file=stale) is None
    stale.write_text("Europe/London\n", encoding="utf-8")
    assert machine_zone(localtime=tmp_path / "none", timezone_file=stale) == LONDON
