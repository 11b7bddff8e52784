"""Read invitations from an iCalendar file saved from mail or a calendar.

A file that is not iCalendar, or holds no event with a start time, is one
clear ``InvalidInput`` line; times with a zone (``TZID`` or ``Z``) become this
machine's local time, floating times are taken as they are, and a date alone
is midnight of that day.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, tzinfo
from typing import Any

from icalendar import Calendar

from nextround.domain.errors import InvalidInput
from nextround.domain.events import Invitation

log = logging.getLogger(__name__)

MAX_ICS_BYTES = 2_000_000  # an invitation is a few kilobytes; a calendar dump is not one


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _address(value: Any) -> tuple[str, str]:
    """(name, email) of an ORGANIZER or ATTENDEE property."""
    email = str(value)
    if email.lower().startswith("mailto:"):
        email = email[len("mailto:") :]
    name = str(getattr(value, "params", {}).get("CN", "")).strip().strip('"')
    return name, email.strip().lower()


def _local(value: date | datetime, zone: tzinfo | None) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time())
    if value.tzinfo is None:
        return value
    local = value.astimezone(zone) if zone is not None else value.astimezone()
    return local.replace(tzinfo=None)


def _invitation(event: Any, method: str, zone: tzinfo | None) -> Invitation | None:
    start = event.get("dtstart")
    uid = _text(event, "uid")
    if start is None or not uid:
        return None
    attendees = event.get("attendee") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    organizer = event.get("organizer")
    org_name, org_email = _address(organizer) if organizer is not None else ("", "")
    try:
        sequence = int(str(event.get("sequence", 0)))
    except ValueError:
        sequence = 0
    return Invitation(
        uid=uid[:500],
        sequence=sequence,
        summary=_text(event, "summary"),
        starts_at=_local(start.dt, zone),
        organizer_email=org_email,
        organizer_name=org_name,
        attendees=tuple(_address(a) for a in attendees),
        location=_text(event, "location"),
        description=str(event.get("description", "")).strip(),
        cancelled=method == "CANCEL" or _text(event, "status").upper() == "CANCELLED",
    )


def read_invitations(data: bytes, *, zone: tzinfo | None = None) -> list[Invitation]:
    """Every event in the file that has a UID and a start, in file order."""
    if len(data) > MAX_ICS_BYTES:
        raise InvalidInput(
            f"the file is larger than {MAX_ICS_BYTES // 1_000_000} MB: "
            "save the one invitation, not a whole calendar"
        )
    if not data.strip():
        raise InvalidInput("the file is empty: save the invitation (.ics) from your mail again")
    try:
        cal = Calendar.from_ical(data.decode("utf-8-sig", errors="replace"))
        found = [
            _invitation(event, _text(cal, "method").upper(), zone) for event in cal.walk("VEVENT")
        ]
    except Exception as err:  # icalendar's errors have no common base; any is a bad file
        log.debug("unreadable iCalendar file", exc_info=True)
        raise InvalidInput(
            f"not a calendar invitation nextround can read ({str(err).splitlines()[0][:120]})"
        ) from err
    invitations = [i for i in found if i is not None]
    if not invitations:
        raise InvalidInput("the file holds no event with a start time and a UID to record")
    return invitations
