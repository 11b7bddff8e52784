"""Write calendar events as an iCalendar file (RFC 5545), times in UTC.

Times in the database are naive local times. They are written in UTC (the
``Z`` form), which every calendar reads and converts to its own zone, so an
interview at 14:00 in Paris shows at 14:00 in Paris and at 13:00 in London.
Feedback steps are all-day events: "send the request by Wednesday" has a day,
not an hour. Events, never VTODO: Google Calendar ignores to-dos.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from nextround import __version__
from nextround.domain.events import CalendarEvent

PRODID = f"-//nextround//nextround {__version__}//EN"


def to_utc(value: datetime, zone: tzinfo | None = None) -> datetime:
    """A naive local time as an aware UTC time (``zone`` None: this machine's zone)."""
    aware = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
    return aware.astimezone(UTC)


def _event(item: CalendarEvent, zone: tzinfo | None) -> Event:
    planned = item.event
    event = Event()
    event.add("uid", planned.uid)
    event.add("dtstamp", to_utc(item.stamp, zone))
    event.add("sequence", item.sequence)
    event.add("summary", planned.title)
    if planned.all_day:
        day = planned.starts_at.date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    else:
        start = to_utc(planned.starts_at, zone)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=planned.minutes))
    if item.cancelled:
        event.add("status", "CANCELLED")
        return event
    event.add("status", "CONFIRMED")
    if planned.description:
        event.add("description", planned.description)
    for name, email in planned.attendees:
        # every interviewer is named in the description; those with an address are guests too
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    if planned.alarm_minutes is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", planned.title)
        alarm.add("trigger", timedelta(minutes=-planned.alarm_minutes))
        event.add_component(alarm)
    return event


def calendar_bytes(
    events: Sequence[CalendarEvent], *, name: str = "nextround", zone: tzinfo | None = None
) -> bytes:
    """The whole calendar as bytes, ready for a file or an HTTP answer."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in events:
        cal.add_component(_event(item, zone))
    return bytes(cal.to_ical())
