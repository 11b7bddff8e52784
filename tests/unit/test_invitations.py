"""Reading an invitation's time: with its zone, as the user's wall-clock time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from nextround.analysis.invitations import ZONES, invite_stage, invite_time

RECEIVED = datetime(2026, 11, 10, 9, 0)


def local(when: datetime) -> datetime:
    """An aware moment on this machine's clock, as nextround stores every time."""
    return when.astimezone().replace(tzinfo=None)


def at(zone: str, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return local(datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Could you do 20 November at 2pm PST?", at("America/Los_Angeles", 2026, 11, 20, 14)),
        ("Interview: 20 November 2026, 14:00 CET", at("Europe/Paris", 2026, 11, 20, 14)),
        ("November 20 at 3:30 PM ET works for us", at("America/New_York", 2026, 11, 20, 15, 30)),
        ("20 Nov, 2-3pm PST", at("America/Los_Angeles", 2026, 11, 20, 14)),
        ("20th of November at 10am (BST)", at("Europe/London", 2026, 11, 20, 10)),
        ("20 November at 9:30 IST", at("Asia/Kolkata", 2026, 11, 20, 9, 30)),
        ("on 2026-11-20 14:30 EST", at("America/New_York", 2026, 11, 20, 14, 30)),
        (
            "20 November at 10:00 UTC+2",
            local(datetime(2026, 11, 20, 10, tzinfo=timezone(timedelta(hours=2)))),
        ),
        (
            "20 November at 10:00 GMT-05:30",
            local(datetime(2026, 11, 20, 10, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
        ),
        (
            "2026-11-20T14:30+05:00",
            local(datetime(2026, 11, 20, 14, 30, tzinfo=timezone(timedelta(hours=5)))),
        ),
        ("2026-11-20T09:30Z", local(datetime(2026, 11, 20, 9, 30, tzinfo=UTC))),
    ],
)
def test_a_time_with_a_zone_is_that_moment(text: str, expected: datetime) -> None:
    assert invite_time(text, received=RECEIVED) == expected


def test_an_abbreviation_names_the_regions_clock_all_year() -> None:
    # "EST" in July is how people write New York time; it is 2pm there, summer time and all
    july = datetime(2026, 7, 1, 9, 0)
    expected = at("America/New_York", 2026, 7, 20, 14)
    assert invite_time("20 July 2026 at 2pm EST", received=july) == expected
    assert invite_time("20 July 2026 at 2pm ET", received=july) == expected
    assert invite_time("20 July 2026 at 2pm EDT", received=july) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the old readings, without a zone: the user's own clock
        ("We would like to invite you on 20 November at 2pm.", datetime(2026, 11, 20, 14)),
        ("Are you free on November 20th at 10:15?", datetime(2026, 11, 20, 10, 15)),
        ("Would 20 November suit you?", datetime(2026, 11, 20, 9)),
        ("See you 2026-11-20 16:00", datetime(2026, 11, 20, 16)),
        ("See you 20 November at 12am", datetime(2026, 11, 20, 0)),
        ("20 November at 11-12pm", datetime(2026, 11, 20, 11)),
        # words that look like a zone but are not one
        ("20 November at 10 et 11", datetime(2026, 11, 20, 10)),
        ("20 November at 2pm pst", datetime(2026, 11, 20, 14)),
        ("20 November at 2pm XYZ", datetime(2026, 11, 20, 14)),
        ("20 November at 2pm ETA", datetime(2026, 11, 20, 14)),
    ],
)
def test_a_time_without_a_zone_is_the_users_own(text: str, expected: datetime) -> None:
    assert invite_time(text, received=RECEIVED) == expected


def test_what_is_not_an_upcoming_date_is_none_and_january_is_next_year() -> None:
    assert invite_time("Thanks for your time on 2 November.", received=RECEIVED) is None
    assert invite_time("Let's talk soon, at 2pm PST.", received=RECEIVED) is None
    assert invite_time("31 November at 2pm PST", received=RECEIVED) is None
    december = datetime(2026, 12, 20, 9, 0)
    assert invite_time("How about 5 January at 9am CET?", received=december) == at(
        "Europe/Paris", 2027, 1, 5, 9
    )


def test_every_abbreviation_names_a_zone_this_machine_knows() -> None:
    for name in set(ZONES.values()):
        ZoneInfo(name)


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("the process's zone can only be set on Unix")
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("paris")
def test_seen_from_paris() -> None:
    assert invite_time("20 November at 2pm PST", received=RECEIVED) == datetime(2026, 11, 20, 23)
    assert invite_time("20 November at 14:00 CET", received=RECEIVED) == datetime(2026, 11, 20, 14)
    # the day moves with the clock, and is still on or after the day it was received
    assert invite_time("20 November at 9am AEDT", received=RECEIVED) == datetime(2026, 11, 19, 23)


def test_the_round_is_read_too() -> None:
    assert invite_stage("Your final interview: 20 November at 2pm PST") == "final interview"
    assert invite_stage("A chat on 20 November") == "interview"
