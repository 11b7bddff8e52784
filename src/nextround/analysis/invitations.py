"""Reading an invitation: the interview time it names and the round it is for.

A time with a zone ("2pm PST", "14:00 CET", "3:30 PM ET", "10:00 UTC+2") is
that moment, stored like every other time nextround keeps: the user's local
wall-clock time. A time without one is taken as the user's own clock.

An abbreviation names a region's clock, not a fixed offset: "2pm EST" on a
July date is 2pm in New York (people write EST, PST or CET all year), so
each maps to the region's zone and its summer time applies when in force.
Only the abbreviations below are read; any other is ignored, not guessed.

Nothing here touches a database or the network.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nextround.domain.calendar import MONTHS

# what people write after a time, to the zone whose clock they mean
ZONES: dict[str, str] = {
    "UTC": "UTC",
    "GMT": "UTC",
    "Z": "UTC",
    # North America
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CT": "America/Chicago",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "HST": "Pacific/Honolulu",
    "AST": "America/Halifax",
    "ADT": "America/Halifax",
    "NST": "America/St_Johns",
    "NDT": "America/St_Johns",
    # Europe and Africa
    "BST": "Europe/London",
    "UK": "Europe/London",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "MSK": "Europe/Moscow",
    "SAST": "Africa/Johannesburg",
    "WAT": "Africa/Lagos",
    "EAT": "Africa/Nairobi",
    # Asia and Oceania
    "GST": "Asia/Dubai",
    "IST": "Asia/Kolkata",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "AWST": "Australia/Perth",
    "ACST": "Australia/Adelaide",
    "ACDT": "Australia/Adelaide",
    "AET": "Australia/Sydney",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
}
# an abbreviation is upper case and stands alone ("ET", never the French "et");
# UTC and GMT may carry an offset: "UTC+2", "GMT-05:00", "UTC+5:30"
_NAMED_ZONE = (
    r"\s*\(?(?-i:(?P<zone>"
    + "|".join(sorted((z for z in ZONES if z != "Z"), key=len, reverse=True))
    + r"))(?:\s?(?P<offset>[+\-−]\d{1,2}(?::?\d{2})?))?\)?(?![\w+\-])"
)
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_AMPM = r"am|pm|a\.m\.|p\.m\."
_TIME = (
    r"(?:,?\s*(?:at|@|from)?\s*(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?"
    rf"\s*(?P<ampm>{_AMPM})?(?![\d/])"
    # the end of a range, whose am/pm and zone are the start's: "2-3pm PST", "2pm to 3pm ET"
    rf"(?:\s*(?:-|–|to|until)\s*(?P<endhour>\d{{1,2}})(?:[:.]\d{{2}})?\s*(?P<endampm>{_AMPM})?"
    r"(?![\d/]))?" + f"(?:{_NAMED_ZONE})?)?"
)
_YEAR = r"(?:,?\s+(?P<year>20\d\d))?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(
        r"\b(?P<year>20\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)"
        r"(?:[ T](?P<hour>\d\d):(?P<minute>\d\d)(?::\d\d)?"
        r"(?:(?P<iso>Z|[+-]\d\d:?\d\d)(?![\w:])|" + _NAMED_ZONE + r")?)?"
    ),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR + _TIME, re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + _YEAR + _TIME, re.IGNORECASE),
)
_STAGES = (
    ("final", "final interview"),
    ("onsite", "onsite interview"),
    ("on-site", "onsite interview"),
    ("panel", "panel interview"),
    ("technical", "technical interview"),
    ("case", "case interview"),
    ("phone screen", "phone screen"),
    ("screening call", "phone screen"),
    ("second round", "second round"),
    ("first round", "first round"),
)


def invite_stage(text: str) -> str:
    low = text.casefold()
    for cue, stage in _STAGES:
        if cue in low:
            return stage
    return "interview"


def invite_time(text: str, *, received: datetime) -> datetime | None:
    """The interview time an invitation names, if it names one on or after ``received``.

    As local wall-clock time without a zone (``received`` is too), like every
    time nextround stores: "20 November at 2pm PST" is 23:00 for a user in Paris.
    """
    for pattern in _DATE_PATTERNS:
        for found in pattern.finditer(text[:5000]):
            when = _to_datetime(found, received=received)
            if when is not None and when.date() >= received.date():
                return when
    return None


def _to_datetime(found: re.Match[str], *, received: datetime) -> datetime | None:
    parts = found.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS[parts["month"].lower()]
    year = int(parts["year"]) if parts.get("year") else received.year
    hour = _hour(parts) if parts.get("hour") else 9
    minute = int(parts["minute"]) if parts.get("minute") else 0
    try:
        when = datetime(year, month, int(parts["day"]), hour, minute)
    except ValueError:
        return None
    if not parts.get("year") and (received - when).days > 180:
        try:  # "5 January" written in December
            when = when.replace(year=year + 1)
        except ValueError:
            return None
    zone = _zone(parts)
    if zone is None:
        return when
    try:  # that moment on the user's clock
        return when.replace(tzinfo=zone).astimezone().replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def _hour(parts: dict[str, str | None]) -> int:
    """The hour on a 24-hour clock: "2pm" is 14, and so is the 2 of "2-3pm"."""
    hour = int(parts["hour"] or 0)
    ampm = _twelve(parts.get("ampm"))
    if ampm == "pm" and hour < 12:
        return hour + 12
    if ampm == "am" and hour == 12:
        return 0
    end = _twelve(parts.get("endampm"))
    if ampm or not end or not parts.get("endhour") or hour > 12:
        return hour
    end_hour = int(parts["endhour"] or 0) % 12 + (12 if end == "pm" else 0)
    # the later of 2:00 and 14:00 that starts before the range ends
    return hour % 12 + 12 if hour % 12 + 12 < end_hour else hour % 12


def _twelve(text: str | None) -> str:
    return (text or "").replace(".", "").lower()


def _zone(parts: dict[str, str | None]) -> tzinfo | None:
    """The zone named after the time ("PST", "UTC+2", "+05:00"), or None for the user's own."""
    offset = parts.get("iso") or ""
    if offset in ("", "Z"):
        name = "UTC" if offset == "Z" else ZONES.get(parts.get("zone") or "", "")
        offset = (parts.get("offset") or "") if name == "UTC" else ""
        if not offset:
            return _named(name) if name else None
    sign, digits = (-1 if offset[0] in "-−" else 1), offset[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    shift = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(sign * shift) if shift < timedelta(hours=15) else None


@cache
def _named(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # no time zone data: the user's own clock
        return None
