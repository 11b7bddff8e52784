"""Write calendar events as an iCalendar file (RFC 5545), times in the user's zone.

Times in the database are naive local times. They are written in the zone
they are in, by its IANA name (``DTSTART;TZID=Europe/Paris:20261118T140000``)
with the VTIMEZONE that defines it (icalendar builds it from zoneinfo for the
years the events span), so an interview at 14:00 in Paris shows at 14:00 in
Paris and at 13:00 in London, and stays at 14:00 across a change of clocks.
When the zone has no IANA name (``ics.zone``) or is UTC itself, times go in
UTC (the ``Z`` form), which every calendar reads. DTSTAMP is always UTC.
Feedback steps are all-day events: "send the request by Wednesday" has a day,
not an hour. Events, never VTODO: Google Calendar ignores to-dos.

The zone is how times are written, not what they are: it is not part of an
event's content hash, so writing the same events in another form does not
raise their SEQUENCE.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from nextround import __version__
from nextround.domain.events import CalendarEvent
from nextround.ics.zone import is_utc, machine_zone

PRODID = f"-//nextround//nextround {__version__}//EN"


def to_utc(value: datetime, zone: tzinfo | None = None) -> datetime:
    """A naive local time as an aware UTC time (``zone`` None: this machine's zone)."""
    aware = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
    return aware.astimezone(UTC)


def _named(zone: tzinfo | None) -> ZoneInfo | None:
    """The zone to name in TZID, or None to write UTC (``zone`` None: this machine's)."""
    if zone is None:
        zone = machine_zone()
    if isinstance(zone, ZoneInfo) and not is_utc(zone):
        return zone
    return None


def _timed(value: datetime, zone: tzinfo | None, named: ZoneInfo | None) -> datetime:
    return value.replace(tzinfo=named) if named is not None else to_utc(value, zone)


@lru_cache(maxsize=16)
def _vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """The zone's VTIMEZONE for those years (costly to build: a feed is fetched often)."""
    return Timezone.from_tzinfo(
        zone, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def _event(item: CalendarEvent, zone: tzinfo | None, named: ZoneInfo | None) -> Event:
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
        start = _timed(planned.starts_at, zone, named)
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
    named = _named(zone)
    for item in events:
        cal.add_component(_event(item, zone, named))
    timed = [e.event.starts_at for e in events if not e.event.all_day]
    if named is not None and timed:
        # the end of the last one may fall in the next year
        last = max(timed) + timedelta(days=1)
        cal.subcomponents.insert(0, _vtimezone(named, min(timed).year, last.year))
    return bytes(cal.to_ical())
